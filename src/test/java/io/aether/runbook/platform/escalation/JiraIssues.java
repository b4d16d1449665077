package io.aether.runbook.platform.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issues of the local Jira as a post-incident review sees them: the seeded incident under review, the incident
 * the escalation stubs file, the follow-up tasks created during the run, and, per issue, the attachments and links
 * it received. Answers reading an issue, uploading to one (the XSRF header is checked by the stub before this
 * runs), creating and searching follow-ups and linking issues, as Jira's REST API v2 does.
 */
final class JiraIssues implements ResponseDefinitionTransformerV2 {

    static final String NAME = "jira-issues";
    /** The incident the local platform's review is run for; any other key is unknown, as in a real Jira. */
    static final String SEEDED_INCIDENT = "INC-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ISSUE = Pattern.compile(".*/rest/api/2/issue/([A-Z][A-Z0-9_]+-[0-9]+)(/attachments)?");

    private final Map<String, ObjectNode> issues = new LinkedHashMap<>();
    private final Map<String, Integer> nextNumber = new LinkedHashMap<>();
    private int nextAttachmentId = 10400;

    /** @param escalationIncident the key the escalation stubs give the incident they file, so it takes uploads */
    JiraIssues(String escalationIncident) {
        issues.put(SEEDED_INCIDENT, issue(SEEDED_INCIDENT, "Incident", "risk API P99 latency above 500 ms (SEV-2)"));
        issues.put(escalationIncident, issue(escalationIncident, "Incident", "filed by the runbook's escalation"));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String path = URI.create(request.getUrl()).getPath();
        try {
            if (path.endsWith("/issueLink")) {
                return link(JSON.readTree(request.getBodyAsString()));
            }
            if (path.endsWith("/search/jql")) {
                return search(request.queryParameter("jql"));
            }
            if (path.endsWith("/rest/api/2/issue")) {
                return create(JSON.readTree(request.getBodyAsString()));
            }
            Matcher issue = ISSUE.matcher(path);
            if (issue.matches() && issues.containsKey(issue.group(1))) {
                return issue.group(2) == null ? answer(200, issues.get(issue.group(1)))
                        : attach(issues.get(issue.group(1)), request);
            }
            return answer(404, error("Issue does not exist or you do not have permission to see it."));
        } catch (IOException | RuntimeException malformed) {
            return answer(400, error("The request body is not valid: " + malformed.getMessage()));
        }
    }

    private ResponseDefinition create(JsonNode body) {
        JsonNode fields = body.path("fields");
        String project = fields.path("project").path("key").asText();
        if (project.isEmpty() || fields.path("summary").asText().isBlank()) {
            return answer(400, JSON.createObjectNode().<ObjectNode>set("errorMessages", JSON.createArrayNode())
                    .set("errors", JSON.createObjectNode().put("summary", "You must specify a summary of the issue.")));
        }
        int number = nextNumber.merge(project, 1, Integer::sum) + 100;
        String key = project + "-" + number;
        ObjectNode issue = issue(key, fields.path("issuetype").path("name").asText("Task"),
                fields.path("summary").asText());
        ObjectNode issueFields = (ObjectNode) issue.get("fields");
        issueFields.set("labels", fields.path("labels"));
        issueFields.put("duedate", fields.path("duedate").asText(null));
        issueFields.set("assignee", fields.path("assignee"));
        issues.put(key, issue);
        return answer(201, JSON.createObjectNode().put("id", String.valueOf(20000 + issues.size())).put("key", key)
                .put("self", "/rest/api/2/issue/" + key));
    }

    private ResponseDefinition attach(ObjectNode issue, Request request) {
        if (!request.isMultipart() || request.getParts() == null || request.getParts().isEmpty()) {
            return answer(400, error("The request does not contain a multipart file named 'file'."));
        }
        ArrayNode created = JSON.createArrayNode();
        ArrayNode attachments = (ArrayNode) issue.get("fields").get("attachment");
        for (Request.Part part : request.getParts()) {
            if (!"file".equals(part.getName())) {
                continue;
            }
            ObjectNode attachment = JSON.createObjectNode().put("id", String.valueOf(nextAttachmentId++))
                    .put("filename", part.getFileName())
                    .put("size", part.getBody().asBytes().length)
                    .put("mimeType", part.getHeader("Content-Type").isPresent()
                            ? part.getHeader("Content-Type").firstValue() : "application/octet-stream");
            attachments.add(attachment);
            created.add(attachment);
        }
        return created.isEmpty() ? answer(400, error("The request does not contain a multipart file named 'file'."))
                : answer(200, created);
    }

    private ResponseDefinition link(JsonNode body) {
        String type = body.path("type").path("name").asText();
        String inward = body.path("inwardIssue").path("key").asText();
        String outward = body.path("outwardIssue").path("key").asText();
        if (!issues.containsKey(inward) || !issues.containsKey(outward)) {
            return answer(404, error("Issue Does Not Exist"));
        }
        ObjectNode link = JSON.createObjectNode().put("type", type);
        link.putObject("inwardIssue").put("key", inward);
        link.putObject("outwardIssue").put("key", outward);
        ((ArrayNode) issues.get(inward).get("fields").get("issuelinks")).add(link.deepCopy());
        ((ArrayNode) issues.get(outward).get("fields").get("issuelinks")).add(link);
        return new ResponseDefinitionBuilder().withStatus(201).build();
    }

    /** Only the follow-up search is answered here: {@code labels = "followup-KEY"}. */
    private ResponseDefinition search(QueryParameter jql) {
        Matcher label = Pattern.compile("labels = \"([^\"]+)\"").matcher(jql.isPresent() ? jql.firstValue() : "");
        ArrayNode found = JSON.createArrayNode();
        if (label.find()) {
            for (ObjectNode issue : issues.values()) {
                for (JsonNode value : issue.path("fields").path("labels")) {
                    if (value.asText().equals(label.group(1))) {
                        found.add(issue);
                    }
                }
            }
        }
        ObjectNode body = JSON.createObjectNode().put("isLast", true);
        body.set("issues", found);
        return answer(200, body);
    }

    private static ObjectNode issue(String key, String type, String summary) {
        ObjectNode issue = JSON.createObjectNode().put("id", String.valueOf(Math.abs(key.hashCode()) % 90000 + 10000))
                .put("key", key);
        ObjectNode fields = issue.putObject("fields").put("summary", summary);
        fields.putObject("issuetype").put("name", type);
        fields.putObject("status").put("name", "Open");
        fields.putArray("attachment");
        fields.putArray("issuelinks");
        return issue;
    }

    /** The file names attached to {@code key}, oldest first; empty for an unknown issue. */
    synchronized List<String> attachments(String key) {
        List<String> names = new ArrayList<>();
        ObjectNode issue = issues.get(key);
        if (issue != null) {
            issue.path("fields").path("attachment").forEach(attachment -> names.add(attachment.path("filename")
                    .asText()));
        }
        return names;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errorMessages").add(message);
        body.putObject("errors");
        return body;
    }

    private static ResponseDefinition answer(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
