package io.aether.runbook.escalation;

import java.util.List;
import java.util.Map;

/**
 * What one run's escalation did: the plan, the Alertmanager evidence per breached check, every delivery made, the
 * incident filed (null in a dry run or without breaches), and what could not be delivered.
 */
public record EscalationResult(boolean dryRun, EscalationPlan plan, Map<String, AlertEvidence> alerts,
        List<Delivery> deliveries, IncidentReceipt incident, List<Map<String, Object>> undelivered) {

    public EscalationResult {
        alerts = Map.copyOf(alerts);
        deliveries = List.copyOf(deliveries);
        undelivered = List.copyOf(undelivered);
    }
}
