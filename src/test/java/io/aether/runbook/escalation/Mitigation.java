package io.aether.runbook.escalation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mitigation a breach implies: the runbook step its failure message sends the operator to, or, when the
 * message names none, the step the check's runbook section starts from. Pure.
 */
public final class Mitigation {

    private static final Pattern STEP = Pattern.compile("runbook (\\d+(?:\\.\\d+)?) ([^.;:()\\n]+)");

    private Mitigation() {
    }

    public static String of(CheckOutcome check) {
        Matcher step = STEP.matcher(check.message());
        if (step.find()) {
            return "runbook " + step.group(1) + " " + step.group(2).strip();
        }
        if (check.tags().contains("slo")) {
            return "runbook 2.1 Check FastAPI services, then 2.2 Inspect ingress routing";
        }
        if (check.tags().contains("freshness")) {
            return "runbook 3.1 Query TimescaleDB for the latest market tick, then 2.3 Validate Kafka/NATS"
                    + " connectivity from the ingestor pod";
        }
        return "runbook 4 Incident response and escalation";
    }
}
