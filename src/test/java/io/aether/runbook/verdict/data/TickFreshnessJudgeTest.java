package io.aether.runbook.verdict.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.TickFreshness;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TickTable;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tick freshness verdict")
class TickFreshnessJudgeTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/marketdata?user=postgres";
    private static final TickTable TICKS = new TickTable("market_ticks", "event_time");
    private static final String QUERY = TICKS.latestTickQuery();
    private static final Duration GAP = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2025-03-14T09:30:00.123456Z");
    private static final String STEP = "; open runbook 3.1 Query TimescaleDB for the latest market tick";

    @Test
    @DisplayName("passes a tick younger than the market data gap")
    void freshTickPasses() {
        Verdict verdict = TickFreshnessJudge.judge(reading(NOW.minusMillis(1_750)), GAP);

        assertThat(verdict).isEqualTo(Verdict.pass("the newest tick in market_ticks.event_time is 1s old by the"
                + " database clock (tick 2025-03-14T09:29:58.373456Z, database now 2025-03-14T09:30:00.123456Z),"
                + " within the 2m market data gap"));
    }

    @Test
    @DisplayName("passes a tick exactly as old as the gap")
    void tickAtTheThresholdPasses() {
        assertThat(TickFreshnessJudge.judge(reading(NOW.minus(GAP)), GAP).outcome())
                .isEqualTo(Verdict.Outcome.PASS);
    }

    @Test
    @DisplayName("fails a tick older than the gap with its age, the threshold, the table and the runbook steps")
    void staleTickFails() {
        Verdict verdict = TickFreshnessJudge.judge(reading(NOW.minusSeconds(299).minusMillis(400)), GAP);

        assertThat(verdict).isEqualTo(Verdict.fail("market data is stale: the newest tick in market_ticks.event_time"
                + " is 4m59s old by the database clock (tick 2025-03-14T09:25:00.723456Z, database now"
                + " 2025-03-14T09:30:00.123456Z), expected at most 2m, the section 4 SEV-3 threshold (runbook 4"
                + " Incident response and escalation)" + STEP));
    }

    @Test
    @DisplayName("fails an empty tick table: market data never arrived")
    void emptyTableFails() {
        Verdict verdict = TickFreshnessJudge.judge(reading(null), GAP);

        assertThat(verdict).isEqualTo(Verdict.fail("no ticks at all in market_ticks.event_time at " + URL
                + ": market data never arrived; expected a tick within the last 2m" + STEP));
    }

    @Test
    @DisplayName("tolerates a tick up to 5s ahead of the database clock")
    void smallSkewPasses() {
        Verdict verdict = TickFreshnessJudge.judge(reading(NOW.plusSeconds(5)), GAP);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(verdict.message()).startsWith("the newest tick in market_ticks.event_time is 0s old");
    }

    @Test
    @DisplayName("fails a tick further ahead of the database clock than the skew tolerated as clock damage")
    void futureTickFailsAsClockSkew() {
        Verdict verdict = TickFreshnessJudge.judge(reading(NOW.plusSeconds(42)), GAP);

        assertThat(verdict).isEqualTo(Verdict.fail("clock skew or time-zone damage: the newest tick in"
                + " market_ticks.event_time is 42s ahead"
                + " of the database clock (tick 2025-03-14T09:30:42.123456Z, database now"
                + " 2025-03-14T09:30:00.123456Z), beyond the 5s of clock skew tolerated, so its age cannot be judged"
                + STEP));
    }

    @Test
    @DisplayName("fails an unreachable database naming the URL, the timeout and the error")
    void unreachableDatabaseFails() {
        TickReading failed = TickReading.failed(URL, Duration.ofSeconds(5), TICKS,
                "Connection to 127.0.0.1:5432 refused. Check that the hostname and port are correct and that the"
                        + " postmaster is accepting TCP/IP connections. [SQLState 08001]");

        assertThat(TickFreshnessJudge.judge(failed, GAP)).isEqualTo(Verdict.fail("could not read the newest tick of"
                + " market_ticks.event_time at " + URL + " within 5s: Connection to 127.0.0.1:5432 refused. Check"
                + " that the hostname and port are correct and that the postmaster is accepting TCP/IP connections."
                + " [SQLState 08001]; expected the database to answer the freshness query" + STEP));
    }

    private static TickReading reading(Instant latest) {
        return TickReading.read(URL, Duration.ofSeconds(5), TICKS, new TickFreshness(latest, NOW, QUERY));
    }
}
