package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The one Slack incoming-webhook message of a run that breached: each breach with its severity, alert ID and the
 * mitigation it implies, whether the on-call was paged, and the report link. Pure.
 */
public final class SlackMessage {

    private SlackMessage() {
    }

    /** @param alerts the Alertmanager evidence per breached check, by check ID */
    public static ObjectNode of(EscalationPlan plan, Map<String, AlertEvidence> alerts, String channel,
            ReportLocation report, Instant at) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("channel", channel);
        message.put("username", EscalationPlan.PROJECT);
        message.put("text", text(plan, alerts, report, at));
        return message;
    }

    static String text(EscalationPlan plan, Map<String, AlertEvidence> alerts, ReportLocation report, Instant at) {
        int count = plan.breaches().size();
        StringBuilder text = new StringBuilder()
                .append(":rotating_light: *").append(EscalationPlan.PROJECT).append(": ").append(count)
                .append(count == 1 ? " breach" : " breaches").append(" in ").append(plan.environment())
                .append("* (run at ").append(at).append(")\n");
        for (Breach breach : plan.breaches()) {
            CheckOutcome check = breach.check();
            AlertEvidence alert = alerts.getOrDefault(check.checkId(), AlertEvidence.unmapped());
            text.append("\u2022 *").append(CheckOutcome.spelled(breach.severity())).append("* ")
                    .append(check.displayName()).append(" (`").append(check.checkId()).append("`)\n")
                    .append("   observed: ").append(check.message().lines().findFirst().orElse("").strip())
                    .append('\n')
                    .append("   alert: ").append(alert.describe(check.checkId())).append('\n')
                    .append("   on-call: ").append(breach.pages()
                            ? "paged through PagerDuty, dedup key `" + breach.dedupKey() + "`"
                            : "not paged (the policy only notifies for " + breach.severity() + ")")
                    .append('\n')
                    .append("   mitigation under way: ").append(Mitigation.of(check)).append('\n');
        }
        text.append("Report: ").append(report.link());
        return text.toString();
    }
}
