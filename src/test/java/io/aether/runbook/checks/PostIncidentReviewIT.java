package io.aether.runbook.checks;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.Environment;
import io.aether.runbook.escalation.DeliveryClient;
import io.aether.runbook.escalation.JiraTracker;
import io.aether.runbook.junit.Checks;
import io.aether.runbook.junit.IncidentUnderReview;
import io.aether.runbook.junit.Runbook;
import io.aether.runbook.junit.RunbookSection;
import io.aether.runbook.junit.Tags;
import io.aether.runbook.postmortem.ChecklistComment;
import io.aether.runbook.postmortem.ChecklistItem;
import io.aether.runbook.postmortem.EvidenceRecords;
import io.aether.runbook.postmortem.FollowUp;
import io.aether.runbook.postmortem.FollowUpTasks;
import io.aether.runbook.postmortem.IncidentEvidence;
import io.aether.runbook.postmortem.IncidentTicket;
import io.aether.runbook.postmortem.Remediation;
import io.aether.runbook.postmortem.RemediationList;
import io.aether.runbook.postmortem.TicketReceipt;
import io.aether.runbook.probe.grafana.DashboardCapture;
import io.aether.runbook.probe.grafana.GrafanaProbe;
import io.aether.runbook.probe.grafana.PanelCapture;
import io.aether.runbook.probe.loki.LogExport;
import io.aether.runbook.probe.loki.LokiProbe;
import io.aether.runbook.probe.sbom.SbomReading;
import io.aether.runbook.probe.sbom.SbomSource;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.postmortem.FollowUpJudge;
import io.aether.runbook.verdict.postmortem.LogExportJudge;
import io.aether.runbook.verdict.postmortem.ReviewedReportJudge;
import io.aether.runbook.verdict.postmortem.SbomJudge;
import io.aether.runbook.verdict.postmortem.SnapshotJudge;
import io.aether.runbook.verdict.postmortem.TicketJudge;
import io.qameta.allure.Allure;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runbook section 5, the post-incident review checklist, done for the reviewer: Grafana snapshots, the Loki export,
 * both SBOMs and the reviewed run's report gathered under {@code reports/evidence/KEY/}, remediations filed as
 * follow-up tasks, and everything attached to ticket KEY with the checklist as a comment. Runs only with
 * {@code -Dincident=KEY -Dincident.from=T1}; the ticket step runs last so its comment can tick the others.
 */
