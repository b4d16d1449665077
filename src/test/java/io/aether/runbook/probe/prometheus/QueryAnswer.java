package io.aether.runbook.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.runbook.probe.http.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Prometheus's {@code /api/v1/query} answered for one PromQL expression: its series, or why there is no
 * usable answer. A matrix (a subquery) and a vector or scalar (a plain instant query) read the same way.
 *
 * @param resultType {@code matrix}, {@code vector} or {@code scalar}; {@code null} without an answer
 * @param error why the answer is unusable; {@code null} when Prometheus answered with success
 */
public record QueryAnswer(String query, HttpExchange exchange, String resultType, List<Series> series,
        String error) {

    public QueryAnswer {
        series = List.copyOf(series);
    }

    /** Reads the exchange as the Prometheus HTTP API's JSON envelope. */
    public static QueryAnswer of(String query, HttpExchange exchange) {
        ApiEnvelope envelope = ApiEnvelope.read(exchange);
        if (envelope.error() != null) {
            return new QueryAnswer(query, exchange, null, List.of(), envelope.error());
        }
        JsonNode data = envelope.data();
        String type = data.path("resultType").asText("");
        try {
            List<Series> series = switch (type) {
                case "matrix" -> matrix(data.path("result"));
                case "vector" -> vector(data.path("result"));
                case "scalar" -> List.of(new Series(Map.of(), List.of(sample(data.path("result")))));
                default -> throw new IllegalArgumentException("an answer of result type '" + type
                        + "', where a matrix, vector or scalar was expected");
            };
            return new QueryAnswer(query, exchange, type, series, null);
        } catch (IllegalArgumentException unreadable) {
            return new QueryAnswer(query, exchange, type, List.of(), unreadable.getMessage());
        }
    }

    public boolean answered() {
        return error == null;
    }

    /** The series, or a suite error naming the query, the URL and what came back instead. */
    public List<Series> requireSeries() {
        if (!answered()) {
            throw new PrometheusUnanswered("Prometheus gave no usable answer to the query `" + query + "` at "
                    + exchange.url() + ": " + error + "; the query and the answer are attached; check"
                    + " prometheus.url and that Prometheus is up before judging runbook 4 thresholds");
        }
        return series;
    }

    private static List<Series> matrix(JsonNode result) {
        List<Series> series = new ArrayList<>();
        for (JsonNode item : result) {
            List<Sample> samples = new ArrayList<>();
            item.path("values").forEach(point -> samples.add(sample(point)));
            series.add(new Series(labels(item.path("metric")), samples));
        }
        return series;
    }

    private static List<Series> vector(JsonNode result) {
        List<Series> series = new ArrayList<>();
        for (JsonNode item : result) {
            series.add(new Series(labels(item.path("metric")), List.of(sample(item.path("value")))));
        }
        return series;
    }

    private static Sample sample(JsonNode point) {
        if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber()) {
            throw new IllegalArgumentException("a sample that is not [time, \"value\"]: " + point);
        }
        try {
            return new Sample(Sample.parseTime(point.get(0).asDouble()), Sample.parseValue(point.get(1).asText()));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("a sample value that is not a number: " + point.get(1), notANumber);
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        metric.fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }
}
