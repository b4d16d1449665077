package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Files incidents in Jira through its REST API v2: looks for the environment's incident that is still open, comments
 * on it or creates a new one, then attaches the report with the XSRF opt-out header Jira's attachment API demands.
 * The post-incident review uses the same client to read an issue, attach files, comment, create and link issues.
 * The search uses {@code /rest/api/2/search/jql}, Jira Cloud's; Jira Data Center names it {@code /rest/api/2/search},
 * so a Data Center tracker would need that path instead.
 */
public final class JiraTracker implements IncidentTracker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Optional<String> authorization;
    private final DeliveryClient client;

    /** @param user the API user, or {@code null} for a server that needs none (the local fake) */
    public JiraTracker(String url, String user, String token, DeliveryClient client) {
        this.base = url.replaceAll("/+$", "");
        this.authorization = user == null || token == null ? Optional.empty() : Optional.of("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)));
        this.client = client;
    }

    @Override
    public IncidentReceipt file(Incident incident, ReportLocation report) {
        List<Delivery> calls = new ArrayList<>();
        Delivery search = openIncident(incident);
        calls.add(search);
        Optional<String> open = search.delivered() ? firstKey(search.body()) : Optional.empty();
        String key;
        if (open.isPresent()) {
            key = open.get();
            calls.add(post("Jira comment on " + key, "/rest/api/2/issue/" + key + "/comment",
                    incident.commentBody().toString(), 201));
        } else {
            Delivery created = post("Jira create incident in " + incident.project(), "/rest/api/2/issue",
                    incident.createBody().toString(), 201);
            calls.add(created);
            key = created.delivered() ? field(created.body(), "key").orElse(null) : null;
        }
        if (key != null && report.rendered()) {
            calls.add(attach(key, report));
        }
        return new IncidentReceipt(key, open.isPresent(), calls);
    }

    private Delivery openIncident(Incident incident) {
        String jql = "project = \"" + incident.project() + "\" AND labels = \"" + incident.runLabel()
                + "\" AND statusCategory != Done ORDER BY created DESC";
        URI uri = URI.create(base + "/rest/api/2/search/jql?maxResults=1&fields=key&jql="
                + URLEncoder.encode(jql, StandardCharsets.UTF_8));
        return client.send("Jira search for the open incident (" + base + ")",
                () -> authorized(client.newRequest(uri)).header("Accept", "application/json").GET().build(),
                response -> response.statusCode() == 200);
    }

    private Delivery post(String target, String path, String body, int created) {
        URI uri = URI.create(base + path);
        return client.send(target + " (" + base + ")", () -> authorized(client.newRequest(uri))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                response -> response.statusCode() == created);
    }

    private Delivery attach(String key, ReportLocation report) {
        return attach(key, report.singleFile(), "text/html");
    }

    /**
     * Uploads one file to issue {@code key}. Jira rejects attachment uploads without
     * {@code X-Atlassian-Token: no-check} as a cross-site request, so the header always goes with it.
     */
    public Delivery attach(String key, Path file, String contentType) {
        String boundary = "aether-runbook-" + UUID.randomUUID();
        byte[] body = multipart(boundary, file, contentType);
        URI uri = URI.create(base + "/rest/api/2/issue/" + key + "/attachments");
        return client.send("Jira attach " + file.getFileName() + " to " + key + " (" + base + ")",
                () -> authorized(client.newRequest(uri))
                .header("X-Atlassian-Token", "no-check")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                response -> response.statusCode() == 200);
    }

    /** The issue with its status, attachments and links, as {@code GET /rest/api/2/issue/KEY} answers it. */
    public Delivery issue(String key) {
        URI uri = URI.create(base + "/rest/api/2/issue/" + key + "?fields=summary,status,attachment,issuelinks");
        return client.send("Jira read " + key + " (" + base + ")", () -> authorized(client.newRequest(uri))
                .header("Accept", "application/json").GET().build(), response -> response.statusCode() == 200);
    }

    /** Adds a comment in Jira's wiki markup to issue {@code key}. */
    public Delivery comment(String key, String text) {
        ObjectNode body = JSON.createObjectNode().put("body", text);
        return post("Jira comment on " + key, "/rest/api/2/issue/" + key + "/comment", body.toString(), 201);
    }

    /** Creates an issue from a {@code {"fields": ...}} body; the answer carries its key. */
    public Delivery create(ObjectNode body) {
        return post("Jira create " + body.path("fields").path("issuetype").path("name").asText("issue") + " in "
                + body.path("fields").path("project").path("key").asText(), "/rest/api/2/issue", body.toString(), 201);
    }

    /** Links two issues with a link type by name, e.g. Relates: {@code inward} relates to {@code outward}. */
    public Delivery link(String type, String inward, String outward) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("type").put("name", type);
        body.putObject("inwardIssue").put("key", inward);
        body.putObject("outwardIssue").put("key", outward);
        return post("Jira link " + inward + " " + type + " " + outward, "/rest/api/2/issueLink", body.toString(), 201);
    }

    /** Issues matching a JQL query, with the fields named. */
    public Delivery search(String jql, String fields) {
        URI uri = URI.create(base + "/rest/api/2/search/jql?maxResults=100&fields=" + fields + "&jql="
                + URLEncoder.encode(jql, StandardCharsets.UTF_8));
        return client.send("Jira search (" + base + ")", () -> authorized(client.newRequest(uri))
                .header("Accept", "application/json").GET().build(), response -> response.statusCode() == 200);
    }

    private static byte[] multipart(String boundary, Path file, String contentType) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String name = file.getFileName().toString().replace("\"", "");
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + name + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(Files.readAllBytes(file));
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the file " + file + " cannot be read", unreadable);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private static Optional<String> firstKey(String body) {
        try {
            JsonNode issues = JSON.readTree(body).path("issues");
            return issues.isArray() && issues.size() > 0 ? Optional.of(issues.get(0).path("key").asText())
                    .filter(key -> !key.isEmpty()) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static Optional<String> field(String body, String name) {
        try {
            return Optional.of(JSON.readTree(body).path(name).asText()).filter(value -> !value.isEmpty());
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
