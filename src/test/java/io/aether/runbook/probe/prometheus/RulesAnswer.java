package io.aether.runbook.probe.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.aether.runbook.probe.http.HttpExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alerting rules Prometheus's {@code /api/v1/rules} lists, or why there is no usable answer. */
public record RulesAnswer(HttpExchange exchange, List<AlertingRule> rules, String error) {

    public RulesAnswer {
        rules = List.copyOf(rules);
    }

    public static RulesAnswer of(HttpExchange exchange) {
        ApiEnvelope envelope = ApiEnvelope.read(exchange);
        if (envelope.error() != null) {
            return new RulesAnswer(exchange, List.of(), envelope.error());
        }
        List<AlertingRule> rules = new ArrayList<>();
        for (JsonNode group : envelope.data().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if ("alerting".equals(rule.path("type").asText())) {
                    rules.add(rule(group.path("name").asText(), rule));
                }
            }
        }
        return new RulesAnswer(exchange, rules, null);
    }

    /** The rules, or a suite error naming the URL and what came back instead. */
    public List<AlertingRule> requireRules() {
        if (error != null) {
            throw new PrometheusUnanswered("Prometheus gave no usable list of alerting rules at " + exchange.url()
                    + ": " + error + "; the answer is attached; check prometheus.url and that Prometheus is up");
        }
        return rules;
    }

    private static AlertingRule rule(String group, JsonNode rule) {
        Map<String, String> labels = new LinkedHashMap<>();
        rule.path("labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
        // Prometheus gives `for` in seconds, as a number
        Duration pendingFor = Duration.ofMillis(Math.round(rule.path("duration").asDouble(0) * 1000));
        return new AlertingRule(group, rule.path("name").asText(), rule.path("query").asText(), pendingFor, labels,
                rule.path("health").asText("unknown"), rule.path("lastError").asText(""));
    }
}
