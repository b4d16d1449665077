package io.aether.runbook.escalation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What Alertmanager said about the Prometheus alert a breached check should have fired. "No alert fired" is a
 * finding of its own: the alert rules missed a breach the suite saw.
 *
 * @param alertName the configured alert name, or {@code null} when the environment maps none to the check
 * @param firing the active alerts of that name, empty when none fired
 * @param unreachable why Alertmanager could not be asked; {@code null} when it answered
 */
public record AlertEvidence(String alertName, List<FiredAlert> firing, String unreachable) {

    public AlertEvidence {
        firing = List.copyOf(firing);
    }

    public static AlertEvidence unmapped() {
        return new AlertEvidence(null, List.of(), null);
    }

    public static AlertEvidence answered(String alertName, List<FiredAlert> firing) {
        return new AlertEvidence(alertName, firing, null);
    }

    public static AlertEvidence unreachable(String alertName, String reason) {
        return new AlertEvidence(alertName, List.of(), reason);
    }

    public boolean fired() {
        return !firing.isEmpty();
    }

    /** The alert IDs (Alertmanager fingerprints), comma-separated, or {@code none}. */
    public String alertId() {
        return fired() ? firing.stream().map(FiredAlert::fingerprint).collect(Collectors.joining(", ")) : "none";
    }

    /** One sentence for Slack, the incident and PagerDuty's details. */
    public String describe(String checkId) {
        if (alertName == null) {
            return "no alert ID: no Prometheus alert name is configured for check " + checkId
                    + " (escalation.alertmanager.alertNames)";
        }
        if (unreachable != null) {
            return "alert ID unknown: Alertmanager could not be asked about " + alertName + " (" + unreachable + ")";
        }
        if (!fired()) {
            return "no alert fired: Alertmanager has no active alert " + alertName
                    + ", so the alert rules did not fire for this breach";
        }
        return "Prometheus alert " + alertName + " is firing, alert ID " + alertId() + " (since "
                + firing.get(0).startsAt() + ")";
    }
}
