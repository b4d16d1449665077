package io.aether.runbook.verdict.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.TickTable;
import io.aether.runbook.probe.data.TimescaleCatalog;
import io.aether.runbook.probe.data.TimescaleJob;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** TimescaleDB-only judgements on catalog rows shaped as TimescaleDB 2.17 returns them. */
@DisplayName("TimescaleDB catalog judge")
class TimescaleCatalogJudgeTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/marketdata?user=postgres";
    private static final TickTable TICKS = new TickTable("market_ticks", "event_time");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant STARTED = Instant.parse("2026-03-02T09:00:00Z");
    /** The extension's own jobs on a fresh database: error log retention (2) and job history retention (3). */
    private static final TimescaleJob ERROR_LOG = new TimescaleJob(2, "Error Log Retention Policy [2]",
            "_timescaledb_functions.policy_job_stat_history_retention", true, "Success", "Scheduled", STARTED,
            STARTED.plusMillis(40), 1L, 0L, null);
    private static final TimescaleJob NEVER_RAN = new TimescaleJob(3, "Job History Log Retention Policy [3]",
            "_timescaledb_functions.policy_job_stat_history_retention", true, null, "Scheduled", null, null, null,
            null, null);

    private static TimescaleCatalog catalog(boolean found, String hypertable, String time, List<TimescaleJob> jobs) {
        return new TimescaleCatalog(URL, TIMEOUT, TICKS, "2.17.2", found, hypertable, time, found ? 1L : null,
                jobs, null);
    }

    @Test
    @DisplayName("a hypertable on event_time passes, naming its chunks and the extension's version")
    void hypertablePasses() {
        Verdict verdict = TimescaleCatalogJudge.hypertable(catalog(true, "public.market_ticks", "event_time",
                List.of()));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.message()).isEqualTo("the tick table public.market_ticks is a hypertable partitioned on"
                + " event_time with 1 chunk(s) in " + URL + " (TimescaleDB 2.17.2)");
    }

    @Test
    @DisplayName("a plain table where TimescaleDB is installed fails, naming the table and step 3.1")
    void plainTableFails() {
        Verdict verdict = TimescaleCatalogJudge.hypertable(catalog(true, null, null, List.of()));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).isEqualTo("the tick table market_ticks is a plain table, not a hypertable in "
                + URL + " (TimescaleDB 2.17.2); expected a hypertable partitioned on event_time, or ticks pile up in"
                + " one unpartitioned table; open runbook 3.1 Query TimescaleDB for the latest market tick");
    }

    @Test
    @DisplayName("a hypertable partitioned on another column fails, naming both columns")
    void wrongTimeColumnFails() {
        Verdict verdict = TimescaleCatalogJudge.hypertable(catalog(true, "public.market_ticks", "ingested_at",
                List.of()));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).startsWith("the hypertable public.market_ticks is partitioned in time on"
                + " ingested_at in ").contains("expected event_time, the column the freshness query reads");
    }

    @Test
    @DisplayName("a missing tick table fails")
    void missingTableFails() {
        Verdict verdict = TimescaleCatalogJudge.hypertable(catalog(false, null, null, List.of()));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).startsWith("the tick table market_ticks does not exist in " + URL);
    }

    @Test
    @DisplayName("jobs that succeeded or never ran pass, counting the ones that finished a run")
    void healthyJobsPass() {
        Verdict verdict = TimescaleCatalogJudge.jobs(catalog(true, "public.market_ticks", "event_time",
                List.of(ERROR_LOG, NEVER_RAN)));

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.message()).isEqualTo("none of the 2 TimescaleDB background jobs failed its last run in "
                + URL + " (TimescaleDB 2.17.2); 1 have finished a run");
    }

    @Test
    @DisplayName("a job whose last run failed fails the check, naming the job, its hypertable and its failures")
    void failedJobFails() {
        TimescaleJob retention = new TimescaleJob(1000, "Retention Policy [1000]",
                "_timescaledb_functions.policy_retention", true, "Failed", "Scheduled", STARTED,
                STARTED.minus(Duration.ofDays(1)), 12L, 3L, "public.market_ticks");

        Verdict verdict = TimescaleCatalogJudge.jobs(catalog(true, "public.market_ticks", "event_time",
                List.of(ERROR_LOG, retention)));

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).isEqualTo("1 of 2 TimescaleDB background jobs failed their last run in " + URL
                + " (TimescaleDB 2.17.2): job 1000 'Retention Policy [1000]'"
                + " (_timescaledb_functions.policy_retention on public.market_ticks, Scheduled) last started"
                + " 2026-03-02T09:00:00Z, last succeeded 2026-03-01T09:00:00Z, 3 of 12 runs failed; expected every"
                + " job's last run to succeed; open runbook 3.1 Query TimescaleDB for the latest market tick");
    }

    @Test
    @DisplayName("plain PostgreSQL, and a database that does not answer, give a reason to skip")
    void notApplicable() {
        assertThat(TimescaleCatalogJudge.notApplicable(TimescaleCatalog.plainPostgres(URL, TIMEOUT, TICKS)))
                .contains("the database at " + URL + " is plain PostgreSQL: the timescaledb extension is not"
                        + " installed, so it has no hypertable or background job to judge");
        assertThat(TimescaleCatalogJudge.notApplicable(TimescaleCatalog.failed(URL, TIMEOUT, TICKS,
                "Connection refused [SQLState 08001]"))).contains("cannot tell whether TimescaleDB is installed: "
                + URL + " did not answer within 5s (Connection refused [SQLState 08001]); the market-tick"
                + " freshness check reports the outage");
        assertThat(TimescaleCatalogJudge.notApplicable(catalog(true, "public.market_ticks", "event_time",
                List.of()))).isEmpty();
    }
}
