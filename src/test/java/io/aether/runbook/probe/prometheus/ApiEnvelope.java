package io.aether.runbook.probe.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.probe.http.HttpExchange;

/**
 * The envelope every Prometheus HTTP API answer comes in ({@code status}, {@code data}, or {@code errorType}
 * and {@code error}), unwrapped: the {@code data} node, or one sentence on why there is none.
 */
record ApiEnvelope(JsonNode data, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 300;

    static ApiEnvelope read(HttpExchange exchange) {
        if (!exchange.reachable()) {
            return new ApiEnvelope(null, "no answer (" + exchange.unreachableReason() + ")");
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.body());
        } catch (JsonProcessingException notJson) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.has("status")) {
            return new ApiEnvelope(null, "HTTP " + exchange.status() + " with a body that is not the Prometheus API's"
                    + " JSON: " + exchange.bodyExcerpt(EXCERPT));
        }
        if (!"success".equals(body.path("status").asText())) {
            return new ApiEnvelope(null, "HTTP " + exchange.status() + ", status " + body.path("status").asText()
                    + ", " + body.path("errorType").asText("no errorType") + ": " + body.path("error").asText(""));
        }
        if (exchange.status() != 200) {
            return new ApiEnvelope(null, "HTTP " + exchange.status() + " although the status is success: "
                    + exchange.bodyExcerpt(EXCERPT));
        }
        return new ApiEnvelope(body.path("data"), null);
    }
}
