package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Posts a message to a Slack incoming webhook. Delivered only on HTTP 200 with the body {@code ok}; Slack's other
 * answers ({@code invalid_payload}, {@code channel_not_found}, 429 rate limits) are reported or retried. The
 * webhook URL is a credential, so the target is named by its variable in logs and reports.
 */
public final class SlackClient {

    private final URI webhook;
    private final String shownTarget;
    private final DeliveryClient client;

    /** @param shownTarget how logs and reports name the webhook without revealing it */
    public SlackClient(String webhookUrl, String shownTarget, DeliveryClient client) {
        this.webhook = URI.create(webhookUrl);
        this.shownTarget = shownTarget;
        this.client = client;
    }

    public Delivery post(ObjectNode message) {
        String body = message.toString();
        return client.send(shownTarget, () -> client.newRequest(webhook)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                response -> response.statusCode() == 200 && "ok".equals(response.body().strip()));
    }
}
