package io.aether.runbook.platform.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Grafana's HTTP API as a review uses it, answered per request: dashboards by UID from the platform's resources,
 * data-source queries with a series over the asked range (metrics that have no series answer no frame), snapshots
 * kept as posted and readable back, and the image renderer drawing each panel as a PNG, until it is switched off.
 */
final class GrafanaApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "grafana-api";
    static final Set<String> DASHBOARDS = Set.of("risk-api-overview", "marketdata-ingest");
    /** Counters that never moved: Prometheus holds no series for them, so their panels show no data. */
    static final Set<String> WITHOUT_SERIES = Set.of("marketdata_ticks_dropped_total");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RENDER = Pattern.compile("/render/d-solo/([^/]+)/([^/]+)");
    private static final int MAX_SIDE = 2000;

    private final Map<String, JsonNode> snapshots = new LinkedHashMap<>();
    private final AtomicBoolean renderer = new AtomicBoolean(true);

    void rendererInstalled(boolean installed) {
        renderer.set(installed);
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
            if (path.startsWith("/api/dashboards/uid/")) {
                return dashboard(path.substring("/api/dashboards/uid/".length()));
            }
            if (path.equals("/api/ds/query")) {
                return query(JSON.readTree(request.getBodyAsString()));
            }
            if (path.equals("/api/snapshots")) {
                return snapshot(request, JSON.readTree(request.getBodyAsString()));
            }
            if (path.startsWith("/api/snapshots/")) {
                JsonNode kept = snapshots.get(path.substring("/api/snapshots/".length()));
                return kept == null ? json(404, JSON.createObjectNode().put("message", "Snapshot not found"))
                        : json(200, kept);
            }
            Matcher render = RENDER.matcher(path);
            if (render.matches()) {
                return render(request, render.group(1));
            }
            return json(404, JSON.createObjectNode().put("message", "Not found"));
        } catch (IOException | RuntimeException malformed) {
            return json(400, JSON.createObjectNode().put("message", "bad request data: " + malformed.getMessage()));
        }
    }

    private static ResponseDefinition dashboard(String uid) throws IOException {
        if (!DASHBOARDS.contains(uid)) {
            return json(404, JSON.createObjectNode().put("message", "Dashboard not found"));
        }
        try (InputStream in = GrafanaApi.class.getResourceAsStream("/platform/grafana/" + uid + ".json")) {
            return json(200, JSON.readTree(in));
        }
    }

    /** One frame per query, a point per interval across the range; none for a metric without series. */
    private static ResponseDefinition query(JsonNode body) {
        long from = Long.parseLong(body.path("from").asText());
        long to = Long.parseLong(body.path("to").asText());
        ObjectNode results = JSON.createObjectNode();
        for (JsonNode query : body.path("queries")) {
            String refId = query.path("refId").asText("A");
            String expr = query.path("expr").asText();
            ArrayNode frames = results.putObject(refId).put("status", 200).putArray("frames");
            if (WITHOUT_SERIES.stream().anyMatch(expr::contains)) {
                continue;
            }
            long interval = Math.max(1000, query.path("intervalMs").asLong(15_000));
            ObjectNode frame = frames.addObject();
            ObjectNode schema = frame.putObject("schema").put("refId", refId).put("name", expr);
            ArrayNode fields = schema.putArray("fields");
            fields.addObject().put("name", "Time").put("type", "time");
            fields.addObject().put("name", "Value").put("type", "number");
            ArrayNode values = frame.putObject("data").putArray("values");
            ArrayNode times = values.addArray();
            ArrayNode numbers = values.addArray();
            for (long at = from / interval * interval + interval; at <= to; at += interval) {
                times.add(at);
                numbers.add(Math.round(1000 * (0.2 + 0.1 * Math.sin(at / 600_000.0))) / 1000.0);
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("results", results);
        return json(200, answer);
    }

    private ResponseDefinition snapshot(Request request, JsonNode body) {
        URI absolute = URI.create(request.getAbsoluteUrl());
        String baseUrl = absolute.getScheme() + "://" + absolute.getAuthority();
        if (!body.path("dashboard").isObject()) {
            return json(400, JSON.createObjectNode().put("message", "bad request data"));
        }
        String key = String.format("aether%04d", snapshots.size() + 1);
        ObjectNode kept = JSON.createObjectNode();
        kept.set("dashboard", body.get("dashboard"));
        kept.putObject("meta").put("isSnapshot", true).put("type", "snapshot").put("expires",
                "9999-12-31T23:59:59Z");
        snapshots.put(key, kept);
        return json(200, JSON.createObjectNode().put("deleteKey", "delete-" + key)
                .put("deleteUrl", baseUrl + "/api/snapshots-delete/delete-" + key).put("id", snapshots.size())
                .put("key", key).put("url", baseUrl + "/dashboard/snapshot/" + key));
    }

    private ResponseDefinition render(Request request, String uid) {
        if (!renderer.get()) {
            return json(500, JSON.createObjectNode().put("message", "Rendering failed: no image renderer available"
                    + " or installed").put("traceID", ""));
        }
        if (!DASHBOARDS.contains(uid)) {
            return json(404, JSON.createObjectNode().put("message", "Dashboard not found"));
        }
        int width = Math.min(MAX_SIDE, Integer.parseInt(request.queryParameter("width").firstValue()));
        int height = Math.min(MAX_SIDE, Integer.parseInt(request.queryParameter("height").firstValue()));
        int panel = Integer.parseInt(request.queryParameter("panelId").firstValue());
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "image/png")
                .withBody(chart(width, height, panel)).build();
    }

    /** A dark panel with a line across it, drawn pixel by pixel so no font or display is needed. */
    static byte[] chart(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, y == height - 20 || x == 40 ? 0x464c54 : 0x181b1f);
            }
        }
        int previous = -1;
        for (int x = 41; x < width; x++) {
            double phase = (x + seed * 97) / (double) width * 6 * Math.PI;
            int y = (int) (height / 2.0 - Math.sin(phase) * height / 4.0);
            int from = previous < 0 ? y : Math.min(previous, y);
            int until = previous < 0 ? y : Math.max(previous, y);
            for (int line = from; line <= until; line++) {
                image.setRGB(x, Math.max(0, Math.min(height - 1, line)), 0x73bf69);
            }
            previous = y;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        return png.toByteArray();
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
