package io.aether.runbook.escalation;

import io.aether.runbook.report.ReportRenderer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the run's single-file Allure report is, or will be. Escalation runs inside the test JVM, before Maven
 * renders the report (which happens after that JVM ends), so on a normal run the file does not exist yet when the
 * incident is filed: the incident then names where it will be instead of attaching it. A rerun or a caller that
 * renders first gets the attachment.
 *
 * @param link what people are sent to: {@code -Drunbook.report.url} (e.g. the CI artifact), else the file path
 */
public record ReportLocation(Path singleFile, String link) {

    public static ReportLocation in(Path reportsDirectory, String url) {
        Path file = reportsDirectory.resolve(ReportRenderer.SINGLE_FILE).toAbsolutePath().normalize();
        return new ReportLocation(file, url == null || url.isBlank() ? file.toString() : url);
    }

    public boolean rendered() {
        return Files.isRegularFile(singleFile);
    }
}
