package io.aether.runbook.escalation;

/**
 * Where a breaching run files its incident. Jira is the one implementation today ({@link JiraTracker}); another
 * tracker implements this and is chosen where {@link Escalator} builds its targets.
 */
public interface IncidentTracker {

    /**
     * Files the run's incident, or adds the run to the environment's incident that is still open, and attaches
     * the run's report when it has been rendered.
     */
    IncidentReceipt file(Incident incident, ReportLocation report);
}
