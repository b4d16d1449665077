package io.aether.runbook.probe.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the online store through the Feast feature server's HTTP API ({@code POST /get-online-features}) for the
 * features and entities the environment names: the read-only counterpart of runbook 3.2's latency inspection.
 */
public final class FeastProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final List<String> features;
    private final Map<String, List<String>> entities;
    private final Secrets secrets;
    private final HttpTransport transport;

    public FeastProbe(Environment env, Secrets secrets) {
        String server = Objects.requireNonNull(env.feast().url(), "feast.url is not set");
        this.url = (server.endsWith("/") ? server.substring(0, server.length() - 1) : server)
                + "/get-online-features";
        this.features = List.copyOf(env.feast().features());
        this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(env.feast().entities()));
        this.secrets = secrets;
        this.transport = new HttpTransport("Feast", env.timeouts(), TlsTrust.of("feast", env.tls().feast()));
    }

    public FeatureFreshnessObservation readOnlineFeatures() {
        String body = requestBody();
        HttpRequest request = transport.newRequest(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpExchange exchange = transport.exchange(request, body, secrets);
        Instant runnerTime = Instant.now();
        if (!exchange.reachable() || exchange.status() != 200) {
            return new FeatureFreshnessObservation(url, exchange, List.of(), null, runnerTime, null);
        }
        Instant serverDate = exchange.header("date").map(FeastProbe::httpDate).orElse(null);
        try {
            List<FeatureValue> values = parseAnswer(exchange.body(), features, entities);
            return new FeatureFreshnessObservation(url, exchange, values, serverDate, runnerTime, null);
        } catch (JsonProcessingException unreadable) {
            return new FeatureFreshnessObservation(url, exchange, List.of(), serverDate, runnerTime,
                    "the answer is not JSON (" + unreadable.getOriginalMessage() + ")");
        }
    }

    private String requestBody() {
        ObjectNode body = JSON.createObjectNode();
        features.forEach(body.putArray("features")::add);
        ObjectNode keys = body.putObject("entities");
        entities.forEach((entity, values) -> {
            ArrayNode column = keys.putArray(entity);
            values.forEach(column::add);
        });
        return body.toString();
    }

    /**
     * Pairs each requested feature and entity row with its column of the answer. The feature server names a
     * column by the bare feature name, or {@code view__feature} when full feature names were asked for; the
     * entity key columns come first and carry the keys in request order.
     */
    public static List<FeatureValue> parseAnswer(String json, List<String> features,
            Map<String, List<String>> entities) throws JsonProcessingException {
        JsonNode answer = JSON.readTree(json);
        List<String> names = new ArrayList<>();
        answer.path("metadata").path("feature_names").forEach(name -> names.add(name.asText()));
        JsonNode results = answer.path("results");
        Map<String, JsonNode> columns = new HashMap<>();
        for (int i = 0; i < names.size() && i < results.size(); i++) {
            columns.put(names.get(i), results.get(i));
        }
        String entity = String.join(", ", entities.keySet());
        int rows = entities.values().iterator().next().size();
        List<FeatureValue> values = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            String key = keyOf(entities, row);
            for (String feature : features) {
                values.add(value(entity, key, feature, column(columns, feature), row));
            }
        }
        return values;
    }

    /** Row {@code row} of the entity keys: "AAPL", or "AAPL, XNAS" for an entity with two join keys. */
    private static String keyOf(Map<String, List<String>> entities, int row) {
        List<String> parts = new ArrayList<>();
        entities.values().forEach(keys -> parts.add(row < keys.size() ? keys.get(row) : "?"));
        return String.join(", ", parts);
    }

    private static JsonNode column(Map<String, JsonNode> columns, String feature) {
        String[] reference = feature.split(":", 2);
        String bare = reference.length == 2 ? reference[1] : feature;
        String full = reference.length == 2 ? reference[0] + "__" + reference[1] : feature;
        return columns.containsKey(full) ? columns.get(full) : columns.get(bare);
    }

    private static FeatureValue value(String entity, String key, String feature, JsonNode column, int row) {
        if (column == null || column.path("statuses").size() <= row) {
            return new FeatureValue(entity, key, feature, "ABSENT", null);
        }
        String status = column.path("statuses").get(row).asText();
        JsonNode timestamp = column.path("event_timestamps").path(row);
        Instant eventTime = timestamp.isTextual() ? instant(timestamp.asText()) : null;
        return new FeatureValue(entity, key, feature, status, eventTime);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    private static Instant httpDate(String text) {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notHttpDate) {
            return null;
        }
    }
}
