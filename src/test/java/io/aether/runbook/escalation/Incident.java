package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The incident a breaching run files: a summary, a description referencing each breach's Prometheus alert ID
 * (or saying that no alert fired), and labels. {@code runLabel} marks every incident of one environment, so a
 * rerun while it is still open adds to it instead of filing another. Pure.
 */
public record Incident(String project, String issueType, String summary, String description, List<String> labels,
        String runLabel) {

    private static final int MAX_SUMMARY = 255;

    public Incident {
        labels = List.copyOf(labels);
    }

    public static Incident of(EscalationPlan plan, Map<String, AlertEvidence> alerts,
            Environment.Escalation.Jira jira, ReportLocation report, Instant at) {
        String runLabel = EscalationPlan.PROJECT + "-" + plan.environment();
        List<String> labels = new ArrayList<>(List.of(EscalationPlan.PROJECT, runLabel));
        plan.breaches().stream().map(Breach::severity).distinct().forEach(labels::add);
        return new Incident(jira.project(), jira.issueType(), summary(plan), description(plan, alerts, report, at),
                labels, runLabel);
    }

    static String summary(EscalationPlan plan) {
        Breach first = plan.breaches().get(0);
        int more = plan.breaches().size() - 1;
        String text = CheckOutcome.spelled(first.severity()) + " " + plan.environment() + ": "
                + first.check().displayName() + " breached" + (more > 0 ? " (+" + more + " more)" : "");
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 3) + "...";
    }

    static String description(EscalationPlan plan, Map<String, AlertEvidence> alerts, ReportLocation report,
            Instant at) {
        StringBuilder text = new StringBuilder().append("The runbook suite found ").append(plan.breaches().size())
                .append(" breached check(s) in environment ").append(plan.environment()).append(" at ").append(at)
                .append(".\n");
        for (Breach breach : plan.breaches()) {
            CheckOutcome check = breach.check();
            AlertEvidence alert = alerts.getOrDefault(check.checkId(), AlertEvidence.unmapped());
            text.append("\n").append(CheckOutcome.spelled(breach.severity())).append(" ").append(check.checkId())
                    .append(" (").append(check.displayName()).append(")\n")
                    .append("Observed: ").append(check.message()).append('\n')
                    .append("Prometheus alert: ").append(alert.describe(check.checkId())).append('\n')
                    .append("Alert ID: ").append(alert.alertId()).append('\n')
                    .append("PagerDuty: ").append(breach.pages() ? "paged, dedup key " + breach.dedupKey()
                            : "not paged, the policy only notifies for " + breach.severity()).append('\n')
                    .append("Mitigation: ").append(Mitigation.of(check)).append('\n');
        }
        text.append("\nReport: ").append(report.rendered()
                ? "the run's single-file Allure report is attached (" + report.link() + ")"
                : "the run's single-file Allure report is rendered after the test run ends, so it could not be"
                        + " attached here; it will be at " + report.link());
        return text.toString();
    }

    /** The body of Jira's {@code POST /rest/api/2/issue}. */
    public ObjectNode createBody() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", project);
        fields.putObject("issuetype").put("name", issueType);
        fields.put("summary", summary);
        fields.put("description", description);
        labels.forEach(fields.putArray("labels")::add);
        return body;
    }

    /** The body of Jira's {@code POST /rest/api/2/issue/{key}/comment}, for a rerun while the incident is open. */
    public ObjectNode commentBody() {
        return JsonNodeFactory.instance.objectNode().put("body", "Rerun: " + summary + "\n\n" + description);
    }
}
