package io.aether.runbook.probe.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.observability.GrafanaFake;
import io.aether.runbook.verdict.postmortem.SnapshotJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GrafanaProbe against the local Grafana")
class GrafanaProbeTest {

    private static final IncidentWindow HOUR = new IncidentWindow("INC-1", Instant.parse("2026-12-04T10:00:00Z"),
            Instant.parse("2026-12-04T11:00:00Z"));

    @TempDir
    Path directory;
    private GrafanaFake grafana;
    private GrafanaProbe probe;

    @BeforeEach
    void start() {
        EnvironmentLoader loader = new EnvironmentLoader(Path.of("environments"), name -> null);
        grafana = GrafanaFake.start(loader.load("local", Map.of()).environment(), Set.of(), new ServiceDirectory());
        Environment env = loader.load("local", Map.of("postmortem.grafana.url", grafana.baseUrl())).environment();
        probe = new GrafanaProbe(env, Secrets.none());
    }

    @AfterEach
    void stop() {
        grafana.close();
    }

    @Test
    @DisplayName("a snapshot keeps each panel's data (500 points, the asked maximum), flags an empty panel, has PNGs")
    void snapshotKeepsDataAndRendersPanels() throws Exception {
        DashboardCapture capture = probe.capture("marketdata-ingest", HOUR, directory);

        assertThat(capture.snapshotUrl()).isEqualTo(grafana.baseUrl() + "/dashboard/snapshot/aether0001");
        assertThat(capture.panels()).extracting(PanelCapture::title, PanelCapture::rows).containsExactly(
                tuple("Ticks ingested per second", 500),
                tuple("Feed health", 0),
                tuple("Newest tick age", 500),
                tuple("Dropped ticks", 0));
        assertThat(capture.emptyPanels()).extracting(PanelCapture::title).containsExactly("Dropped ticks");
        assertThat(capture.images()).isEqualTo(3);
        assertThat(Files.readAllBytes(directory.resolve("grafana-marketdata-ingest-panel-3.png")))
                .startsWith(0x89, 'P', 'N', 'G');
        assertThat(grafana.received()).filteredOn(request -> "POST".equals(request.method())
                && request.path().startsWith("/api/snapshots")).hasSize(1);
        assertThat(SnapshotJudge.judge(List.of(capture), grafana.baseUrl(), HOUR).message()).isEqualTo(
                "1 dashboard(s) captured over 2026-12-04T10:00:00Z to 2026-12-04T11:00:00Z: marketdata-ingest -> "
                + grafana.baseUrl() + "/dashboard/snapshot/aether0001 (2 of 3 panels with data, 3 PNG(s); flagged"
                + " without data: 'Dropped ticks')");
    }

    @Test
    @DisplayName("without the image renderer the snapshot is still published, and the record says why there is no PNG")
    void missingRendererLeavesSnapshotWithoutImages() {
        grafana.rendererInstalled(false);

        DashboardCapture capture = probe.capture("risk-api-overview", HOUR, directory);

        assertThat(capture.captured()).isTrue();
        assertThat(capture.holdsData()).isTrue();
        assertThat(capture.images()).isZero();
        assertThat(capture.rendererProblem()).startsWith("the image renderer did not answer with a PNG: GET "
                + grafana.baseUrl() + "/render/d-solo/risk-api-overview/risk-api-overview?orgId=1&panelId=1")
                .endsWith("answered 500 application/json '{\"message\":\"Rendering failed: no image renderer"
                        + " available or installed\",\"traceID\":\"\"}'");
    }

    @Test
    @DisplayName("an unknown dashboard fails the capture, naming it and Grafana's answer")
    void unknownDashboardFails() {
        DashboardCapture capture = probe.capture("no-such-board", HOUR, directory);

        assertThat(SnapshotJudge.judge(List.of(capture), grafana.baseUrl(), HOUR).message()).isEqualTo(
                "dashboard no-such-board at " + grafana.baseUrl() + " could not be captured over 2026-12-04T10:00:00Z"
                + " to 2026-12-04T11:00:00Z: reading the dashboard: GET " + grafana.baseUrl()
                + "/api/dashboards/uid/no-such-board answered 404 '{\"message\":\"Dashboard not found\"}'; expected a"
                + " published snapshot of each; open runbook 5.1 Capture Grafana dashboard snapshots");
    }
}
