package io.aether.runbook.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.junit.IncidentUnderReview;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs runbook section 5 through the JUnit test kit against the local platform, with and without an incident, and
 * asserts what it leaves in the evidence folder and on the Jira fake's ticket.
 */
@DisplayName("Post-incident review against the local platform")
class PostIncidentReviewScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    @Test
    @DisplayName("without -Dincident the section is skipped with the reason, nothing failed and nothing passed")
    void withoutIncidentTheSectionIsSkipped() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameter("env", "local")
                .configurationParameter("reports.dir", reports.toString())
                .selectors(selectClass(PostIncidentReviewIT.class)).execute();

        assertThat(results.containerEvents().skipped().count()).isEqualTo(1);
        assertThat(results.containerEvents().skipped().stream().map(event -> event.getPayload(String.class)
                .orElse(""))).containsExactly(IncidentUnderReview.NO_INCIDENT);
        assertThat(results.testEvents().count()).isZero();
    }

    @Test
    @DisplayName("the full checklist passes, leaves every item in the evidence folder and all of it on INC-1")
    void fullChecklistLeavesEvidenceOnTheTicket() throws IOException {
        Path evidence = Files.createDirectories(reports.resolve("evidence/INC-1"));
        Files.writeString(evidence.resolve("remediations.yaml"), "remediations:\n"
                + "  - title: Raise the risk API's HPA ceiling\n    owner: jdoe\n    due: 2026-12-18\n");
        Path report = Files.writeString(reports.resolve("reviewed-run.html"),
                "<!DOCTYPE html><html><head><title>Allure Report</title></head><body></body></html>");
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").configurationParameter("env", "local")
                .configurationParameter("reports.dir", reports.toString())
                .configurationParameter("incident", "INC-1").configurationParameter("incident.from", from.toString())
                .configurationParameter("incident.report", report.toString())
                .selectors(selectClass(PostIncidentReviewIT.class)).execute();

        List<String> failures = new ArrayList<>();
        results.testEvents().failed().stream().forEach(event -> failures.add(event.getTestDescriptor()
                .getDisplayName()));
        assertThat(failures).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(6);
        List<String> files;
        try (Stream<Path> listed = Files.list(evidence)) {
            files = listed.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertThat(files).containsExactly("follow-ups.json", "grafana-marketdata-ingest-panel-1.png",
                "grafana-marketdata-ingest-panel-3.png", "grafana-marketdata-ingest-panel-4.png",
                "grafana-marketdata-ingest.snapshot.json", "grafana-risk-api-overview-panel-1.png",
                "grafana-risk-api-overview-panel-2.png", "grafana-risk-api-overview-panel-3.png",
                "grafana-risk-api-overview.snapshot.json", "loki-export.json", "loki-service-risk-api.ndjson",
                "remediations.yaml", "reviewed-run.html", "sbom-pipeline.cdx.json", "sbom-suite.cdx.json",
                "ticket.json");
        JsonNode ticket = JSON.readTree(evidence.resolve("ticket.json").toFile());
        List<String> onTicket = new ArrayList<>();
        ticket.path("attachmentsOnTicket").forEach(name -> onTicket.add(name.asText()));
        assertThat(onTicket).containsExactlyInAnyOrderElementsOf(files.stream()
                .filter(name -> !name.equals("ticket.json")).toList());
        assertThat(ticket.path("commentPosted").asBoolean()).isTrue();
        JsonNode followUps = JSON.readTree(evidence.resolve("follow-ups.json").toFile()).path("followUps");
        assertThat(followUps.get(0).path("key").asText()).isEqualTo("INC-101");
        JsonNode export = JSON.readTree(evidence.resolve("loki-export.json").toFile());
        assertThat(export.path("complete").asBoolean()).isTrue();
        assertThat(export.path("pages").asInt()).isGreaterThanOrEqualTo(3);
    }
}
