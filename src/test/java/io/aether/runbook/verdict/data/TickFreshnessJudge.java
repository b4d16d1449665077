package io.aether.runbook.verdict.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.config.Environment;
import io.aether.runbook.probe.data.TickFreshness;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Judges market data freshness (runbook 3.1) on the database's clock: the newest tick may be at most the
 * environment's market data gap old, the section 4 SEV-3 threshold.
 */
public final class TickFreshnessJudge {

    /** How far ahead of the database clock a tick may be before the timestamps themselves are suspect. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private TickFreshnessJudge() {
    }

    public static Verdict judge(TickReading reading, Environment env) {
        return judge(reading, env.thresholds().marketDataGap());
    }

    public static Verdict judge(TickReading reading, Duration threshold) {
        String where = reading.ticks().toString();
        if (!reading.succeeded()) {
            return Verdict.fail("could not read the newest tick of " + where + " at " + reading.jdbcUrl()
                    + " within " + Durations.format(reading.timeout()) + ": " + reading.error()
                    + "; expected the database to answer the freshness query; open " + RunbookSteps.LATEST_TICK);
        }
        TickFreshness freshness = reading.freshness();
        if (freshness.latest() == null) {
            return Verdict.fail("no ticks at all in " + where + " at " + reading.jdbcUrl()
                    + ": market data never arrived; expected a tick within the last " + Durations.format(threshold)
                    + "; open " + RunbookSteps.LATEST_TICK);
        }
        Duration age = Duration.between(freshness.latest(), freshness.databaseNow());
        String times = " (tick " + freshness.latest() + ", database now " + freshness.databaseNow() + ")";
        if (age.isNegative() && age.negated().compareTo(CLOCK_SKEW) > 0) {
            return Verdict.fail("clock skew or time-zone damage: the newest tick in " + where + " is "
                    + spell(age.negated()) + " ahead of the database clock" + times + ", beyond the "
                    + Durations.format(CLOCK_SKEW) + " of clock skew tolerated, so its age cannot be judged; open "
                    + RunbookSteps.LATEST_TICK);
        }
        Duration shownAge = age.isNegative() ? Duration.ZERO : age;
        if (age.compareTo(threshold) > 0) {
            return Verdict.fail("market data is stale: the newest tick in " + where + " is " + spell(shownAge)
                    + " old by the database clock" + times + ", expected at most " + Durations.format(threshold)
                    + ", the section 4 SEV-3 threshold (" + RunbookSteps.ESCALATION + "); open "
                    + RunbookSteps.LATEST_TICK);
        }
        return Verdict.pass("the newest tick in " + where + " is " + spell(shownAge) + " old by the database clock"
                + times + ", within the " + Durations.format(threshold) + " market data gap");
    }

    /** Whole seconds from one second up, milliseconds below: an age reads "4m59s" or "250ms". */
    private static String spell(Duration age) {
        Duration shown = age.compareTo(Duration.ofSeconds(1)) >= 0 ? age.truncatedTo(ChronoUnit.SECONDS)
                : age.truncatedTo(ChronoUnit.MILLIS);
        return Durations.format(shown);
    }
}
