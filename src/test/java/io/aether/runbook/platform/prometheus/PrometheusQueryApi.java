package io.aether.runbook.platform.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.aether.runbook.probe.prometheus.LatencyQuery;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Prometheus's {@code /api/v1/query}, answered per request: the environment's P99 window query gets one
 * evaluation per step over the window, ending at the moment of the answer, with the values the latency profile
 * gives; its single-evaluation form gets the latest; any other query selects nothing, as an unknown metric does.
 */
final class PrometheusQueryApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "prometheus-query";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LatencyQuery latency;
    private final RiskApiLatencyProfile profile;

    PrometheusQueryApi(LatencyQuery latency, RiskApiLatencyProfile profile) {
        this.latency = latency;
        this.profile = profile;
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
        String query = queryOf(serveEvent);
        if (query == null || query.isBlank()) {
            return answer(400, error("invalid parameter \"query\": 1:1: parse error: no expression found in input"));
        }
        Instant now = Instant.now();
        ObjectNode data = JSON.createObjectNode();
        if (query.equals(latency.windowQuery())) {
            data.put("resultType", "matrix");
            ObjectNode series = data.putArray("result").addObject();
            series.putObject("metric");
            ArrayNode values = series.putArray("values");
            long step = latency.step().toMillis();
            long last = now.toEpochMilli() / step * step;
            for (int i = latency.evaluationsPerWindow() - 1; i >= 0; i--) {
                Duration ago = Duration.ofMillis(i * step);
                values.addArray().add((last - i * step) / 1000.0).add(value(profile.p99At(ago, latency.step())));
            }
        } else if (query.equals(latency.quantileExpression())) {
            data.put("resultType", "vector");
            ObjectNode series = data.putArray("result").addObject();
            series.putObject("metric");
            series.putArray("value").add(now.toEpochMilli() / 1000.0)
                    .add(value(profile.p99At(Duration.ZERO, latency.step())));
        } else {
            data.put("resultType", query.trim().endsWith("]") ? "matrix" : "vector");
            data.putArray("result");
        }
        ObjectNode body = JSON.createObjectNode().put("status", "success");
        body.set("data", data);
        return answer(200, body.toString());
    }

    /** The {@code query} parameter of a GET, or of a form-encoded POST as Prometheus also accepts. */
    private static String queryOf(ServeEvent serveEvent) {
        QueryParameter parameter = serveEvent.getRequest().queryParameter("query");
        if (parameter.isPresent()) {
            return parameter.firstValue();
        }
        String form = serveEvent.getRequest().getBodyAsString();
        for (String pair : form == null ? new String[0] : form.split("&")) {
            if (pair.startsWith("query=")) {
                return URLDecoder.decode(pair.substring("query=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A sample value as Prometheus writes it: shortest decimal, {@code NaN}, {@code +Inf}. */
    static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("status", "error").put("errorType", "bad_data").put("error", message)
                .toString();
    }

    private static ResponseDefinition answer(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body)
                .build();
    }
}
