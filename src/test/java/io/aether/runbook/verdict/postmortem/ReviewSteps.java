package io.aether.runbook.verdict.postmortem;

/** The runbook steps of section 5 the review's checks send a reviewer to, by number and title. */
final class ReviewSteps {

    static final String GRAFANA = "runbook 5.1 Capture Grafana dashboard snapshots";
    static final String LOKI = "runbook 5.2 Export Loki query for service=risk-api covering the incident window";
    static final String ATTACH =
            "runbook 5.3 Attach SBOM artifacts from the latest pipeline run to the incident ticket";
    static final String FOLLOW_UPS = "runbook 5.4 Summarize remediations and create follow-up tasks in Jira";

    private ReviewSteps() {
    }
}
