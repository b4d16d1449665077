package io.aether.runbook.probe.kubernetes;

import java.util.List;

/** A ValidatingWebhookConfiguration: which services admission requests are sent to, and what a failed call does. */
public record WebhookConfiguration(String name, List<Webhook> webhooks) {

    public WebhookConfiguration {
        webhooks = List.copyOf(webhooks);
    }

    /**
     * One webhook of the configuration.
     *
     * @param failurePolicy {@code Fail} or {@code Ignore} (the API server defaults it to Fail)
     * @param serviceNamespace the namespace of the service that answers it, null for a URL webhook
     */
    public record Webhook(String name, String failurePolicy, String serviceNamespace, String serviceName) {
    }
}
