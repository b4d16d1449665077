package io.aether.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ReportRenderer")
class ReportRendererTest {

    private static final String PAGE = String.join("\n",
            "<!DOCTYPE html>",
            "<html dir=\"ltr\">",
            "<head>",
            "    <meta charset=\"utf-8\">",
            "    <title>Allure Report</title>",
            "    <script async src=\"https://www.googletagmanager.com/gtag/js?id=G-FVWC4GKEYS\"></script>",
            "    <script>",
            "      window.dataLayer = window.dataLayer || [];",
            "      function gtag(){dataLayer.push(arguments);}",
            "      gtag('js', new Date());",
            "      gtag('config', 'G-FVWC4GKEYS', {",
            "        'allureVersion': '2.32.0',",
            "        'reportUuid': 'b1b2c3',",
            "        'single_file': false",
            "      });",
            "    </script>",
            "    <script>window.allure = {};</script>",
            "</head>",
            "<body><div id=\"alert\"></div></body>",
            "</html>");

    @TempDir
    Path directory;

    @Test
    void removesTheAnalyticsTagAndKeepsTheReportsOwnScripts() throws IOException {
        Path page = Files.writeString(directory.resolve("index.html"), PAGE);

        ReportRenderer.withoutAnalytics(page);

        String html = Files.readString(page);
        assertThat(html).doesNotContain("googletagmanager").doesNotContain("gtag(")
                .contains("<script>window.allure = {};</script>").contains("<title>Allure Report</title>");
    }
}
