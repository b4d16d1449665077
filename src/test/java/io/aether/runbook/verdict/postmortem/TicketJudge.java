package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.postmortem.TicketReceipt;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges the ticket step of runbook 5.3: the incident ticket exists, every evidence item was uploaded and is listed
 * on the ticket afterwards, and the summary comment was posted. An upload Jira refused as a cross-site request is
 * named as such, since it means the XSRF opt-out header did not arrive.
 */
public final class TicketJudge {

    static final String XSRF = "X-Atlassian-Token: no-check";

    private TicketJudge() {
    }

    public static Verdict judge(TicketReceipt receipt) {
        String ticket = "ticket " + receipt.key();
        if (!receipt.lookup().delivered()) {
            return Verdict.fail(ticket + " cannot be read: " + problem(receipt.lookup()) + "; expected the incident's"
                    + " ticket to exist in the tracker before evidence is attached to it; open " + ReviewSteps.ATTACH);
        }
        List<TicketReceipt.Upload> refused = receipt.uploads().stream()
                .filter(upload -> !upload.alreadyAttached() && !upload.delivery().delivered()).toList();
        if (!refused.isEmpty()) {
            return Verdict.fail(refused.size() + " of " + receipt.uploads().size() + " evidence item(s) were not"
                    + " attached to " + ticket + ": " + refused.stream().map(upload -> upload.file() + " ("
                    + problem(upload.delivery()) + ")").collect(Collectors.joining(", "))
                    + "; expected every item on the ticket; open " + ReviewSteps.ATTACH);
        }
        if (!receipt.missing().isEmpty()) {
            return Verdict.fail(ticket + " does not list " + receipt.missing() + " after the uploads (it lists "
                    + receipt.attached().size() + " attachment(s)); expected every evidence item on the ticket; open "
                    + ReviewSteps.ATTACH);
        }
        if (receipt.comment() == null || !receipt.comment().delivered()) {
            return Verdict.fail("the summary comment on " + ticket + " was not posted: "
                    + (receipt.comment() == null ? "not sent" : problem(receipt.comment()))
                    + "; every item is attached; open " + ReviewSteps.ATTACH);
        }
        long sent = receipt.uploads().stream().filter(upload -> !upload.alreadyAttached()).count();
        return Verdict.pass(ticket + " holds all " + receipt.uploads().size() + " evidence item(s) (" + sent
                + " uploaded now, " + (receipt.uploads().size() - sent) + " already attached) and the checklist"
                + " comment");
    }

    static String problem(Delivery delivery) {
        String text = delivery.problem() == null ? "HTTP " + delivery.status() : delivery.problem();
        if (delivery.status() == 403 && delivery.body().contains("XSRF")) {
            return text + ": Jira refused it as a cross-site request, which it does when the upload lacks the"
                    + " header " + XSRF;
        }
        return text;
    }
}
