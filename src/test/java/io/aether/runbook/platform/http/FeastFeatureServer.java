package io.aether.runbook.platform.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Feast Python feature server's {@code POST /get-online-features}, answered per request from a small online
 * store of market features: entity key columns first, then one column per requested feature with values,
 * statuses and event timestamps dated a few seconds before the moment of the answer (an hour under a drill).
 */
final class FeastFeatureServer implements ResponseDefinitionTransformerV2 {

    static final String NAME = "feast-online-features";
    static final String PATH = "/get-online-features";
    static final String FEATURE_VIEW = "market_features";

    /** How far each feature lags its answer: the materialisation schedule of the online store, in short. */
    static final Map<String, Duration> LAG = Map.of(
            "last_price", Duration.ofSeconds(2),
            "volatility_1h", Duration.ofSeconds(4),
            "volume_1m", Duration.ofSeconds(3));

    private static final Map<String, Map<String, Object>> STORE = Map.of(
            "AAPL", Map.of("last_price", 189.42, "volatility_1h", 0.0183, "volume_1m", 152043),
            "MSFT", Map.of("last_price", 411.07, "volatility_1h", 0.0141, "volume_1m", 98311),
            "NVDA", Map.of("last_price", 121.66, "volatility_1h", 0.0327, "volume_1m", 310522),
            "GOOGL", Map.of("last_price", 172.9, "volatility_1h", 0.0168, "volume_1m", 76410));

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final String EPOCH = "1970-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration staleness;

    /** @param staleness added to every lag: zero normally, an hour when the online store stopped materialising */
    FeastFeatureServer(Duration staleness) {
        this.staleness = staleness;
    }

    static void register(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withTransformers(NAME)));
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
    public ResponseDefinition transform(ServeEvent serveEvent) {
        // one instant per answer, whole seconds like the Date header, so ages on the server's clock are exact
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode request;
        try {
            request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
        } catch (JsonProcessingException malformed) {
            return answer(422, detail("JSON decode error"), now);
        }
        if (request == null || !request.path("features").isArray() || !request.path("entities").isObject()) {
            return answer(422, detail("features and entities are required"), now);
        }
        for (JsonNode feature : request.path("features")) {
            String[] reference = feature.asText().split(":", 2);
            if (reference.length != 2 || !FEATURE_VIEW.equals(reference[0])) {
                // the real server turns FeatureViewNotFoundException into a 500 with the exception text
                return answer(500, detail("Feature view " + reference[0] + " does not exist in project aether"),
                        now);
            }
            if (!LAG.containsKey(reference[1])) {
                return answer(500, detail("Feature " + feature.asText() + " does not exist"), now);
            }
        }
        return answer(200, features(request, now).toString(), now);
    }

    private ObjectNode features(JsonNode request, Instant now) {
        boolean fullNames = request.path("full_feature_names").asBoolean(false);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode names = answer.putObject("metadata").putArray("feature_names");
        ArrayNode results = answer.putArray("results");
        List<String> symbols = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entity : request.path("entities").properties()) {
            names.add(entity.getKey());
            ObjectNode column = results.addObject();
            ArrayNode keys = column.putArray("values");
            ArrayNode statuses = column.putArray("statuses");
            ArrayNode timestamps = column.putArray("event_timestamps");
            entity.getValue().forEach(key -> {
                keys.add(key);
                statuses.add("PRESENT");
                timestamps.add(EPOCH);
            });
            if ("symbol".equals(entity.getKey())) {
                entity.getValue().forEach(key -> symbols.add(key.asText()));
            }
        }
        for (JsonNode feature : request.path("features")) {
            String name = feature.asText().split(":", 2)[1];
            names.add(fullNames ? FEATURE_VIEW + "__" + name : name);
            ObjectNode column = results.addObject();
            ArrayNode values = column.putArray("values");
            ArrayNode statuses = column.putArray("statuses");
            ArrayNode timestamps = column.putArray("event_timestamps");
            for (String symbol : symbols) {
                Map<String, Object> row = STORE.get(symbol);
                if (row == null) {
                    values.addNull();
                    statuses.add("NOT_FOUND");
                    timestamps.add(EPOCH);
                } else {
                    values.addPOJO(row.get(name));
                    statuses.add("PRESENT");
                    timestamps.add(now.minus(LAG.get(name)).minus(staleness).toString());
                }
            }
        }
        return answer;
    }

    private static String detail(String message) {
        return JSON.createObjectNode().put("detail", message).toString();
    }

    private static ResponseDefinition answer(int status, String body, Instant now) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Date", HTTP_DATE.format(now))
                .withHeader("Server", "uvicorn")
                .withBody(body)
                .build();
    }
}
