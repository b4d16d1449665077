package io.aether.runbook.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.escalation.JiraTracker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files the review's remediations as follow-up tasks linked to the incident (runbook 5.4), in the incident's own
 * project. Each task carries the label {@code followup-KEY}, by which a rerun finds the tasks already filed and
 * does not file them twice. The owner becomes the assignee by user name, which Jira Data Center takes; Jira Cloud
 * wants an account ID there, so on Cloud the owner has to be written as one.
 */
public final class FollowUpTasks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JiraTracker jira;
    private final Environment.Postmortem.FollowUps config;

    public FollowUpTasks(JiraTracker jira, Environment.Postmortem.FollowUps config) {
        this.jira = jira;
        this.config = config;
    }

    public static String label(String incidentKey) {
        return "followup-" + incidentKey;
    }

    public List<FollowUp> file(IncidentWindow incident, List<Remediation> remediations) {
        String label = label(incident.key());
        Map<String, String> filed = filed(jira.search("labels = \"" + label + "\"", "summary"));
        String project = incident.key().substring(0, incident.key().lastIndexOf('-'));
        List<FollowUp> followUps = new ArrayList<>();
        for (Remediation remediation : remediations) {
            String existing = filed.get(remediation.title());
            if (existing != null) {
                followUps.add(new FollowUp(remediation, existing, true, null, null));
                continue;
            }
            Delivery create = jira.create(body(project, label, incident, remediation));
            Optional<String> key = create.delivered() ? keyOf(create.body()) : Optional.empty();
            Delivery link = key.map(created -> jira.link(config.linkType(), created, incident.key())).orElse(null);
            followUps.add(new FollowUp(remediation, key.orElse(null), false, create, link));
        }
        return followUps;
    }

    private ObjectNode body(String project, String label, IncidentWindow incident, Remediation remediation) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", project);
        fields.put("summary", remediation.title());
        fields.putObject("issuetype").put("name", config.issueType());
        fields.putObject("assignee").put("name", remediation.owner());
        fields.put("duedate", remediation.due().toString());
        fields.putArray("labels").add("aether-runbook").add(label);
        fields.put("description", "Follow-up of " + incident.key() + " (incident window " + incident.span()
                + "), agreed in its post-incident review: remediations.yaml line " + remediation.line() + ".");
        return body;
    }

    /** Summaries to keys of the follow-ups already filed; empty when the search got no answer. */
    private static Map<String, String> filed(Delivery search) {
        Map<String, String> filed = new HashMap<>();
        if (!search.delivered()) {
            return filed;
        }
        try {
            for (JsonNode issue : JSON.readTree(search.body()).path("issues")) {
                filed.put(issue.path("fields").path("summary").asText(), issue.path("key").asText());
            }
        } catch (IOException notJson) {
            return filed;
        }
        return filed;
    }

    private static Optional<String> keyOf(String body) {
        try {
            return Optional.of(JSON.readTree(body).path("key").asText()).filter(key -> !key.isEmpty());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
