package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Enqueues events with the PagerDuty Events API v2. An event counts as delivered only on HTTP 202 with
 * {@code "status":"success"}; anything else is reported with the answer.
 */
public final class PagerDutyClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI eventsUrl;
    private final DeliveryClient client;

    public PagerDutyClient(String eventsUrl, DeliveryClient client) {
        this.eventsUrl = URI.create(eventsUrl);
        this.client = client;
    }

    public Delivery send(ObjectNode event) {
        String body = event.toString();
        String target = "PagerDuty " + event.path("event_action").asText() + " " + event.path("dedup_key").asText()
                + " (" + eventsUrl + ")";
        return client.send(target, () -> client.newRequest(eventsUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), PagerDutyClient::accepted);
    }

    static boolean accepted(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            return false;
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            return answer != null && "success".equals(answer.path("status").asText());
        } catch (IOException notJson) {
            return false;
        }
    }
}
