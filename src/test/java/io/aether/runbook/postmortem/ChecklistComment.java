package io.aether.runbook.postmortem;

import io.aether.runbook.verdict.Verdict;
import java.util.Optional;

/**
 * The summary comment a review leaves on the incident ticket, in Jira's wiki markup: each checklist item of runbook
 * section 5 ticked or crossed with what was found, every failure explained, and the attachments accounted for.
 */
public final class ChecklistComment {

    private ChecklistComment() {
    }

    public static String text(IncidentEvidence evidence, String environment, TicketReceipt receipt) {
        StringBuilder text = new StringBuilder();
        text.append("h3. Post-incident review of ").append(evidence.window().key()).append("\n")
                .append("Incident window ").append(evidence.window().span()).append("; evidence collected by the"
                        + " aether-runbook suite from environment '").append(environment).append("' into")
                .append(" reports/evidence/").append(evidence.window().key()).append("/.\n\n");
        for (ChecklistItem item : ChecklistItem.values()) {
            Optional<Verdict> outcome = evidence.outcome(item);
            text.append(mark(outcome)).append(' ').append(item.step()).append(' ').append(item.title()).append(": ")
                    .append(outcome.map(Verdict::message).orElse("not run in this review")).append('\n');
        }
        long refused = receipt.uploads().stream()
                .filter(upload -> !upload.alreadyAttached() && !upload.delivery().delivered()).count();
        boolean complete = refused == 0 && receipt.missing().isEmpty();
        text.append(complete ? "(/)" : "(x)").append(" 5.3 Attachments: ")
                .append(receipt.uploads().size() - receipt.missing().size()).append(" of ")
                .append(receipt.uploads().size()).append(" evidence item(s) on the ticket");
        if (!receipt.missing().isEmpty()) {
            text.append("; missing ").append(String.join(", ", receipt.missing()));
        }
        text.append(": ").append(String.join(", ", receipt.uploads().stream().map(TicketReceipt.Upload::file)
                .toList())).append('\n');
        return text.toString();
    }

    private static String mark(Optional<Verdict> outcome) {
        if (outcome.isEmpty()) {
            return "(?)";
        }
        return switch (outcome.get().outcome()) {
            case PASS -> "(/)";
            case FAIL -> "(x)";
            case INCONCLUSIVE -> "(!)";
        };
    }
}
