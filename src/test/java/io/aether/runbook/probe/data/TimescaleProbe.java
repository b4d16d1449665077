package io.aether.runbook.probe.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.report.Evidence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the newest market tick and the database's clock in one read-only query (runbook 3.1). Connects with the
 * environment's connect, login and socket timeouts and the credentials its variables name; any failure comes back
 * as a {@link TickReading} that says what went wrong, with the URL's password masked.
 */
public final class TimescaleProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleProbe.class);
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final TickTable ticks;
    private final Environment.Timeouts timeouts;
    private final Secrets secrets;

    /** A probe of the environment's own JDBC URL. */
    public TimescaleProbe(Environment env, Secrets secrets) {
        this(env, secrets, env.timescale().jdbcUrl());
    }

    /** A probe of another URL to the same database, such as the local end of a port-forward. */
    public TimescaleProbe(Environment env, Secrets secrets, String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.user = secrets.value(env.timescale().userEnv()).orElse(null);
        this.password = secrets.value(env.timescale().passwordEnv()).orElse(null);
        this.ticks = new TickTable(env.timescale().table(), env.timescale().timeColumn());
        this.timeouts = env.timeouts();
        this.secrets = secrets;
    }

    public TickReading latestTick() {
        long started = System.nanoTime();
        TickReading reading = query();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (reading.succeeded()) {
            LOG.info("timescale probe: {} newest tick in {} is {} (db now {}) read in {} ms", reading.jdbcUrl(),
                    ticks, reading.freshness().latest(), reading.freshness().databaseNow(), millis);
        } else {
            LOG.info("timescale probe: {} failed after {} ms: {}", reading.jdbcUrl(), millis, reading.error());
        }
        Evidence.text("Tick freshness query", ticks.latestTickQuery());
        Evidence.json("Tick freshness at " + reading.jdbcUrl(), ObservationJson.of(reading));
        return reading;
    }

    private TickReading query() {
        String shownUrl = redact(jdbcUrl);
        String sql = ticks.latestTickQuery();
        // until the session is open the connect (login) timeout bounds the wait, then the request timeout does
        Duration budget = timeouts.connect();
        try (Connection connection = openSession()) {
            budget = timeouts.request();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setQueryTimeout(seconds(budget));
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    Instant latest = instantOf(row.getObject("latest", OffsetDateTime.class));
                    Instant databaseNow = instantOf(row.getObject("db_now", OffsetDateTime.class));
                    return TickReading.read(shownUrl, budget, ticks, new TickFreshness(latest, databaseNow, sql));
                }
            }
        } catch (SQLException failed) {
            String state = failed.getSQLState() == null ? "" : " [SQLState " + failed.getSQLState() + "]";
            return TickReading.failed(shownUrl, budget, ticks, redact(failed.getMessage()) + state);
        }
    }

    /**
     * Opens the session every query of this probe runs in: read-only from before its first query, so that a
     * statement that would write is refused by the database itself. The caller closes it.
     */
    public Connection openSession() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, connectionProperties());
        try {
            connection.setReadOnly(true);
            try (Statement session = connection.createStatement()) {
                session.execute("SET default_transaction_read_only = on");
            }
            return connection;
        } catch (SQLException refused) {
            connection.close();
            throw refused;
        }
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", String.valueOf(seconds(timeouts.connect())));
        properties.setProperty("loginTimeout", String.valueOf(seconds(timeouts.connect())));
        properties.setProperty("socketTimeout", String.valueOf(seconds(timeouts.request())));
        properties.setProperty("ApplicationName", "aether-runbook-probe");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** The driver takes whole seconds, and 0 means "no timeout": round up, never down to 0. */
    static int seconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private static Instant instantOf(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** The JDBC URL this probe connects to, with any password masked, as messages and evidence show it. */
    public String shownUrl() {
        return redact(jdbcUrl);
    }

    /** The environment's tick table. */
    public TickTable ticks() {
        return ticks;
    }

    /** The request timeout its statements run under. */
    public Duration requestTimeout() {
        return timeouts.request();
    }

    /** {@code text} with the URL's password and every known secret masked. */
    public String redact(String text) {
        return text == null ? null : secrets.redact(URL_PASSWORD.matcher(text).replaceAll("$1" + Secrets.MASK));
    }
}
