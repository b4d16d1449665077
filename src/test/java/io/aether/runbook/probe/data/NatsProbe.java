package io.aether.runbook.probe.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.report.Evidence;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a NATS server carries messages (runbook 2.3): connects, subscribes to a fresh inbox subject, publishes a
 * unique payload to it and waits for it to come back, within the environment's connect and request timeouts.
 */
public final class NatsProbe {

    private static final Logger LOG = LoggerFactory.getLogger(NatsProbe.class);

    private final String url;
    private final Environment.Timeouts timeouts;

    public NatsProbe(Environment env) {
        this(env.nats().url(), env.timeouts());
    }

    public NatsProbe(String url, Environment.Timeouts timeouts) {
        this.url = url;
        this.timeouts = timeouts;
    }

    public NatsRoundTrip roundTrip() {
        long started = System.nanoTime();
        NatsRoundTrip trip = attempt();
        LOG.info("nats probe: {} round trip {} in {} ms{}", url, trip.result(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                trip.error() == null ? "" : ": " + trip.error());
        Evidence.json("NATS round trip through " + url, ObservationJson.of(trip));
        return trip;
    }

    private NatsRoundTrip attempt() {
        Duration budget = timeouts.request();
        AtomicReference<String> lastError = new AtomicReference<>();
        Connection connection;
        try {
            connection = Nats.connect(options(lastError));
        } catch (IOException | RuntimeException refused) {
            return NatsRoundTrip.failed(url, budget, connectError(refused, lastError.get()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return NatsRoundTrip.failed(url, budget, "interrupted while connecting");
        }
        try {
            return echo(connection, budget);
        } catch (TimeoutException slow) {
            return NatsRoundTrip.noEcho(url, budget);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return NatsRoundTrip.failed(url, budget, "interrupted while waiting for the echo");
        } catch (RuntimeException failed) {
            return NatsRoundTrip.failed(url, budget, failed.getClass().getSimpleName() + ": " + failed.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private NatsRoundTrip echo(Connection connection, Duration budget) throws TimeoutException, InterruptedException {
        String subject = connection.createInbox();
        byte[] payload = ("aether-runbook " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Subscription subscription = connection.subscribe(subject);
        // The flush makes the server acknowledge the subscription before the publish can overtake it.
        connection.flush(budget);
        long published = System.nanoTime();
        connection.publish(subject, payload);
        Message message = subscription.nextMessage(budget);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - published);
        if (message == null) {
            return NatsRoundTrip.noEcho(url, budget);
        }
        if (!Arrays.equals(message.getData(), payload)) {
            return NatsRoundTrip.failed(url, budget, "a different payload came back on " + subject);
        }
        LOG.debug("nats probe: {} echoed on {} in {} us", url, subject, roundTrip.toNanos() / 1000);
        return NatsRoundTrip.echoed(url, budget, roundTrip);
    }

    private Options options(AtomicReference<String> lastError) {
        return new Options.Builder()
                .server(url)
                .connectionName("aether-runbook-probe")
                .connectionTimeout(timeouts.connect())
                .noReconnect()
                .noRandomize()
                .errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection connection, Exception exception) {
                        lastError.set(exception.getClass().getSimpleName() + ": " + exception.getMessage());
                    }

                    @Override
                    public void errorOccurred(Connection connection, String error) {
                        lastError.set(error);
                    }
                })
                .build();
    }

    private static String connectError(Exception refused, String cause) {
        String error = refused.getClass().getSimpleName() + ": " + refused.getMessage();
        return cause == null || error.contains(cause) ? error : error + " (" + cause + ")";
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
