package io.aether.runbook.probe.kubernetes;

import java.time.Instant;

/**
 * A node's Ready condition as the API server reports it: status {@code "True"}, {@code "False"} or
 * {@code "Unknown"} (null when the node has no Ready condition at all), its reason, and the kubelet's last heartbeat.
 */
public record NodeReadiness(String node, String status, String reason, String message, Instant lastHeartbeat) {
}
