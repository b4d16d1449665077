package io.aether.runbook.probe.http;

import java.util.Optional;

/**
 * What {@code GET /api/v1/applications/NAME} returned: the application, Argo CD's error (404 when it does not
 * exist), or no answer at all. The raw JSON stays in {@link HttpExchange#body()}.
 *
 * @param serverMessage Argo CD's error message when it answered with an error status, else {@code null}
 * @param problem why an answered body could not be read, else {@code null}
 */
public record ApplicationObservation(
        String server,
        String name,
        HttpExchange exchange,
        Optional<ArgoCdApplication> application,
        String serverMessage,
        String problem) {
}
