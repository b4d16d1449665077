package io.aether.runbook.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TimescaleProbe;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.data.TickFreshnessJudge;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

@DisplayName("The local TimescaleDB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleFakeTest {

    private static final String STEP = "; open runbook 3.1 Query TimescaleDB for the latest market tick";

    private final ServiceDirectory services = new ServiceDirectory();
    private TimescaleFake timescale;
    private long startMillis;

    @BeforeAll
    void boot() {
        long started = System.nanoTime();
        timescale = TimescaleFake.start(LocalDataEnvironment.unbooted(), Set.of(), services);
        startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @AfterAll
    void stop() {
        if (timescale != null) {
            timescale.close();
        }
    }

    @Test
    @DisplayName("holds fresh ticks by its own clock, and the freshness check passes")
    void freshTicksPass(TestReporter report) {
        report.publishEntry("timescaledb start-up ms", String.valueOf(startMillis));
        Environment env = LocalDataEnvironment.with(timescale.endpoints());

        TickReading reading = new TimescaleProbe(env, Secrets.none()).latestTick();
        Verdict verdict = TickFreshnessJudge.judge(reading, env);

        assertThat(timescale.jdbcUrl()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/marketdata\\?user=postgres");
        assertThat(reading.error()).as("probe error").isNull();
        assertThat(reading.freshness().query())
                .isEqualTo("select max(\"event_time\") as latest, now() as db_now from \"market_ticks\"");
        assertThat(verdict.passed()).as(verdict.message()).isTrue();
        assertThat(verdict.message()).startsWith("the newest tick in market_ticks.event_time is ")
                .endsWith(", within the 2m market data gap");
    }

    @Test
    @DisplayName("keeps ticks arriving every second")
    void feederKeepsTicksArriving() throws SQLException {
        Instant first = newestTick();

        Awaitility.await("a newer tick than " + first).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200)).until(() -> newestTick().isAfter(first));
    }

    @Test
    @DisplayName("listens on 127.0.0.1 only and is reachable as timescaledb-prod:5432")
    void listensOnLoopback() throws SQLException {
        try (Connection connection = DriverManager.getConnection(timescale.jdbcUrl());
                ResultSet row = connection.createStatement().executeQuery("show listen_addresses")) {
            row.next();

            assertThat(row.getString(1)).isEqualTo("127.0.0.1");
        }
        assertThat(services.resolve("timescaledb-prod", 5432)).isPresent();
    }

    @Test
    @DisplayName("sees the probe close its session after each read")
    void probeClosesItsSession() {
        Environment env = LocalDataEnvironment.with(timescale.endpoints());

        new TimescaleProbe(env, Secrets.none()).latestTick();

        Awaitility.await("the probe's session to end").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100)).until(() -> probeSessions() == 0);
    }

    @Test
    @DisplayName("under the ticks-stale drill fails freshness with the tick's five-minute age")
    void staleTicksDrill() {
        try (TimescaleFake stale = TimescaleFake.start(LocalDataEnvironment.unbooted(), Set.of(Drill.STALE_TICKS),
                new ServiceDirectory())) {
            Environment env = LocalDataEnvironment.with(stale.endpoints());

            Verdict verdict = TickFreshnessJudge.judge(new TimescaleProbe(env, Secrets.none()).latestTick(), env);

            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(verdict.message())
                    .startsWith("market data is stale: the newest tick in market_ticks.event_time is 5m")
                    .containsPattern("is 5m(\\d+s)? old by the database clock \\(tick ")
                    .endsWith(", expected at most 2m, the section 4 SEV-3 threshold (runbook 4 Incident response"
                            + " and escalation)" + STEP);
        }
    }

    @Test
    @DisplayName("under the postgres-down drill fails freshness naming the refused database")
    void postgresDownDrill() {
        try (TimescaleFake down = TimescaleFake.start(LocalDataEnvironment.unbooted(),
                Set.of(Drill.POSTGRES_DOWN), new ServiceDirectory())) {
            Environment env = LocalDataEnvironment.with(down.endpoints());
            long started = System.nanoTime();

            Verdict verdict = TickFreshnessJudge.judge(new TimescaleProbe(env, Secrets.none()).latestTick(), env);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LocalDataEnvironment.REQUEST);
            assertThat(down.running()).isFalse();
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(verdict.message())
                    .startsWith("could not read the newest tick of market_ticks.event_time at " + down.jdbcUrl()
                            + " within 1s: Connection to 127.0.0.1:")
                    .endsWith(" [SQLState 08001]; expected the database to answer the freshness query" + STEP);
        }
    }

    private int probeSessions() throws SQLException {
        try (Connection connection = DriverManager.getConnection(timescale.jdbcUrl());
                ResultSet rows = connection.createStatement().executeQuery("select count(*) from pg_stat_activity"
                        + " where application_name = 'aether-runbook-probe'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Instant newestTick() throws SQLException {
        try (Connection connection = DriverManager.getConnection(timescale.jdbcUrl());
                ResultSet row = connection.createStatement().executeQuery("select max(event_time) from market_ticks")) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }
}
