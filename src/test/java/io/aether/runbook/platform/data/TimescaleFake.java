package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.SilentPort;
import io.aether.runbook.probe.data.TickTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (zonky's embedded binaries) standing in for TimescaleDB: the environment's database and tick
 * table, kept fresh by a {@link TickFeeder}. Exposes {@code timescale.jdbcUrl}. The {@code ticks-stale} drill
 * seeds ticks that stopped five minutes ago; {@code ticks-empty} leaves the table empty; {@code postgres-down}
 * starts no database and exposes a refused port; {@code postgres-blackhole} a port that accepts connections and
 * never answers.
 */
public final class TimescaleFake implements Fake {

    /** How old the newest tick is under the ticks-stale drill. */
    public static final Duration STALE_AGE = Duration.ofMinutes(5);
    /** The symbols the feeder quotes. */
    public static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "JPM");
    /** The superuser zonky's initdb creates; local trust authentication, so no password exists to leak. */
    static final String USER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleFake.class);
    private static final Duration STARTUP_BUDGET = Duration.ofSeconds(20);

    private final EmbeddedPostgres postgres;
    private final TickFeeder feeder;
    private final String jdbcUrl;
    private boolean stoppedFeeder;
    private final SilentPort silent;

    private TimescaleFake(EmbeddedPostgres postgres, TickFeeder feeder, String jdbcUrl) {
        this(postgres, feeder, jdbcUrl, null);
    }

    private TimescaleFake(EmbeddedPostgres postgres, TickFeeder feeder, String jdbcUrl, SilentPort silent) {
        this.postgres = postgres;
        this.feeder = feeder;
        this.jdbcUrl = jdbcUrl;
        this.silent = silent;
    }

    public static TimescaleFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        Environment.Timescale timescale = env.timescale();
        if (drills.contains(Drill.POSTGRES_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            services.register(timescale.statefulset(), timescale.port(), refused);
            LOG.info("timescaledb: drill {} - no database, refused port {}", Drill.POSTGRES_DOWN, refused.getPort());
            return new TimescaleFake(null, null, jdbcUrl(refused.getPort(), timescale.database()));
        }
        if (drills.contains(Drill.POSTGRES_BLACKHOLE)) {
            SilentPort silent = SilentPort.open("timescaledb");
            services.register(timescale.statefulset(), timescale.port(), silent.address());
            LOG.info("timescaledb: drill {} - no database, silent port {}", Drill.POSTGRES_BLACKHOLE, silent.port());
            return new TimescaleFake(null, null, jdbcUrl(silent.port(), timescale.database()), silent);
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres = boot();
        try {
            DataSource database = dataSource(postgres.getPort(), timescale.database());
            TickTable ticks = new TickTable(timescale.table(), timescale.timeColumn());
            createSchema(postgres, timescale.database(), database, ticks);
            TickFeeder feeder = null;
            if (drills.contains(Drill.STALE_TICKS)) {
                seedStaleTicks(database, ticks);
            } else if (drills.contains(Drill.TICKS_EMPTY)) {
                LOG.info("timescaledb: drill {} - the tick table stays empty", Drill.TICKS_EMPTY);
            } else {
                feeder = TickFeeder.start(database, insertOf(ticks), SYMBOLS);
            }
            services.register(timescale.statefulset(), timescale.port(),
                    new InetSocketAddress("127.0.0.1", postgres.getPort()));
            TimescaleFake fake = new TimescaleFake(postgres, feeder, jdbcUrl(postgres.getPort(), timescale.database()));
            LOG.info("timescaledb: {} on 127.0.0.1:{} with {} ({}) started in {} ms", timescale.database(),
                    postgres.getPort(), ticks, feeder == null ? "no feeder" : "fed every second",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return fake;
        } catch (SQLException | RuntimeException failed) {
            new TimescaleFake(postgres, null, null).close();
            throw new IllegalStateException("timescaledb: could not prepare the " + timescale.database()
                    + " database: " + failed.getMessage(), failed);
        }
    }

    /**
     * PostgreSQL refuses to run as root. On Linux as root, zonky 2.2.2 runs initdb and postgres inside a user
     * namespace ({@code unshare -U}) where they are not root; where the machine forbids user namespaces (some
     * container sandboxes) the start fails, and the message says how to fix the machine.
     */
    private static EmbeddedPostgres boot() {
        try {
            return start();
        } catch (IllegalStateException firstAttempt) {
            // the embedded server takes a port that was free a moment before; a fake booting beside it in parallel
            // can take it first, and PostgreSQL then never comes up: one more attempt on another port
            LOG.warn("timescaledb: first start failed, trying once more: {}", firstAttempt.getMessage());
            return start();
        }
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("timezone", "UTC")
                    .setPGStartupWait(STARTUP_BUDGET)
                    .start();
        } catch (IOException | RuntimeException failed) {
            String hint = "root".equals(System.getProperty("user.name"))
                    ? "; running as root, PostgreSQL needs a user namespace (`unshare -U` must work: allow"
                    + " unprivileged user namespaces) or a non-root user to run the suite"
                    : "";
            throw new IllegalStateException("timescaledb: embedded PostgreSQL did not start within "
                    + STARTUP_BUDGET.toSeconds() + "s: " + failed.getMessage() + hint, failed);
        }
    }

    static DataSource dataSource(int port, String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName(database);
        source.setUser(USER);
        source.setConnectTimeout((int) STARTUP_BUDGET.toSeconds());
        return source;
    }

    private static void createSchema(EmbeddedPostgres postgres, String databaseName, DataSource database,
            TickTable ticks) throws SQLException {
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + TickTable.quote(databaseName));
        }
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            if (ticks.table().contains(".")) {
                String schema = ticks.table().substring(0, ticks.table().lastIndexOf('.'));
                statement.execute("create schema if not exists " + TickTable.quote(schema));
            }
            statement.execute("create table " + ticks.quotedTable() + " (" + ticks.quotedTimeColumn()
                    + " timestamptz not null, symbol text not null, price numeric not null, size int)");
            statement.execute("create index on " + ticks.quotedTable() + " (" + ticks.quotedTimeColumn() + " desc)");
        }
    }

    static void seedStaleTicks(DataSource database, TickTable ticks) throws SQLException {
        String seed = "insert into " + ticks.quotedTable() + " (" + ticks.quotedTimeColumn()
                + ", symbol, price, size) select now() - interval '" + STALE_AGE.toSeconds() + " seconds'"
                + " - second * interval '1 second', symbol, 100 + second, 10"
                + " from generate_series(0, 59) as second, unnest(?::text[]) as symbol";
        try (Connection connection = database.getConnection();
                var statement = connection.prepareStatement(seed)) {
            statement.setArray(1, connection.createArrayOf("text", SYMBOLS.toArray()));
            statement.executeUpdate();
        }
    }

    static String insertOf(TickTable ticks) {
        return "insert into " + ticks.quotedTable() + " (" + ticks.quotedTimeColumn()
                + ", symbol, price, size) values (now(), ?, ?, ?)";
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** The JDBC URL of the tick database; points at a refused port under the postgres-down drill. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * Stops the feeder for good, so that ticks a replayed seed writes stay the newest; a no-op when none runs.
     *
     * @return whether a feeder was running
     */
    public boolean stopFeeder() {
        if (feeder == null || stoppedFeeder) {
            return false;
        }
        feeder.close();
        stoppedFeeder = true;
        LOG.info("timescaledb: tick feeder stopped, the replayed ticks are the newest");
        return true;
    }

    /** Whether a database runs; false under the postgres-down drill. */
    public boolean running() {
        return postgres != null;
    }

    @Override
    public String name() {
        return "timescaledb";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("timescale.jdbcUrl", jdbcUrl);
    }

    @Override
    public void close() {
        if (silent != null) {
            silent.close();
        }
        if (feeder != null && !stoppedFeeder) {
            feeder.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException failed) {
                LOG.warn("timescaledb: PostgreSQL on port {} did not stop cleanly: {}", postgres.getPort(),
                        failed.toString());
            }
        }
    }
}
