package io.aether.runbook.postmortem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.probe.grafana.DashboardCapture;
import io.aether.runbook.probe.grafana.PanelCapture;
import io.aether.runbook.probe.loki.LogExport;
import java.util.List;

/** The JSON records a review writes beside the evidence itself: what was captured, from where, and what is missing. */
public final class EvidenceRecords {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceRecords() {
    }

    public static String snapshot(DashboardCapture capture, String grafanaUrl, IncidentWindow window) {
        ObjectNode record = JSON.createObjectNode().put("dashboard", capture.uid()).put("title", capture.title())
                .put("grafana", grafanaUrl).put("snapshotUrl", capture.snapshotUrl())
                .put("snapshotKey", capture.snapshotKey());
        window(record, window);
        record.put("holdsData", capture.captured() && capture.holdsData())
                .put("flaggedNoData", capture.captured() && !capture.holdsData())
                .put("rendererProblem", capture.rendererProblem()).put("failure", capture.failure());
        ArrayNode panels = record.putArray("panels");
        for (PanelCapture panel : capture.panels()) {
            panels.addObject().put("id", panel.id()).put("title", panel.title()).put("queries", panel.queries())
                    .put("frames", panel.frames()).put("rows", panel.rows())
                    .put("flaggedNoData", panel.queried() && !panel.holdsData())
                    .put("queryProblem", panel.queryProblem())
                    .put("image", panel.image() == null ? null : panel.image().getFileName().toString());
        }
        return text(record);
    }

    public static String export(LogExport export) {
        ObjectNode record = JSON.createObjectNode().put("loki", export.url()).put("query", export.query());
        window(record, export.window());
        record.put("file", export.file().getFileName().toString()).put("format", "ndjson").put("lines", export.lines())
                .put("pages", export.pages()).put("pageLimit", export.pageLimit()).put("maxPages", export.maxPages())
                .put("complete", export.complete());
        if (!export.complete()) {
            record.putObject("missing").put("from", export.missingFrom().toString())
                    .put("to", export.window().to().toString()).put("reason", export.stopReason());
        }
        return text(record);
    }

    public static String followUps(String incident, List<FollowUp> followUps) {
        ObjectNode record = JSON.createObjectNode().put("incident", incident);
        ArrayNode tasks = record.putArray("followUps");
        for (FollowUp followUp : followUps) {
            tasks.addObject().put("title", followUp.remediation().title()).put("owner", followUp.remediation().owner())
                    .put("due", followUp.remediation().due().toString()).put("line", followUp.remediation().line())
                    .put("key", followUp.key()).put("filedBefore", followUp.existed()).put("done", followUp.done())
                    .put("problem", followUp.done() ? null : problem(followUp.key() == null ? followUp.create()
                            : followUp.link()));
        }
        return text(record);
    }

    public static String ticket(TicketReceipt receipt) {
        ObjectNode record = JSON.createObjectNode().put("ticket", receipt.key())
                .put("found", receipt.lookup().delivered());
        ArrayNode uploads = record.putArray("uploads");
        for (TicketReceipt.Upload upload : receipt.uploads()) {
            uploads.addObject().put("file", upload.file()).put("size", upload.size())
                    .put("alreadyAttached", upload.alreadyAttached())
                    .put("status", upload.alreadyAttached() ? null : upload.delivery().status())
                    .put("problem", upload.alreadyAttached() ? null : upload.delivery().problem());
        }
        ArrayNode attached = record.putArray("attachmentsOnTicket");
        receipt.attached().forEach(attached::add);
        ArrayNode missing = record.putArray("missing");
        receipt.missing().forEach(missing::add);
        record.put("commentPosted", receipt.comment() != null && receipt.comment().delivered())
                .put("comment", receipt.commentText());
        return text(record);
    }

    private static String problem(Delivery delivery) {
        return delivery == null ? "not sent" : delivery.problem();
    }

    private static void window(ObjectNode record, IncidentWindow window) {
        record.put("incident", window.key()).putObject("window").put("from", window.from().toString())
                .put("to", window.to().toString());
    }

    private static String text(ObjectNode record) {
        try {
            return JSON.writeValueAsString(record) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of plain values always serialises", impossible);
        }
    }
}
