package io.aether.runbook.escalation;

import java.util.List;

/**
 * What filing an incident came to: the incident's key, whether an open incident was reused, and every call made.
 *
 * @param key the incident's key (e.g. {@code RISK-12}); {@code null} when none could be created or found
 */
public record IncidentReceipt(String key, boolean reused, List<Delivery> deliveries) {

    public IncidentReceipt {
        deliveries = List.copyOf(deliveries);
    }

    public boolean delivered() {
        return key != null && deliveries.stream().allMatch(Delivery::delivered);
    }
}
