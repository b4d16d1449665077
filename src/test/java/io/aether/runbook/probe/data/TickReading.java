package io.aether.runbook.probe.data;

import java.time.Duration;

/**
 * The outcome of reading tick freshness from one database: the {@link TickFreshness} read, or the error that
 * prevented it (unreachable, refused login, missing table), with the redacted JDBC URL and the time allowed.
 */
public record TickReading(String jdbcUrl, Duration timeout, TickTable ticks, TickFreshness freshness, String error) {

    public static TickReading read(String jdbcUrl, Duration timeout, TickTable ticks, TickFreshness freshness) {
        return new TickReading(jdbcUrl, timeout, ticks, freshness, null);
    }

    public static TickReading failed(String jdbcUrl, Duration timeout, TickTable ticks, String error) {
        return new TickReading(jdbcUrl, timeout, ticks, null, error);
    }

    public boolean succeeded() {
        return error == null;
    }
}
