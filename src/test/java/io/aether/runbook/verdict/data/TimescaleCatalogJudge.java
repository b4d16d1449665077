package io.aether.runbook.verdict.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.data.TimescaleCatalog;
import io.aether.runbook.probe.data.TimescaleJob;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges what only TimescaleDB has (runbook 3.1): the tick table is a hypertable on its time column, and none of
 * the extension's background jobs failed its last run. Where the extension is absent, or the database did not
 * answer, there is nothing to judge, and the checks skip with the reason this judge gives.
 */
public final class TimescaleCatalogJudge {

    private TimescaleCatalogJudge() {
    }

    /** Why the TimescaleDB-only checks cannot judge this database, or empty when they can. */
    public static Optional<String> notApplicable(TimescaleCatalog catalog) {
        if (!catalog.succeeded()) {
            return Optional.of("cannot tell whether TimescaleDB is installed: " + catalog.jdbcUrl()
                    + " did not answer within " + Durations.format(catalog.timeout()) + " ("
                    + catalog.error() + "); the market-tick freshness check reports the outage");
        }
        if (!catalog.extensionInstalled()) {
            return Optional.of("the database at " + catalog.jdbcUrl() + " is plain PostgreSQL: the timescaledb"
                    + " extension is not installed, so it has no hypertable or background job to judge");
        }
        return Optional.empty();
    }

    public static Verdict hypertable(TimescaleCatalog catalog) {
        String table = catalog.ticks().table();
        String time = catalog.ticks().timeColumn();
        String where = " in " + catalog.jdbcUrl() + " (TimescaleDB " + catalog.extensionVersion() + ")";
        if (!catalog.tableFound()) {
            return Verdict.fail("the tick table " + table + " does not exist" + where + "; expected a hypertable"
                    + " partitioned on " + time + "; open " + RunbookSteps.LATEST_TICK);
        }
        if (catalog.hypertable() == null) {
            return Verdict.fail("the tick table " + table + " is a plain table, not a hypertable" + where
                    + "; expected a hypertable partitioned on " + time + ", or ticks pile up in one unpartitioned"
                    + " table; open " + RunbookSteps.LATEST_TICK);
        }
        if (!time.equals(catalog.timeDimension())) {
            return Verdict.fail("the hypertable " + catalog.hypertable() + " is partitioned in time on "
                    + (catalog.timeDimension() == null ? "no column" : catalog.timeDimension()) + where
                    + "; expected " + time + ", the column the freshness query reads; open "
                    + RunbookSteps.LATEST_TICK);
        }
        return Verdict.pass("the tick table " + catalog.hypertable() + " is a hypertable partitioned on " + time
                + " with " + catalog.chunks() + " chunk(s)" + where);
    }

    public static Verdict jobs(TimescaleCatalog catalog) {
        List<TimescaleJob> failing = catalog.jobs().stream().filter(TimescaleJob::lastRunFailed)
                .collect(Collectors.toList());
        String where = " in " + catalog.jdbcUrl() + " (TimescaleDB " + catalog.extensionVersion() + ")";
        if (!failing.isEmpty()) {
            return Verdict.fail(failing.size() + " of " + catalog.jobs().size() + " TimescaleDB background jobs"
                    + " failed their last run" + where + ": " + failing.stream().map(TimescaleCatalogJudge::describe)
                    .collect(Collectors.joining("; ")) + "; expected every job's last run to succeed; open "
                    + RunbookSteps.LATEST_TICK);
        }
        long ran = catalog.jobs().stream().filter(job -> job.lastRunStatus() != null).count();
        return Verdict.pass("none of the " + catalog.jobs().size() + " TimescaleDB background jobs failed its last"
                + " run" + where + "; " + ran + " have finished a run");
    }

    private static String describe(TimescaleJob job) {
        return "job " + job.jobId() + " '" + job.applicationName() + "' (" + job.procedure()
                + (job.hypertable() == null ? "" : " on " + job.hypertable()) + ", " + job.jobStatus()
                + ") last started " + job.lastRunStartedAt() + ", last succeeded "
                + (job.lastSuccessfulFinish() == null ? "never" : job.lastSuccessfulFinish().toString()) + ", "
                + job.totalFailures() + " of " + job.totalRuns() + " runs failed";
    }
}
