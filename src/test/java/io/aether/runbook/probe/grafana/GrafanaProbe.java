package io.aether.runbook.probe.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.probe.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures Grafana dashboards over an incident window through Grafana's HTTP API (runbook 5.1): reads each
 * dashboard, runs every panel's queries over the window through {@code /api/ds/query} and keeps the frames as the
 * panel's snapshot data, because a snapshot published through the API otherwise keeps only queries; publishes the
 * snapshot; and renders each panel to PNG where the image renderer answers.
 */
public final class GrafanaProbe {

    private static final Logger LOG = LoggerFactory.getLogger(GrafanaProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Points per series asked of the data sources: a chart's resolution, not a full export. */
    private static final int MAX_DATA_POINTS = 500;

    private final String base;
    private final Environment.Postmortem.Grafana config;
    private final Secrets secrets;
    private final Optional<String> token;
    private final HttpTransport transport;
    private final HttpClient images;

    public GrafanaProbe(Environment env, Secrets secrets) {
        this.config = env.postmortem().grafana();
        this.base = Objects.requireNonNull(config.url(), "postmortem.grafana.url is not set").replaceAll("/+$", "");
        this.secrets = secrets;
        this.token = secrets.value(config.tokenEnv());
        this.transport = new HttpTransport("Grafana", env.timeouts());
        this.images = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(env.timeouts().connect()).build();
    }

    public String url() {
        return base;
    }

    /** Captures one dashboard, writing its panels' PNGs into {@code directory} as {@code grafana-UID-panel-ID.png}. */
    public DashboardCapture capture(String uid, IncidentWindow window, Path directory) {
        long started = System.nanoTime();
        HttpExchange read = send(request("/api/dashboards/uid/" + encode(uid)).GET(), "");
        if (!read.reachable() || read.status() != 200) {
            return DashboardCapture.failed(uid, uid, "reading the dashboard: " + problem(read));
        }
        ObjectNode dashboard;
        String slug;
        try {
            JsonNode body = JSON.readTree(read.body());
            dashboard = (ObjectNode) Objects.requireNonNull(body.get("dashboard"));
            slug = body.path("meta").path("slug").asText(uid);
        } catch (IOException | RuntimeException notDashboard) {
            return DashboardCapture.failed(uid, uid, "reading the dashboard: " + read.request()
                    + " answered 200 without a dashboard model (" + read.bodyExcerpt(120) + ")");
        }
        String title = dashboard.path("title").asText(uid);
        dashboard.putObject("time").put("from", window.from().toString()).put("to", window.to().toString());
        List<ObjectNode> panels = panelsOf(dashboard);
        List<PanelCapture> captured = new ArrayList<>();
        for (ObjectNode panel : panels) {
            captured.add(fill(panel, window));
        }
        ObjectNode snapshot = JSON.createObjectNode();
        snapshot.set("dashboard", dashboard);
        snapshot.put("name", window.key() + " " + title + " " + window.span()).put("expires", 0);
        String sent = snapshot.toString();
        HttpExchange published = send(request("/api/snapshots").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sent)), "(the dashboard model with its snapshot data, "
                + sent.length() + " characters)");
        JsonNode answer = json(published);
        if (!published.reachable() || published.status() != 200 || answer.path("url").asText().isEmpty()) {
            return new DashboardCapture(uid, title, null, null, captured, null, "publishing the snapshot: "
                    + problem(published));
        }
        List<PanelCapture> rendered = new ArrayList<>();
        String rendererProblem = null;
        for (PanelCapture panel : captured) {
            if (rendererProblem != null || !panel.queried()) {
                rendered.add(panel);
                continue;
            }
            Path file = directory.resolve("grafana-" + uid + "-panel-" + panel.id() + ".png");
            rendererProblem = render(uid, slug, panel.id(), window, file);
            rendered.add(rendererProblem == null ? withImage(panel, file) : panel);
        }
        DashboardCapture capture = new DashboardCapture(uid, title, answer.path("url").asText(),
                answer.path("key").asText(), rendered, rendererProblem, null);
        LOG.info("Grafana dashboard {} at {} captured in {} ms: snapshot {}, {} of {} panels with data, {} PNG(s)",
                uid, base, Duration.ofNanos(System.nanoTime() - started).toMillis(), capture.snapshotUrl(),
                capture.queriedPanels().size() - capture.emptyPanels().size(), capture.queriedPanels().size(),
                capture.images());
        return capture;
    }

    /** Every panel, including those folded into collapsed rows. */
    private static List<ObjectNode> panelsOf(ObjectNode dashboard) {
        List<ObjectNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel instanceof ObjectNode object) {
                panels.add(object);
                for (JsonNode nested : object.path("panels")) {
                    if (nested instanceof ObjectNode folded) {
                        panels.add(folded);
                    }
                }
            }
        }
        return panels;
    }

    /** Runs the panel's queries over the window and stores their frames as the panel's snapshot data. */
    private PanelCapture fill(ObjectNode panel, IncidentWindow window) {
        int id = panel.path("id").asInt();
        String title = panel.path("title").asText("panel " + id);
        JsonNode targets = panel.path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            return new PanelCapture(id, title, 0, 0, 0, null, null);
        }
        ObjectNode query = JSON.createObjectNode().put("from", String.valueOf(window.from().toEpochMilli()))
                .put("to", String.valueOf(window.to().toEpochMilli()));
        ArrayNode queries = query.putArray("queries");
        long intervalMs = Math.max(1000, window.length().toMillis() / MAX_DATA_POINTS);
        int index = 0;
        for (JsonNode target : targets) {
            ObjectNode copy = target.deepCopy();
            if (!copy.hasNonNull("refId")) {
                copy.put("refId", String.valueOf((char) ('A' + index)));
            }
            if (!copy.hasNonNull("datasource") && panel.hasNonNull("datasource")) {
                copy.set("datasource", panel.get("datasource"));
            }
            copy.put("maxDataPoints", MAX_DATA_POINTS).put("intervalMs", intervalMs);
            queries.add(copy);
            index++;
        }
        String body = query.toString();
        HttpExchange answered = send(request("/api/ds/query").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), body);
        JsonNode results = json(answered).path("results");
        ArrayNode snapshotData = panel.putArray("snapshotData");
        int frames = 0;
        int rows = 0;
        List<String> problems = new ArrayList<>();
        if (!answered.reachable() || (answered.status() != 200 && answered.status() != 207)) {
            problems.add(problem(answered));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> result = it.next();
            if (result.getValue().hasNonNull("error")) {
                problems.add("query " + result.getKey() + ": " + result.getValue().path("error").asText());
            }
            for (JsonNode frame : result.getValue().path("frames")) {
                ObjectNode dto = frameToDto(result.getKey(), frame);
                snapshotData.add(dto);
                frames++;
                rows += dto.path("length").asInt();
            }
        }
        return new PanelCapture(id, title, queries.size(), frames, rows,
                problems.isEmpty() ? null : String.join("; ", problems), null);
    }

    /** A data frame as {@code /api/ds/query} returns it, in the field-per-column form a panel's snapshot keeps. */
    private static ObjectNode frameToDto(String refId, JsonNode frame) {
        ObjectNode dto = JSON.createObjectNode().put("refId", refId)
                .put("name", frame.path("schema").path("name").asText(""));
        ArrayNode fields = dto.putArray("fields");
        JsonNode columns = frame.path("data").path("values");
        int length = 0;
        int index = 0;
        for (JsonNode field : frame.path("schema").path("fields")) {
            ObjectNode copy = fields.addObject().put("name", field.path("name").asText())
                    .put("type", field.path("type").asText("other"));
            copy.set("config", field.has("config") ? field.get("config") : JSON.createObjectNode());
            if (field.has("labels")) {
                copy.set("labels", field.get("labels"));
            }
            JsonNode values = columns.path(index++);
            copy.set("values", values.isArray() ? values : JSON.createArrayNode());
            length = Math.max(length, values.size());
        }
        return dto.put("length", length);
    }

    /** Renders one panel to {@code file}; returns why not when the renderer did not answer with a PNG. */
    private String render(String uid, String slug, int panelId, IncidentWindow window, Path file) {
        URI uri = URI.create(base + "/render/d-solo/" + encode(uid) + "/" + encode(slug) + "?orgId=1&panelId="
                + panelId + "&from=" + window.from().toEpochMilli() + "&to=" + window.to().toEpochMilli()
                + "&width=" + config.renderWidth() + "&height=" + config.renderHeight() + "&tz=UTC");
        HttpRequest.Builder builder = transport.newRequest(uri).setHeader("Accept", "image/png").GET();
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = images.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] png = response.body();
            LOG.info("Grafana GET {} answered {} in {} ms", uri, response.statusCode(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (response.statusCode() != 200 || !isPng(png)) {
                String text = new String(png, 0, Math.min(png.length, 200), StandardCharsets.UTF_8).strip();
                return "the image renderer did not answer with a PNG: GET " + uri + " answered "
                        + response.statusCode() + " " + response.headers().firstValue("content-type").orElse("")
                        + " '" + secrets.redact(text.replaceAll("\\s+", " ")) + "'";
            }
            Files.write(file, png);
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "the image renderer did not answer: interrupted";
        } catch (IOException failed) {
            return "the image renderer did not answer: GET " + uri + " got no answer within "
                    + transport.requestTimeout().toSeconds() + " s (" + failed.getClass().getSimpleName() + ")";
        }
    }

    static boolean isPng(byte[] bytes) {
        return bytes != null && bytes.length > PNG_SIGNATURE.length
                && Arrays.equals(Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE);
    }

    private static PanelCapture withImage(PanelCapture panel, Path file) {
        return new PanelCapture(panel.id(), panel.title(), panel.queries(), panel.frames(), panel.rows(),
                panel.queryProblem(), file);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = transport.newRequest(URI.create(base + path));
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    private HttpExchange send(HttpRequest.Builder request, String shownBody) {
        return transport.exchange(request.build(), shownBody, secrets);
    }

    private static JsonNode json(HttpExchange exchange) {
        try {
            return exchange.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(exchange.body());
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static String problem(HttpExchange exchange) {
        return exchange.reachable() ? exchange.request() + " answered " + exchange.status() + " '"
                + exchange.bodyExcerpt(160) + "'" : exchange.request() + " got no answer: "
                + exchange.unreachableReason();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
