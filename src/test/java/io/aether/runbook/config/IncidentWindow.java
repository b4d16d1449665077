package io.aether.runbook.config;

import java.time.Duration;
import java.time.Instant;

/**
 * The incident a post-incident review is run for ({@code -Dincident=KEY -Dincident.from=T1 [-Dincident.to=T2]}):
 * its ticket key and the window of time whose evidence is collected.
 *
 * @param to the end of the window; the moment the run started when {@code -Dincident.to} is not given
 */
public record IncidentWindow(String key, Instant from, Instant to) {

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The window as messages show it: {@code 2026-12-04T14:05:00Z to 2026-12-04T15:05:00Z}. */
    public String span() {
        return from + " to " + to;
    }
}
