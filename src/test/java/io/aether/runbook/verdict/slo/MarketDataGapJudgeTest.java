package io.aether.runbook.verdict.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.TickFreshness;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TickTable;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The market-data gap judge")
class MarketDataGapJudgeTest {

    static final Duration THRESHOLD = Duration.ofMinutes(2);
    static final Instant NOW = Instant.parse("2024-06-10T06:20:00.250Z");
    static final String URL = "jdbc:postgresql://127.0.0.1:54321/marketdata?user=postgres";
    static final TickTable TICKS = new TickTable("market_ticks", "event_time");
    static final String WHERE = "market_ticks.event_time at " + URL;

    static TickReading read(Instant latest) {
        return TickReading.read(URL, Duration.ofSeconds(5), TICKS, new TickFreshness(latest, NOW, "select ..."));
    }

    @Test
    @DisplayName("passes a gap within the threshold, on the database clock")
    void freshPasses() {
        assertThat(MarketDataGapJudge.judge(read(NOW.minusMillis(1250)), THRESHOLD)).isEqualTo(Verdict.pass(
                "market-data gap of 1s in " + WHERE + " (newest tick 2024-06-10T06:19:59Z, database now"
                        + " 2024-06-10T06:20:00.250Z), within the 2m SEV-3 threshold"));
    }

    @Test
    @DisplayName("fails a gap above the threshold and maps it to SEV-3")
    void staleFailsAsSev3() {
        assertThat(MarketDataGapJudge.judge(read(NOW.minusSeconds(300)), THRESHOLD)).isEqualTo(Verdict.fail(
                "market-data gap of 5m in " + WHERE + " (newest tick 2024-06-10T06:15:00.250Z, database now"
                        + " 2024-06-10T06:20:00.250Z): above the 2m SEV-3 threshold, so it maps to SEV-3 (runbook 4"
                        + " Incident response and escalation); expected the newest tick at most 2m old by the database"
                        + " clock; open runbook 3.1 Query TimescaleDB for the latest market tick"));
    }

    @Test
    @DisplayName("fails an empty table as an unbounded gap")
    void noTickFails() {
        assertThat(MarketDataGapJudge.judge(read(null), THRESHOLD)).isEqualTo(Verdict.fail("no tick ever arrived in "
                + WHERE + " (database now 2024-06-10T06:20:00.250Z): the market-data gap is unbounded, above the 2m"
                + " SEV-3 threshold, so it maps to SEV-3 (runbook 4 Incident response and escalation); open runbook"
                + " 3.1 Query TimescaleDB for the latest market tick"));
    }

    @Test
    @DisplayName("is inconclusive when the tick is far ahead of the database clock")
    void futureTickIsInconclusive() {
        assertThat(MarketDataGapJudge.judge(read(NOW.plusSeconds(60)), THRESHOLD).outcome())
                .isEqualTo(Verdict.Outcome.INCONCLUSIVE);
    }

    @Test
    @DisplayName("fails when the database cannot be read, with the reason")
    void unreadableFails() {
        TickReading failed = TickReading.failed(URL, Duration.ofSeconds(5), TICKS,
                "Connection to 127.0.0.1:54321 refused. [SQLState 08001]");

        assertThat(MarketDataGapJudge.judge(failed, THRESHOLD)).isEqualTo(Verdict.fail("the market-data gap of "
                + WHERE + " cannot be measured: the freshness query got no answer within 5s (Connection to"
                + " 127.0.0.1:54321 refused. [SQLState 08001]); expected the newest tick within 2m, the SEV-3"
                + " threshold; open runbook 3.1 Query TimescaleDB for the latest market tick"));
    }
}
