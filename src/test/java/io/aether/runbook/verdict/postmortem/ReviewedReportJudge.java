package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Judges the report item of runbook 5.3: the single-file report of the reviewed run exists where it is taken from
 * and is an HTML page of the Allure report.
 */
public final class ReviewedReportJudge {

    private ReviewedReportJudge() {
    }

    /**
     * @param size the file's size in bytes; negative when there is no such file
     * @param rendered when the file was last written
     * @param allure whether the page is Allure's
     */
    public static Verdict judge(Path source, long size, Instant rendered, boolean allure) {
        if (size < 0) {
            return Verdict.fail("no single-file report of the reviewed run at " + source + ": expected the"
                    + " aether-runbook-report.html that `mvn verify` renders into reports/; run the checks of the"
                    + " incident's environment first, or name the file with -Dincident.report=PATH; open "
                    + ReviewSteps.ATTACH);
        }
        if (!allure) {
            return Verdict.fail(source + " (" + size + " bytes) is not a single-file Allure report; expected the"
                    + " page `mvn verify` renders; open " + ReviewSteps.ATTACH);
        }
        return Verdict.pass("report of the reviewed run taken from " + source + " (" + size / 1024 + " KiB,"
                + " rendered " + rendered + ")");
    }
}