@RunbookSection(5)
@Tag(Tags.POSTMORTEM)
@ExtendWith(IncidentUnderReview.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Feature("5 Post-incident review checklist")
@DisplayName("5. Post-incident review checklist")
class PostIncidentReviewIT {

    @Test
    @Order(1)
    @Story("5.1 Grafana dashboard snapshots")
    @DisplayName("every named Grafana dashboard is snapshotted with its data over the incident window")
    void grafanaDashboardsAreSnapshotted(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        Environment.Postmortem.Grafana grafana = runbook.environment().postmortem().grafana();
        requireSetting(evidence, ChecklistItem.GRAFANA, runbook, "postmortem.grafana.url", grafana.url());
        requireSetting(evidence, ChecklistItem.GRAFANA, runbook, "postmortem.grafana.dashboards",
                String.join(",", grafana.dashboards()));
        GrafanaProbe probe = runbook.shared(GrafanaProbe.class, rb -> new GrafanaProbe(rb.environment(),
                rb.secrets()));

        List<DashboardCapture> captures = Allure.step("Snapshot each dashboard over the window, with its data",
                () -> grafana.dashboards().stream().map(uid -> probe.capture(uid, evidence.window(),
                        evidence.directory())).toList());

        Allure.step("Record each snapshot and attach the panel images", () -> captures.forEach(capture -> {
            evidence.write("grafana-" + capture.uid() + ".snapshot.json",
                    EvidenceRecords.snapshot(capture, probe.url(), evidence.window()));
            capture.panels().stream().map(PanelCapture::image).filter(image -> image != null)
                    .forEach(evidence::attach);
        }));

        conclude(evidence, ChecklistItem.GRAFANA, SnapshotJudge.judge(captures, probe.url(), evidence.window()));
    }

    @Test
    @Order(2)
    @Story("5.2 Loki export")
    @DisplayName("the Loki export of the risk API's logs covers the incident window")
    void lokiExportCoversWindow(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        requireSetting(evidence, ChecklistItem.LOKI, runbook, "postmortem.loki.url",
                runbook.environment().postmortem().loki().url());
        LokiProbe loki = runbook.shared(LokiProbe.class, rb -> new LokiProbe(rb.environment(), rb.secrets()));
        Path file = evidence.directory().resolve("loki-" + slug(loki.query()) + ".ndjson");

        LogExport export = Allure.step("Export " + loki.query() + " over the window, page by page",
                () -> loki.export(evidence.window(), file));

        Allure.step("Record the export and attach it", () -> {
            evidence.attach(file);
            evidence.write("loki-export.json", EvidenceRecords.export(export));
        });

        conclude(evidence, ChecklistItem.LOKI, LogExportJudge.judge(export));
    }

    @Test
    @Order(3)
    @Story("5.3 SBOM artifacts")
    @DisplayName("the latest pipeline run's SBOM and this suite's own SBOM are valid CycloneDX JSON")
    void sbomsAreCycloneDx(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        Environment.Postmortem.Sbom sbom = runbook.environment().postmortem().sbom();
        SbomSource source = new SbomSource(runbook.environment(), runbook.secrets());

        SbomReading pipeline = Allure.step("Fetch the latest pipeline run's SBOM", () -> source.read(
                "the latest pipeline run's SBOM (postmortem.sbom.pipeline)", sbom.pipeline(),
                sbom.pipelineTokenEnv()));
        SbomReading suite = Allure.step("Read the SBOM this suite's build wrote", () -> source.read(
                "this suite's SBOM (postmortem.sbom.suite)", sbom.suite(), null));

        Allure.step("Keep both SBOMs", () -> {
            keep(evidence, "sbom-pipeline.cdx.json", pipeline);
            keep(evidence, "sbom-suite.cdx.json", suite);
        });

        conclude(evidence, ChecklistItem.SBOM, SbomJudge.judge(List.of(pipeline, suite)));
    }

    @Test
    @Order(4)
    @Story("5.3 Report of the reviewed run")
    @DisplayName("the single-file report of the reviewed run is collected")
    void reviewedRunReportIsCollected(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        Path source = runbook.settings().reviewedReport();

        byte[] page = Allure.step("Read the report from " + source, () -> Files.isRegularFile(source)
                ? Files.readAllBytes(source) : null);
        boolean allure = page != null && new String(page, 0, Math.min(page.length, 200_000), StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT).contains("allure");

        if (allure) {
            Allure.step("Keep it", () -> evidence.write(source.getFileName().toString(), page));
        }

        conclude(evidence, ChecklistItem.REPORT, ReviewedReportJudge.judge(Path.of(shown(source)),
                page == null ? -1 : page.length, page == null ? null : modified(source), allure));
    }

    @Test
    @Order(5)
    @Story("5.4 Follow-up tasks")
    @DisplayName("every agreed remediation is a follow-up task linked to the incident")
    void remediationsAreFollowUpTasks(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        Path file = evidence.directory().resolve(RemediationList.FILE);
        String shown = shown(file);
        if (!Files.isRegularFile(file)) {
            skip(evidence, ChecklistItem.FOLLOW_UPS, "no remediation list at " + shown + ": write the agreed"
                    + " remediations there (title, owner, due) and rerun to file them as follow-up tasks");
        }
        requireSetting(evidence, ChecklistItem.FOLLOW_UPS, runbook, "escalation.jira.url",
                runbook.environment().escalation().jira().url());

        List<Remediation> remediations = Allure.step("Read the remediation list", () -> read(evidence, file, shown));
        evidence.attach(file);

        List<FollowUp> followUps = Allure.step("File each remediation as a task linked to "
                + evidence.window().key(), () -> new FollowUpTasks(tracker(runbook),
                runbook.environment().postmortem().followUps()).file(evidence.window(), remediations));

        evidence.write("follow-ups.json", EvidenceRecords.followUps(evidence.window().key(), followUps));
        conclude(evidence, ChecklistItem.FOLLOW_UPS, FollowUpJudge.judge(evidence.window().key(), shown, followUps));
    }

    @Test
    @Order(6)
    @Story("5.3 Attach to the incident ticket")
    @DisplayName("every gathered item is attached to the incident ticket, with the checklist as a comment")
    void evidenceIsOnTheTicket(Runbook runbook) {
        IncidentEvidence evidence = evidence(runbook);
        requireSetting(evidence, null, runbook, "escalation.jira.url",
                runbook.environment().escalation().jira().url());
        IncidentTicket ticket = new IncidentTicket(tracker(runbook), evidence.window().key());

        TicketReceipt receipt = Allure.step("Attach every item to " + evidence.window().key()
                + " and post the checklist", () -> ticket.attach(evidence.items(),
                        partial -> ChecklistComment.text(evidence, runbook.environment().name(), partial)));

        evidence.write(IncidentEvidence.TICKET_RECORD, EvidenceRecords.ticket(receipt));
        Checks.require(TicketJudge.judge(receipt));
    }

    private static IncidentEvidence evidence(Runbook runbook) {
        return runbook.shared(IncidentEvidence.class, rb -> IncidentEvidence.open(rb.settings()));
    }

    private static JiraTracker tracker(Runbook runbook) {
        return runbook.shared(JiraTracker.class, rb -> {
            Environment.Escalation escalation = rb.environment().escalation();
            return new JiraTracker(escalation.jira().url(),
                    rb.secrets().value(escalation.jira().userEnv()).orElse(null),
                    rb.secrets().value(escalation.jira().tokenEnv()).orElse(null),
                    new DeliveryClient(rb.environment().timeouts(), escalation.retry(), rb.secrets()));
        });
    }

    /** A malformed list is this item's failure, with the file, the line and the reason; nothing is filed from it. */
    private static List<Remediation> read(IncidentEvidence evidence, Path file, String shown) {
        try {
            return RemediationList.read(file, shown);
        } catch (ConfigException malformed) {
            conclude(evidence, ChecklistItem.FOLLOW_UPS, Verdict.fail(malformed.getMessage()));
            throw new IllegalStateException("unreachable: a failed verdict ends the check", malformed);
        }
    }

    private static void keep(IncidentEvidence evidence, String name, SbomReading reading) {
        if (reading.fetched()) {
            evidence.write(name, reading.content());
        }
    }

    private static void conclude(IncidentEvidence evidence, ChecklistItem item, Verdict verdict) {
        if (item != null) {
            evidence.record(item, verdict);
        }
        Checks.require(verdict);
    }

    /** An environment that does not say where a system is skips that item with the key to set, never passes it. */
    private static void requireSetting(IncidentEvidence evidence, ChecklistItem item, Runbook runbook, String key,
            String value) {
        if (value == null || value.isBlank()) {
            skip(evidence, item, "environment '" + runbook.environment().name() + "' does not set " + key
                    + ", so this item cannot be done; set it in environments/" + runbook.environment().name()
                    + ".yaml");
        }
    }

    private static void skip(IncidentEvidence evidence, ChecklistItem item, String reason) {
        if (item != null) {
            evidence.record(item, Verdict.inconclusive("not done: " + reason));
        }
        Assumptions.abort(reason);
    }

    /** A path as messages show it: relative to the working folder when inside it, as Maven runs from the project. */
    private static String shown(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private static String slug(String query) {
        String slug = query.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "query" : slug;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
