package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.probe.grafana.DashboardCapture;
import io.aether.runbook.probe.grafana.PanelCapture;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges the Grafana capture of runbook 5.1: every dashboard the environment names has a published snapshot over
 * the incident window that holds data. A snapshot holding none (each panel's queries returned nothing) is flagged
 * and fails, since it would show only queries once the data ages out; single empty panels are flagged in the
 * message and pass.
 */
public final class SnapshotJudge {

    private SnapshotJudge() {
    }

    public static Verdict judge(List<DashboardCapture> captures, String grafanaUrl, IncidentWindow window) {
        List<DashboardCapture> failed = captures.stream().filter(capture -> !capture.captured()).toList();
        if (!failed.isEmpty()) {
            return Verdict.fail(failed.stream().map(capture -> "dashboard " + capture.uid() + " at " + grafanaUrl
                    + " could not be captured over " + window.span() + ": " + capture.failure())
                    .collect(Collectors.joining("; ")) + "; expected a published snapshot of each; open "
                    + ReviewSteps.GRAFANA);
        }
        List<DashboardCapture> empty = captures.stream().filter(capture -> !capture.holdsData()).toList();
        if (!empty.isEmpty()) {
            return Verdict.fail(empty.stream().map(capture -> "snapshot " + capture.snapshotUrl() + " of dashboard "
                    + capture.uid() + " holds no data for " + window.span() + " (flagged): none of its "
                    + capture.queriedPanels().size() + " panels' queries returned anything" + problems(capture))
                    .collect(Collectors.joining("; ")) + "; expected each snapshot to keep its panels' data;"
                    + " open " + ReviewSteps.GRAFANA);
        }
        return Verdict.pass(captures.size() + " dashboard(s) captured over " + window.span() + ": "
                + captures.stream().map(SnapshotJudge::describe).collect(Collectors.joining("; ")));
    }

    private static String describe(DashboardCapture capture) {
        int queried = capture.queriedPanels().size();
        String text = capture.uid() + " -> " + capture.snapshotUrl() + " (" + (queried - capture.emptyPanels().size())
                + " of " + queried + " panels with data, " + capture.images() + " PNG(s)";
        if (!capture.emptyPanels().isEmpty()) {
            text += "; flagged without data: " + capture.emptyPanels().stream()
                    .map(panel -> "'" + panel.title() + "'").collect(Collectors.joining(", "));
        }
        if (capture.rendererProblem() != null) {
            text += "; no PNGs: " + capture.rendererProblem();
        }
        return text + ")";
    }

    private static String problems(DashboardCapture capture) {
        String problems = capture.queriedPanels().stream().map(PanelCapture::queryProblem)
                .filter(problem -> problem != null).distinct().collect(Collectors.joining("; "));
        return problems.isEmpty() ? "" : " (" + problems + ")";
    }
}
