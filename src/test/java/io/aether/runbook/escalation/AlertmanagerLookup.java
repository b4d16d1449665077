package io.aether.runbook.escalation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the Prometheus alert a breached check should have fired, in Alertmanager's {@code GET /api/v2/alerts}, by
 * the alert name the environment maps to the check. Read-only, so a dry run asks too.
 */
public final class AlertmanagerLookup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Map<String, String> alertNames;
    private final DeliveryClient client;

    public AlertmanagerLookup(Environment.Escalation.Alertmanager alertmanager, DeliveryClient client) {
        this.url = alertmanager.url();
        this.alertNames = alertmanager.alertNames() == null ? Map.of() : alertmanager.alertNames();
        this.client = client;
    }

    /** Asks Alertmanager about the alert mapped to {@code check}. */
    public AlertEvidence lookup(CheckOutcome check) {
        Optional<String> name = alertNameOf(alertNames, check);
        if (name.isEmpty()) {
            return AlertEvidence.unmapped();
        }
        if (url == null || url.isBlank()) {
            return AlertEvidence.unreachable(name.get(), "escalation.alertmanager.url is not set");
        }
        String filter = URLEncoder.encode("alertname=\"" + name.get() + "\"", StandardCharsets.UTF_8);
        URI uri = URI.create(url.replaceAll("/+$", "") + "/api/v2/alerts?active=true&filter=" + filter);
        Delivery answer = client.send("Alertmanager " + url, () -> client.newRequest(uri).GET().build(),
                response -> response.statusCode() == 200);
        if (!answer.delivered()) {
            return AlertEvidence.unreachable(name.get(), answer.problem());
        }
        try {
            return AlertEvidence.answered(name.get(), firing(answer.body(), name.get()));
        } catch (IOException unreadable) {
            return AlertEvidence.unreachable(name.get(), "its answer is not the alert list JSON ("
                    + unreadable.getMessage() + ")");
        }
    }

    /**
     * The alert name for a check: the longest key its method name starts with ({@code riskApiP99} matches
     * {@code riskApiP99StaysWithinThreshold}), else a key equal to its class's simple name.
     */
    public static Optional<String> alertNameOf(Map<String, String> alertNames, CheckOutcome check) {
        Optional<String> byMethod = alertNames.keySet().stream().filter(check.method()::startsWith)
                .max(Comparator.comparingInt(String::length)).map(alertNames::get);
        return byMethod.isPresent() ? byMethod : Optional.ofNullable(alertNames.get(check.simpleClassName()));
    }

    /**
     * The active alerts named {@code alertName} in an {@code /api/v2/alerts} answer; the name is checked here too,
     * because a proxy in front of Alertmanager may drop the filter.
     */
    static List<FiredAlert> firing(String body, String alertName) throws IOException {
        JsonNode alerts = JSON.readTree(body);
        if (alerts == null || !alerts.isArray()) {
            throw new JsonParseException(null, "expected a JSON array of alerts");
        }
        List<FiredAlert> result = new ArrayList<>();
        for (JsonNode alert : alerts) {
            JsonNode labels = alert.path("labels");
            String state = alert.path("status").path("state").asText("active");
            if (!alertName.equals(labels.path("alertname").asText()) || !"active".equals(state)) {
                continue;
            }
            Map<String, String> labelMap = new TreeMap<>();
            labels.fields().forEachRemaining(label -> labelMap.put(label.getKey(), label.getValue().asText()));
            result.add(new FiredAlert(alertName, alert.path("fingerprint").asText(), alert.path("startsAt").asText(),
                    alert.path("generatorURL").asText(), labelMap));
        }
        return result;
    }
}
