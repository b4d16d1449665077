package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.probe.loki.LogExport;
import io.aether.runbook.verdict.Verdict;

/**
 * Judges the Loki export of runbook 5.2: it covers the whole incident window. An export that stopped early fails
 * and names the time range it does not hold, so it never passes for complete; an export with no line at all is
 * inconclusive, since the query may select nothing.
 */
public final class LogExportJudge {

    private LogExportJudge() {
    }

    public static Verdict judge(LogExport export) {
        String what = "the Loki export of " + export.query() + " over " + export.window().span() + " from "
                + export.url();
        if (!export.complete()) {
            return Verdict.fail(what + " is truncated: log lines from " + export.missingRange() + " are missing,"
                    + " because " + export.stopReason() + "; it holds " + export.lines() + " line(s) from "
                    + export.pages() + " page(s); expected the whole window; open " + ReviewSteps.LOKI);
        }
        if (export.lines() == 0) {
            return Verdict.inconclusive(what + " holds no line: either the service logged nothing or the query"
                    + " selects no stream (postmortem.loki.query); open " + ReviewSteps.LOKI);
        }
        return Verdict.pass(what + " covers the window: " + export.lines() + " line(s) in " + export.pages()
                + " page(s) of at most " + export.pageLimit() + ", in " + export.file().getFileName());
    }
}
