package io.aether.runbook.probe.data;

import java.time.Duration;
import java.util.List;

/**
 * What the TimescaleDB catalog says about the tick table and the extension's background jobs, read in one session:
 * the extension's version (null on plain PostgreSQL), the hypertable the tick table is (null when it is a plain
 * table, or missing), and the jobs; or the error that prevented the read.
 *
 * @param tableFound whether the tick table exists at all
 * @param timeDimension the column the hypertable is partitioned on in time, or null
 */
public record TimescaleCatalog(String jdbcUrl, Duration timeout, TickTable ticks, String extensionVersion,
        boolean tableFound, String hypertable, String timeDimension, Long chunks, List<TimescaleJob> jobs,
        String error) {

    public static TimescaleCatalog failed(String jdbcUrl, Duration timeout, TickTable ticks, String error) {
        return new TimescaleCatalog(jdbcUrl, timeout, ticks, null, false, null, null, null, List.of(), error);
    }

    public static TimescaleCatalog plainPostgres(String jdbcUrl, Duration timeout, TickTable ticks) {
        return new TimescaleCatalog(jdbcUrl, timeout, ticks, null, false, null, null, null, List.of(), null);
    }

    public boolean succeeded() {
        return error == null;
    }

    public boolean extensionInstalled() {
        return extensionVersion != null;
    }
}
