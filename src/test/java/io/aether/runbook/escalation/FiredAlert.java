package io.aether.runbook.escalation;

import java.util.Map;

/**
 * One active alert as Alertmanager's {@code /api/v2/alerts} returns it; its fingerprint is the alert ID an
 * incident references.
 */
public record FiredAlert(String alertName, String fingerprint, String startsAt, String generatorUrl,
        Map<String, String> labels) {

    public FiredAlert {
        labels = Map.copyOf(labels);
    }
}
