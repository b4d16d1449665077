package io.aether.runbook.probe.data;

import java.time.Instant;

/**
 * The newest market tick and the database's own clock, read in one query so that freshness is judged on the
 * database clock and not the runner's.
 *
 * @param latest the newest tick's time, or null when the table holds no tick
 * @param databaseNow the database's {@code now()} when the query ran
 * @param query the SQL that produced both
 */
public record TickFreshness(Instant latest, Instant databaseNow, String query) {
}
