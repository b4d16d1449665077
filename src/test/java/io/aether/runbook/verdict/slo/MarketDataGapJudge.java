package io.aether.runbook.verdict.slo;

import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Judges the market-data gap read by section 3's freshness probe against the section 4 threshold, on the
 * database's clock, and says which severity a gap maps to: above the threshold it is SEV-3.
 */
public final class MarketDataGapJudge {

    /** How far ahead of the database clock a tick may be before its timestamps are suspect. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private MarketDataGapJudge() {
    }

    public static Verdict judge(TickReading reading, Duration threshold) {
        String where = reading.ticks() + " at " + reading.jdbcUrl();
        if (!reading.succeeded()) {
            return Verdict.fail("the market-data gap of " + where + " cannot be measured: the freshness query got"
                    + " no answer within " + SloSteps.duration(reading.timeout()) + " (" + reading.error()
                    + "); expected the newest tick within " + SloSteps.duration(threshold) + ", the SEV-3 threshold;"
                    + " open " + SloSteps.LATEST_TICK);
        }
        return judge(reading.freshness().latest(), reading.freshness().databaseNow(), threshold, where);
    }

    /**
     * @param latest the newest tick's time, or {@code null} when no tick ever arrived
     * @param databaseNow the database's clock when the newest tick was read
     * @param where the table and database, as messages name them
     */
    public static Verdict judge(Instant latest, Instant databaseNow, Duration threshold, String where) {
        String limitText = "the " + SloSteps.duration(threshold) + " SEV-3 threshold";
        if (latest == null) {
            return Verdict.fail("no tick ever arrived in " + where + " (database now " + databaseNow
                    + "): the market-data gap is unbounded, above " + limitText + ", so it maps to SEV-3 ("
                    + SloSteps.ESCALATION + "); open " + SloSteps.LATEST_TICK);
        }
        Duration gap = Duration.between(latest, databaseNow);
        String times = " (newest tick " + latest + ", database now " + databaseNow + ")";
        if (gap.isNegative() && gap.negated().compareTo(CLOCK_SKEW) > 0) {
            return Verdict.inconclusive("the newest tick in " + where + " is " + spell(gap.negated())
                    + " ahead of the database clock" + times + ", beyond the " + SloSteps.duration(CLOCK_SKEW)
                    + " of skew tolerated, so the gap cannot be compared with " + limitText + "; open "
                    + SloSteps.LATEST_TICK);
        }
        Duration shown = gap.isNegative() ? Duration.ZERO : gap;
        if (gap.compareTo(threshold) > 0) {
            return Verdict.fail("market-data gap of " + spell(shown) + " in " + where + times + ": above "
                    + limitText + ", so it maps to SEV-3 (" + SloSteps.ESCALATION + "); expected the newest tick at"
                    + " most " + SloSteps.duration(threshold) + " old by the database clock; open "
                    + SloSteps.LATEST_TICK);
        }
        return Verdict.pass("market-data gap of " + spell(shown) + " in " + where + times + ", within " + limitText);
    }

    /** Whole seconds from one second up, milliseconds below. */
    private static String spell(Duration gap) {
        return SloSteps.duration(gap.compareTo(Duration.ofSeconds(1)) >= 0 ? gap.truncatedTo(ChronoUnit.SECONDS)
                : gap.truncatedTo(ChronoUnit.MILLIS));
    }
}
