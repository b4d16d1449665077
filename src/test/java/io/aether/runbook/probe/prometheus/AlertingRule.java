package io.aether.runbook.probe.prometheus;

import java.time.Duration;
import java.util.Map;

/**
 * One alerting rule as Prometheus has loaded it ({@code /api/v1/rules}): its expression as Prometheus prints it,
 * its {@code for}, its labels and whether its last evaluation worked.
 *
 * @param pendingFor the rule's {@code for}: how long the expression must hold before the alert fires
 * @param health {@code ok}, {@code err} or {@code unknown} (not yet evaluated)
 * @param lastError the last evaluation's error, empty when none
 */
public record AlertingRule(
        String group,
        String name,
        String query,
        Duration pendingFor,
        Map<String, String> labels,
        String health,
        String lastError) {

    public AlertingRule {
        labels = Map.copyOf(labels);
        lastError = lastError == null ? "" : lastError;
    }
}
