package io.aether.runbook.probe.http;

import java.util.List;

/**
 * What {@code GET /api/v1/applications?projects=P} returned: the applications of the project, or why there is
 * no list (unreachable, refused, unreadable). The raw JSON stays in {@link HttpExchange#body()}.
 *
 * @param serverMessage Argo CD's error message when it answered with an error status, else {@code null}
 * @param problem why an answered body could not be read, else {@code null}
 */
public record ApplicationListObservation(
        String server,
        String project,
        HttpExchange exchange,
        List<ArgoCdApplication> applications,
        String serverMessage,
        String problem) {

    public ApplicationListObservation {
        applications = List.copyOf(applications);
    }
}
