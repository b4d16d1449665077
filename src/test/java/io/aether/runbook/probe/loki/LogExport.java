package io.aether.runbook.probe.loki;

import io.aether.runbook.config.IncidentWindow;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A Loki query exported over an incident window, page by page, into newline-delimited JSON: how many pages and
 * lines it took, and, when it stopped before covering the window, from when on the lines are missing and why.
 *
 * @param file the NDJSON file, one log line a line
 * @param missingFrom the first instant with no exported lines; {@code null} when the window is covered
 * @param stopReason why the export stopped early (a page limit reached, an error answer); {@code null} when covered
 */
public record LogExport(String url, String query, IncidentWindow window, int pageLimit, int maxPages, int pages,
        long lines, Path file, Instant missingFrom, String stopReason) {

    public boolean complete() {
        return missingFrom == null;
    }

    /** The range of the window the export does not hold, as messages name it; empty when complete. */
    public String missingRange() {
        return complete() ? "" : missingFrom + " to " + window.to();
    }
}
