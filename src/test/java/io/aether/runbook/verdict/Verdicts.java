package io.aether.runbook.verdict;

import java.util.List;
import java.util.stream.Collectors;

/** Combines the verdicts of several objects judged by one check: the worst outcome, one line per object. */
public final class Verdicts {

    private Verdicts() {
    }

    /** FAIL if any failed, else INCONCLUSIVE if any was, else PASS; the message lists every object's verdict. */
    public static Verdict all(List<Verdict> verdicts) {
        if (verdicts.size() == 1) {
            return verdicts.get(0);
        }
        Verdict.Outcome worst = verdicts.stream().map(Verdict::outcome)
                .anyMatch(Verdict.Outcome.FAIL::equals) ? Verdict.Outcome.FAIL
                : verdicts.stream().map(Verdict::outcome).anyMatch(Verdict.Outcome.INCONCLUSIVE::equals)
                ? Verdict.Outcome.INCONCLUSIVE : Verdict.Outcome.PASS;
        String lines = verdicts.stream().filter(verdict -> worst == Verdict.Outcome.PASS || !verdict.passed())
                .map(Verdict::message).collect(Collectors.joining("\n"));
        return new Verdict(worst, lines);
    }
}
