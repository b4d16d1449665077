package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.containers.ContainerBoot;
import io.aether.runbook.platform.containers.ContainerImages;
import io.aether.runbook.platform.containers.LoopbackPorts;
import io.aether.runbook.probe.data.TickTable;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The TimescaleDB image for the container provider: the environment's database with the tick table as a
 * hypertable, fed by the same {@link TickFeeder} and broken by the same drills as the embedded PostgreSQL. Exposes
 * {@code timescale.jdbcUrl} on loopback.
 */
public final class TimescaleDbContainer implements Fake {

    static final int PORT = 5432;

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleDbContainer.class);

    private final PostgreSQLContainer container;
    private final TickFeeder feeder;
    private final String jdbcUrl;

    private TimescaleDbContainer(PostgreSQLContainer container, TickFeeder feeder, String jdbcUrl) {
        this.container = container;
        this.feeder = feeder;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * The container as configured before it starts. Local trust authentication, as the embedded database has, so
     * that no password exists to leak; the port is published on loopback only. Telemetry is off: it would call
     * out of the machine, and its job would fail without a network.
     */
    static PostgreSQLContainer configure(Environment.Timescale timescale) {
        return new PostgreSQLContainer(ContainerImages.TIMESCALEDB)
                .withDatabaseName(timescale.database())
                .withUsername(TimescaleFake.USER)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "fsync=off", "-c", "timezone=UTC",
                        "-c", "timescaledb.telemetry_level=off")
                .withCreateContainerCmdModifier(LoopbackPorts.only())
                .withReuse(true);
    }

    public static TimescaleDbContainer start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        Environment.Timescale timescale = env.timescale();
        if (drills.contains(Drill.POSTGRES_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            LOG.info("timescaledb: drill {} - no container, refused port {}", Drill.POSTGRES_DOWN, refused.getPort());
            return new TimescaleDbContainer(null, null, jdbcUrl(refused.getPort(), timescale.database()));
        }
        PostgreSQLContainer container = configure(timescale);
        ContainerBoot.start("timescaledb", container);
        int port = container.getMappedPort(PORT);
        try {
            DataSource database = TimescaleFake.dataSource(port, timescale.database());
            TickTable ticks = new TickTable(timescale.table(), timescale.timeColumn());
            execute(database, TickHypertable.statements(ticks));
            TickFeeder feeder = null;
            if (drills.contains(Drill.STALE_TICKS)) {
                TimescaleFake.seedStaleTicks(database, ticks);
            } else if (!drills.contains(Drill.TICKS_EMPTY)) {
                feeder = TickFeeder.start(database, TimescaleFake.insertOf(ticks), TimescaleFake.SYMBOLS);
            }
            LOG.info("timescaledb: {} on 127.0.0.1:{} with hypertable {} ({})", timescale.database(), port, ticks,
                    feeder == null ? "no feeder" : "fed every second");
            return new TimescaleDbContainer(container, feeder, jdbcUrl(port, timescale.database()));
        } catch (SQLException | RuntimeException failed) {
            ContainerBoot.release("timescaledb", container);
            throw new IllegalStateException("timescaledb: could not prepare the hypertable in "
                    + timescale.database() + ": " + failed.getMessage(), failed);
        }
    }

    private static void execute(DataSource database, List<String> statements) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://" + LoopbackPorts.LOOPBACK + ":" + port + "/" + database + "?user="
                + TimescaleFake.USER;
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
        if (feeder != null) {
            feeder.close();
        }
        ContainerBoot.release("timescaledb", container);
    }
}
