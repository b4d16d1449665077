package io.aether.runbook.platform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.probe.data.TimescaleProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The suite's database session is read-only: against a real PostgreSQL holding the tick table, a statement that
 * would write, sent through the very session the freshness probe reads in, is refused by the database.
 */
@DisplayName("The suite's TimescaleDB session")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleReadOnlySessionTest {

    /** PostgreSQL's SQLSTATE for a write attempted in a read-only transaction. */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";
    private static final String INSERT = "insert into market_ticks (event_time, symbol, price, size)"
            + " values (now(), 'AAPL', 1, 1)";

    private TimescaleFake timescale;
    private TimescaleProbe probe;

    @BeforeAll
    void boot() {
        timescale = TimescaleFake.start(LocalDataEnvironment.unbooted(), Set.of(), new ServiceDirectory());
        Environment env = LocalDataEnvironment.with(timescale.endpoints());
        probe = new TimescaleProbe(env, Secrets.none());
    }

    @AfterAll
    void stop() {
        if (timescale != null) {
            timescale.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "INSERT   | insert into market_ticks (event_time, symbol, price, size) values (now(), 'AAPL', 1, 1)",
        "UPDATE   | update market_ticks set price = 0",
        "DELETE   | delete from market_ticks",
        "TRUNCATE TABLE | truncate market_ticks",
        "CREATE TABLE   | create table suite_notes (note text)",
        "DROP TABLE     | drop table market_ticks"})
    @DisplayName("refuses a write through the probe's session")
    void refusesWrite(String command, String sql) throws SQLException {
        try (Connection session = probe.openSession(); Statement statement = session.createStatement()) {
            assertThatExceptionOfType(SQLException.class).as("what the database answers to: %s", sql)
                    .isThrownBy(() -> statement.execute(sql))
                    .withMessage("ERROR: cannot execute " + command + " in a read-only transaction")
                    .matches(refused -> READ_ONLY_SQL_TRANSACTION.equals(refused.getSQLState()),
                            "SQLState " + READ_ONLY_SQL_TRANSACTION);
        }
        assertThat(tickCount()).as("ticks after the refused write").isPositive();
    }

    @Test
    @DisplayName("is read-only from its first statement and still reads the newest tick")
    void isReadOnlyAndReads() throws SQLException {
        try (Connection session = probe.openSession(); Statement statement = session.createStatement();
                ResultSet readOnly = statement.executeQuery("show transaction_read_only")) {
            readOnly.next();

            assertThat(readOnly.getString(1)).isEqualTo("on");
        }
        assertThat(probe.latestTick().error()).as("probe error").isNull();
    }

    @Test
    @DisplayName("is refused where an ordinary session of the same user may write")
    void ordinarySessionMayWrite() throws SQLException {
        try (Connection ordinary = DriverManager.getConnection(timescale.jdbcUrl());
                Statement statement = ordinary.createStatement()) {
            ordinary.setAutoCommit(false);

            int inserted = statement.executeUpdate(INSERT);
            ordinary.rollback();

            assertThat(inserted).isEqualTo(1);
        }
    }

    private long tickCount() throws SQLException {
        try (Connection connection = DriverManager.getConnection(timescale.jdbcUrl());
                ResultSet count = connection.createStatement().executeQuery("select count(*) from market_ticks")) {
            count.next();
            return count.getLong(1);
        }
    }
}
