package io.aether.runbook.junit;

import io.aether.runbook.config.Durations;
import io.aether.runbook.verdict.Verdict;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns verdicts into check results, and waits for eventual states within a named budget. */
public final class Checks {

    /** How often an eventual state is looked at again. */
    public static final Duration POLL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Checks.class);

    private Checks() {
    }

    /** Passes on {@code PASS}; fails the check on {@code FAIL}; marks it inconclusive otherwise. */
    public static void require(Verdict verdict) {
        Allure.step(verdict.outcome() + ": " + verdict.message());
        switch (verdict.outcome()) {
            case PASS -> {
                return;
            }
            case FAIL -> throw new AssertionFailedError(verdict.message());
            default -> throw new InconclusiveCheck(verdict.message());
        }
    }

    /**
     * Observes and judges until the verdict passes, until the observation shows nothing is still moving (waiting
     * longer cannot change the answer), or until {@code budget} is spent; returns the last verdict, whose message
     * then says how long was waited and for what.
     */
    public static <O> Verdict await(String alias, Duration budget, Supplier<O> observe, Function<O, Verdict> judge,
            Predicate<O> stillMoving) {
        long started = System.nanoTime();
        O first = observe.get();
        Verdict[] last = {judge.apply(first)};
        if (last[0].passed() || !stillMoving.test(first)) {
            return last[0];
        }
        LOG.info("waiting up to {} for {}: {}", Durations.format(budget), alias, last[0].message());
        try {
            Awaitility.await(alias).atMost(budget).pollDelay(POLL).pollInterval(POLL)
                    .until(() -> {
                        O observation = observe.get();
                        last[0] = judge.apply(observation);
                        return last[0].passed() || !stillMoving.test(observation);
                    });
            return last[0];
        } catch (ConditionTimeoutException timedOut) {
            long waited = Math.round((System.nanoTime() - started) / 1e9);
            return new Verdict(last[0].outcome(), last[0].message() + " (still so after waiting "
                    + Durations.format(Duration.ofSeconds(waited)) + " of the " + Durations.format(budget)
                    + " budget for " + alias + ")");
        }
    }
}
