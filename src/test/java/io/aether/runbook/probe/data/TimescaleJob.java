package io.aether.runbook.probe.data;

import java.time.Instant;

/**
 * One background job of the TimescaleDB extension, as {@code timescaledb_information.jobs} and {@code job_stats}
 * describe it; the statistics are null for a job that never ran.
 *
 * @param lastRunStatus {@code Success}, {@code Failed}, or null while it has not finished a run
 * @param jobStatus {@code Scheduled}, {@code Running} or {@code Paused}
 * @param hypertable the hypertable the job works on ({@code schema.table}), or null for the extension's own jobs
 */
public record TimescaleJob(int jobId, String applicationName, String procedure, boolean scheduled,
        String lastRunStatus, String jobStatus, Instant lastRunStartedAt, Instant lastSuccessfulFinish,
        Long totalRuns, Long totalFailures, String hypertable) {

    public boolean lastRunFailed() {
        return "Failed".equals(lastRunStatus);
    }
}
