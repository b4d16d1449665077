package io.aether.runbook.escalation;

import java.time.Duration;

/**
 * The outcome of sending one message to one escalation target after all retries: delivered, or why not.
 *
 * @param target the target as logs and reports name it, credentials masked
 * @param status the last HTTP status; 0 when no answer came
 * @param body the last answer's body
 * @param problem why it was not delivered; {@code null} when delivered
 */
public record Delivery(String target, boolean delivered, int status, String body, int attempts, Duration took,
        String problem) {

    public Delivery {
        body = body == null ? "" : body;
    }
}
