package io.aether.runbook.postmortem;

/** The items of runbook section 5's checklist as the review ticks them on the incident ticket. */
public enum ChecklistItem {
    GRAFANA("5.1", "Capture Grafana dashboard snapshots"),
    LOKI("5.2", "Export Loki query for service=risk-api covering the incident window"),
    SBOM("5.3", "SBOM artifacts of the latest pipeline run (and of this suite)"),
    REPORT("5.3", "Single-file report of the reviewed run"),
    FOLLOW_UPS("5.4", "Summarize remediations and create follow-up tasks in Jira");

    private final String step;
    private final String title;

    ChecklistItem(String step, String title) {
        this.step = step;
        this.title = title;
    }

    public String step() {
        return step;
    }

    public String title() {
        return title;
    }
}
