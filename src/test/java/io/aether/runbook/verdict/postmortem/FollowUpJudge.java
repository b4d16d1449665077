package io.aether.runbook.verdict.postmortem;

import io.aether.runbook.postmortem.FollowUp;
import io.aether.runbook.verdict.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/** Judges runbook 5.4: every remediation is a follow-up task linked to the incident. */
public final class FollowUpJudge {

    private FollowUpJudge() {
    }

    public static Verdict judge(String incident, String file, List<FollowUp> followUps) {
        List<FollowUp> undone = followUps.stream().filter(followUp -> !followUp.done()).toList();
        if (!undone.isEmpty()) {
            return Verdict.fail(undone.size() + " of " + followUps.size() + " remediation(s) of " + file
                    + " are not follow-up tasks linked to " + incident + ": " + undone.stream()
                    .map(FollowUpJudge::problem).collect(Collectors.joining("; ")) + "; open "
                    + ReviewSteps.FOLLOW_UPS);
        }
        return Verdict.pass(followUps.size() + " remediation(s) are follow-up tasks linked to " + incident + ": "
                + followUps.stream().map(followUp -> followUp.key() + " '" + followUp.remediation().title() + "' ("
                        + followUp.remediation().owner() + ", due " + followUp.remediation().due()
                        + (followUp.existed() ? ", filed by an earlier review" : "") + ")")
                .collect(Collectors.joining(", ")));
    }

    private static String problem(FollowUp followUp) {
        String title = "'" + followUp.remediation().title() + "' (line " + followUp.remediation().line() + ")";
        if (followUp.key() == null) {
            return title + " was not created: " + TicketJudge.problem(followUp.create());
        }
        return title + " was created as " + followUp.key() + " but not linked: " + TicketJudge.problem(
                followUp.link());
    }
}
