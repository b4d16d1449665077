package io.aether.runbook.verdict.slo;

import io.aether.runbook.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The runbook steps the section 4 checks send an operator to, and how their numbers read in messages. */
final class SloSteps {

    static final String ESCALATION = "runbook 4 Incident response and escalation";
    static final String FASTAPI = "runbook 2.1 Check FastAPI services";
    static final String INGRESS = "runbook 2.2 Inspect ingress routing via Grafana or curl";
    static final String LATEST_TICK = "runbook 3.1 Query TimescaleDB for the latest market tick";

    private SloSteps() {
    }

    /** A latency in seconds as Prometheus gives it, for people: {@code 897ms}, {@code 4.5ms}, NaN, +Inf. */
    static String seconds(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        double ms = value * 1000;
        return Math.abs(ms) < 10 ? String.format(Locale.ROOT, "%.1fms", ms) : Math.round(ms) + "ms";
    }

    /** An evaluation time to the second, as the report and Prometheus's UI show it. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String duration(Duration duration) {
        return Durations.format(duration);
    }
}
