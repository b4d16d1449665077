package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * PagerDuty Events API v2 bodies: a {@code trigger} per breach that pages, at the severity its SEV level maps to,
 * and a {@code resolve} with the same dedup key once the check passes again. Pure.
 */
public final class PagerDutyEvents {

    private static final int MAX_SUMMARY = 1024;

    private PagerDutyEvents() {
    }

    /** PagerDuty's severity for a SEV level: SEV-1 critical, SEV-2 error, SEV-3 warning, lower info. */
    public static String severity(String sev) {
        return switch (sev) {
            case "sev1" -> "critical";
            case "sev2" -> "error";
            case "sev3" -> "warning";
            default -> "info";
        };
    }

    public static ObjectNode trigger(Breach breach, AlertEvidence alert, String environment, String routingKey,
            ReportLocation report, Instant at) {
        CheckOutcome check = breach.check();
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", "trigger");
        event.put("dedup_key", breach.dedupKey());
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", summary(breach, environment));
        payload.put("source", EscalationPlan.PROJECT + "/" + environment);
        payload.put("severity", severity(breach.severity()));
        payload.put("timestamp", at.toString());
        payload.put("component", check.simpleClassName());
        payload.put("group", environment);
        payload.put("class", CheckOutcome.spelled(breach.severity()));
        ObjectNode details = payload.putObject("custom_details");
        details.put("check", check.checkId());
        details.put("check_name", check.displayName());
        details.put("severity", CheckOutcome.spelled(breach.severity()));
        details.put("environment", environment);
        details.put("observed", check.message());
        details.put("alert", alert.describe(check.checkId()));
        details.put("alert_id", alert.alertId());
        details.put("mitigation", Mitigation.of(check));
        details.put("report", report.link());
        return event;
    }

    public static ObjectNode resolve(Breach passed, String routingKey) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("routing_key", routingKey);
        event.put("event_action", "resolve");
        event.put("dedup_key", passed.dedupKey());
        return event;
    }

    /** "SEV-2 in prod: risk API P99 ... breached: expected ..., observed ..." within PagerDuty's 1024 characters. */
    static String summary(Breach breach, String environment) {
        String firstLine = breach.check().message().lines().findFirst().orElse("").strip();
        String text = CheckOutcome.spelled(breach.severity()) + " in " + environment + ": "
                + breach.check().displayName() + " breached" + (firstLine.isEmpty() ? "" : ": " + firstLine);
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
