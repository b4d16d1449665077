package io.aether.runbook.probe.data;

import io.aether.runbook.report.Evidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the TimescaleDB catalog, read-only: whether the extension is installed, whether the tick table is a
 * hypertable and on which time column, and the state of the extension's background jobs. On plain PostgreSQL it
 * reads only the extension list, since the extension's views do not exist there.
 */
public final class TimescaleCatalogProbe {

    /** The installed extension's version; no row on plain PostgreSQL. */
    public static final String EXTENSION_QUERY = "select extversion from pg_extension where extname = 'timescaledb'";
    /** The tick table as the catalog resolves it, and its hypertable and time dimension when it has them. */
    public static final String HYPERTABLE_QUERY = "select n.nspname as table_schema, c.relname as table_name,"
            + " h.hypertable_name, h.num_chunks, d.column_name as time_column"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " left join timescaledb_information.hypertables h"
            + " on h.hypertable_schema = n.nspname and h.hypertable_name = c.relname"
            + " left join timescaledb_information.dimensions d"
            + " on d.hypertable_schema = n.nspname and d.hypertable_name = c.relname and d.dimension_type = 'Time'"
            + " where c.oid = to_regclass(?::text)";
    /** Every job, with its statistics when it has run; infinite timestamps of unfinished runs read as null. */
    public static final String JOBS_QUERY = "select j.job_id, j.application_name, j.proc_schema, j.proc_name,"
            + " j.scheduled, s.last_run_status, s.job_status,"
            + " case when isfinite(s.last_run_started_at) then s.last_run_started_at end as last_run_started_at,"
            + " case when isfinite(s.last_successful_finish) then s.last_successful_finish end"
            + " as last_successful_finish,"
            + " s.total_runs, s.total_failures, j.hypertable_schema, j.hypertable_name"
            + " from timescaledb_information.jobs j"
            + " left join timescaledb_information.job_stats s on s.job_id = j.job_id order by j.job_id";

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleCatalogProbe.class);

    private final TimescaleProbe database;
    private final TickTable ticks;

    /** Reads the catalog through the same read-only session, address and credentials as the tick probe. */
    public TimescaleCatalogProbe(TimescaleProbe database) {
        this.database = database;
        this.ticks = database.ticks();
    }

    public TimescaleCatalog read() {
        long started = System.nanoTime();
        TimescaleCatalog catalog = query();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (!catalog.succeeded()) {
            LOG.info("timescale catalog probe: {} failed after {} ms: {}", catalog.jdbcUrl(), millis, catalog.error());
        } else {
            LOG.info("timescale catalog probe: {} extension {}, {} hypertable {}, {} jobs, read in {} ms",
                    catalog.jdbcUrl(), catalog.extensionInstalled() ? catalog.extensionVersion() : "absent", ticks,
                    catalog.hypertable() == null ? "is no" : "is", catalog.jobs().size(), millis);
        }
        Evidence.text("TimescaleDB catalog queries", String.join(";\n", EXTENSION_QUERY, HYPERTABLE_QUERY,
                JOBS_QUERY));
        Evidence.json("TimescaleDB catalog at " + catalog.jdbcUrl(), ObservationJson.of(catalog));
        return catalog;
    }

    private TimescaleCatalog query() {
        String shownUrl = database.shownUrl();
        Duration budget = database.requestTimeout();
        try (Connection connection = database.openSession()) {
            String version = extensionVersion(connection, budget);
            if (version == null) {
                return TimescaleCatalog.plainPostgres(shownUrl, budget, ticks);
            }
            try (PreparedStatement statement = connection.prepareStatement(HYPERTABLE_QUERY)) {
                statement.setQueryTimeout(TimescaleProbe.seconds(budget));
                statement.setString(1, ticks.quotedTable());
                try (ResultSet row = statement.executeQuery()) {
                    boolean found = row.next();
                    String hypertable = found && row.getString("hypertable_name") != null
                            ? row.getString("table_schema") + "." + row.getString("hypertable_name") : null;
                    return new TimescaleCatalog(shownUrl, budget, ticks, version, found, hypertable,
                            found ? row.getString("time_column") : null,
                            found ? (Long) row.getObject("num_chunks", Long.class) : null,
                            jobs(connection, budget), null);
                }
            }
        } catch (SQLException failed) {
            String state = failed.getSQLState() == null ? "" : " [SQLState " + failed.getSQLState() + "]";
            return TimescaleCatalog.failed(shownUrl, budget, ticks, database.redact(failed.getMessage()) + state);
        }
    }

    private static String extensionVersion(Connection connection, Duration budget) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TimescaleProbe.seconds(budget));
            try (ResultSet row = statement.executeQuery(EXTENSION_QUERY)) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static List<TimescaleJob> jobs(Connection connection, Duration budget) throws SQLException {
        List<TimescaleJob> jobs = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TimescaleProbe.seconds(budget));
            try (ResultSet row = statement.executeQuery(JOBS_QUERY)) {
                while (row.next()) {
                    String hypertable = row.getString("hypertable_name") == null ? null
                            : row.getString("hypertable_schema") + "." + row.getString("hypertable_name");
                    jobs.add(new TimescaleJob(row.getInt("job_id"), row.getString("application_name"),
                            row.getString("proc_schema") + "." + row.getString("proc_name"),
                            row.getBoolean("scheduled"), row.getString("last_run_status"),
                            row.getString("job_status"), instant(row, "last_run_started_at"),
                            instant(row, "last_successful_finish"), row.getObject("total_runs", Long.class),
                            row.getObject("total_failures", Long.class), hypertable));
                }
            }
        }
        return jobs;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
