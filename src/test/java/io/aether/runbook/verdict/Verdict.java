package io.aether.runbook.verdict;

import java.util.Objects;

/**
 * What a judge concluded from one observation: the outcome and the sentence an on-call engineer reads. A check
 * turns a verdict into its result with {@link io.aether.runbook.junit.Checks#require(Verdict)}.
 */
public record Verdict(Outcome outcome, String message) {

    /** The three answers a judge can give; only {@link #PASS} is green. */
    public enum Outcome {
        /** The platform is as the runbook expects. */
        PASS,
        /** The platform is broken: the check fails. */
        FAIL,
        /** There is no evidence either way; never green, and it fails the gate. */
        INCONCLUSIVE
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static Verdict pass(String message) {
        return new Verdict(Outcome.PASS, message);
    }

    public static Verdict fail(String message) {
        return new Verdict(Outcome.FAIL, message);
    }

    public static Verdict inconclusive(String message) {
        return new Verdict(Outcome.INCONCLUSIVE, message);
    }

    public boolean passed() {
        return outcome == Outcome.PASS;
    }
}
