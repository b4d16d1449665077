package io.aether.runbook.probe.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.config.Environment;
import io.aether.runbook.report.Evidence;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
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
 * Proves a NATS server carries messages (runbook 2.3): first reads the server's INFO greeting on a plain socket
 * within the connect timeout, then connects, subscribes to a fresh inbox subject, publishes a unique payload to it
 * and waits for it to come back within the request timeout.
 */
public final class NatsProbe {

    private static final Logger LOG = LoggerFactory.getLogger(NatsProbe.class);
    private static final int DEFAULT_PORT = 4222;
    /** INFO lines are a few hundred bytes; a server's max_control_line defaults to 4 KiB. */
    private static final int MAX_INFO = 4096;

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
        Greeting greeting = greet();
        if (greeting.silent()) {
            return NatsRoundTrip.silent(url, budget, greeting.error());
        }
        if (greeting.error() != null) {
            return NatsRoundTrip.failed(url, budget, greeting.error());
        }
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

    /** What the server said first: its INFO line, or why nothing usable came. */
    private record Greeting(String info, boolean silent, String error) { }

    /**
     * A NATS server sends {@code INFO {...}} the moment a client connects. Reading it on a plain socket, bounded by
     * the connect timeout, tells a silent listener (a hung server, a proxy with nothing behind it) from a server.
     */
    private Greeting greet() {
        URI address = URI.create(url);
        int port = address.getPort() < 0 ? DEFAULT_PORT : address.getPort();
        long started = System.nanoTime();
        int timeout = (int) timeouts.connect().toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), port), timeout);
            int remaining = (int) Math.max(1, timeout - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            socket.setSoTimeout(remaining);
            String line = firstLine(socket.getInputStream());
            if (!line.startsWith("INFO ")) {
                return new Greeting(null, false, "the server at " + address.getHost() + ":" + port
                        + " greeted with '" + abbreviate(line) + "' instead of INFO: not a NATS server");
            }
            LOG.debug("nats probe: {} greeted in {} ms: {}", url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), abbreviate(line));
            return new Greeting(line, false, null);
        } catch (SocketTimeoutException silent) {
            return new Greeting(null, true, "accepted the TCP connection but sent no INFO within the "
                    + Durations.format(timeouts.connect()) + " connect timeout");
        } catch (IOException | IllegalArgumentException refused) {
            return new Greeting(null, false, refused.getClass().getSimpleName() + ": " + refused.getMessage());
        }
    }

    /** Reads up to the first CRLF, at most {@link #MAX_INFO} bytes; a closed connection ends the line early. */
    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next;
        while (line.size() < MAX_INFO && (next = in.read()) != -1 && next != '\n') {
            if (next != '\r') {
                line.write(next);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
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
