package io.aether.runbook.platform.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps market data arriving in the local database: every second, one tick per symbol, stamped with the
 * database's own {@code now()} so that freshness is judged on the clock the production check reads.
 */
public final class TickFeeder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TickFeeder.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    private final DataSource database;
    private final String insert;
    private final Map<String, BigDecimal> prices = new LinkedHashMap<>();
    private final Random walk = new Random(42);
    private final ScheduledExecutorService schedule;
    private Connection connection;

    private TickFeeder(DataSource database, String insert, List<String> symbols) {
        this.database = database;
        this.insert = insert;
        symbols.forEach(symbol -> prices.put(symbol, BigDecimal.valueOf(100 + prices.size() * 50L)));
        this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tick-feeder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes the first ticks before returning, so a check that runs at once finds fresh data, then one batch per
     * second until closed.
     *
     * @param insert an insert of (symbol, price, size) whose time column is {@code now()}
     */
    static TickFeeder start(DataSource database, String insert, List<String> symbols) {
        TickFeeder feeder = new TickFeeder(database, insert, symbols);
        feeder.feed();
        feeder.schedule.scheduleAtFixedRate(feeder::feed, PERIOD.toMillis(), PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        return feeder;
    }

    private void feed() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.getConnection();
            }
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                for (Map.Entry<String, BigDecimal> price : prices.entrySet()) {
                    price.setValue(nextPrice(price.getValue()));
                    statement.setString(1, price.getKey());
                    statement.setBigDecimal(2, price.getValue());
                    statement.setInt(3, 1 + walk.nextInt(500));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException failed) {
            // A feeder that dies silently would look like a stale-data incident; say why, and retry next second.
            LOG.warn("tick feeder: insert failed, retrying on a new connection: {}", failed.getMessage());
            closeConnection();
        }
    }

    private BigDecimal nextPrice(BigDecimal price) {
        BigDecimal step = BigDecimal.valueOf(walk.nextGaussian() * 0.05);
        return price.add(step).max(BigDecimal.ONE).setScale(2, RoundingMode.HALF_UP);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        // A caller whose interrupt flag is already set (left by an earlier task on its thread) must still wait for
        // an insert in flight: a replay deletes the fed ticks next, and a batch committing after that would survive.
        boolean interrupted = Thread.interrupted();
        try {
            if (!schedule.awaitTermination(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("tick feeder: still running {} after being stopped", STOP_BUDGET);
            }
        } catch (InterruptedException again) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                LOG.debug("tick feeder: closing its connection failed: {}", ignored.getMessage());
            }
            connection = null;
        }
    }
}
