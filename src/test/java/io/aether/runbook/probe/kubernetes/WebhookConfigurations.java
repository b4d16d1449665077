package io.aether.runbook.probe.kubernetes;

import java.util.List;

/** The cluster's ValidatingWebhookConfigurations, or why they could not be listed. */
public record WebhookConfigurations(List<WebhookConfiguration> configurations, String error) {

    public WebhookConfigurations {
        configurations = List.copyOf(configurations);
    }

    public static WebhookConfigurations listed(List<WebhookConfiguration> configurations) {
        return new WebhookConfigurations(configurations, null);
    }

    public static WebhookConfigurations unreachable(String error) {
        return new WebhookConfigurations(List.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }
}
