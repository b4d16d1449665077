package io.aether.runbook.probe.grafana;

import java.nio.file.Path;

/**
 * One panel of a captured dashboard: how many queries it runs, what they returned over the incident window, and
 * the PNG it was rendered to.
 *
 * @param queryProblem why a query of the panel returned no frames (an error from the data source); {@code null}
 * @param image the rendered PNG; {@code null} when the panel was not rendered
 */
public record PanelCapture(int id, String title, int queries, int frames, int rows, String queryProblem, Path image) {

    /** Whether the snapshot keeps data for this panel, not only its queries. */
    public boolean holdsData() {
        return rows > 0;
    }

    /** Whether the panel shows query results at all (text and row panels do not). */
    public boolean queried() {
        return queries > 0;
    }
}
