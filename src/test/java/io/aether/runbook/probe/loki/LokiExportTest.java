package io.aether.runbook.probe.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.observability.LokiFake;
import io.aether.runbook.verdict.postmortem.LogExportJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("LokiProbe against the local Loki, which answers at most 500 lines a request")
class LokiExportTest {

    /** An hour of the risk API's logs: a line every 3 seconds, 1200 lines, three pages of at most 500. */
    private static final IncidentWindow HOUR = new IncidentWindow("INC-1", Instant.parse("2026-12-04T10:00:00Z"),
            Instant.parse("2026-12-04T11:00:00Z"));
    private static LokiFake loki;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        loki = LokiFake.start(environment(Map.of()), Set.of(), new ServiceDirectory());
    }

    @AfterAll
    static void stop() {
        loki.close();
    }

    private static Environment environment(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(overrides);
        if (loki != null) {
            all.put("postmortem.loki.url", loki.baseUrl());
        }
        return new EnvironmentLoader(Path.of("environments"), name -> null).load("local", all).environment();
    }

    @Test
    @DisplayName("pages until the window is covered, each page starting at the last line, with no line lost or doubled")
    void pagesUntilTheWindowIsCovered() throws IOException {
        int before = loki.queriesReceived().size();
        Path file = directory.resolve("export.ndjson");

        LogExport export = new LokiProbe(environment(Map.of()), Secrets.none()).export(HOUR, file);

        List<String> lines = Files.readAllLines(file);
        assertThat(export.complete()).isTrue();
        assertThat(export.pages()).isEqualTo(3);
        assertThat(export.lines()).isEqualTo(1200).isEqualTo(LokiFake.linesBetween(nanos(HOUR.from()),
                nanos(HOUR.to())));
        assertThat(lines).hasSize(1200).doesNotHaveDuplicates();
        assertThat(lines.get(0)).startsWith("{\"timestamp\":\"2026-12-04T10:00:00Z\",\"ns\":\"");
        assertThat(lines.get(1199)).startsWith("{\"timestamp\":\"2026-12-04T10:59:57Z\",\"ns\":\"");
        List<Map<String, String>> received = loki.queriesReceived().subList(before, before + 3);
        assertThat(received).extracting(query -> query.get("start")).containsExactly(
                String.valueOf(nanos(HOUR.from())), String.valueOf(nanos(Instant.parse("2026-12-04T10:24:57Z"))),
                String.valueOf(nanos(Instant.parse("2026-12-04T10:49:54Z"))));
        assertThat(received).allSatisfy(query -> assertThat(query).containsEntry("limit", "500")
                .containsEntry("direction", "forward").containsEntry("query", "{service=\"risk-api\"}")
                .containsEntry("end", String.valueOf(nanos(HOUR.to()))));
        assertThat(LogExportJudge.judge(export).message()).isEqualTo("the Loki export of {service=\"risk-api\"} over"
                + " 2026-12-04T10:00:00Z to 2026-12-04T11:00:00Z from " + loki.baseUrl() + " covers the window: 1200"
                + " line(s) in 3 page(s) of at most 500, in export.ndjson");
    }

    @Test
    @DisplayName("an export stopped by its page limit fails and names the time range it is missing")
    void truncatedExportNamesTheMissingRange() {
        LogExport export = new LokiProbe(environment(Map.of("postmortem.loki.maxPages", "2")), Secrets.none())
                .export(HOUR, directory.resolve("export.ndjson"));

        assertThat(export.complete()).isFalse();
        assertThat(export.lines()).isEqualTo(999);
        assertThat(LogExportJudge.judge(export)).satisfies(verdict -> {
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.message()).isEqualTo("the Loki export of {service=\"risk-api\"} over"
                    + " 2026-12-04T10:00:00Z to 2026-12-04T11:00:00Z from " + loki.baseUrl() + " is truncated: log"
                    + " lines from 2026-12-04T10:49:54Z to 2026-12-04T11:00:00Z are missing, because it reached"
                    + " postmortem.loki.maxPages, 2 pages of 500 lines; it holds 999 line(s) from 2 page(s);"
                    + " expected the whole window; open runbook 5.2 Export Loki query for service=risk-api covering"
                    + " the incident window");
        });
    }

    @Test
    @DisplayName("a page limit above Loki's own is refused by Loki, and the export says the whole window is missing")
    void pageLimitAboveLokisIsRefused() {
        LogExport export = new LokiProbe(environment(Map.of("postmortem.loki.pageLimit", "1000")), Secrets.none())
                .export(HOUR, directory.resolve("export.ndjson"));

        assertThat(export.missingRange()).isEqualTo("2026-12-04T10:00:00Z to 2026-12-04T11:00:00Z");
        assertThat(export.stopReason()).endsWith("answered 400 'max entries limit per query exceeded, limit >"
                + " max_entries_limit_per_query (1000 > 500)'");
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
