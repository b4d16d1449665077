package io.aether.runbook.probe.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NATS probe against listeners that are not a working NATS server")
class NatsProbeTest {

    private static final Duration CONNECT = Duration.ofMillis(800);
    private static final Environment.Timeouts TIMEOUTS = new Environment.Timeouts(CONNECT, Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(10));

    @Test
    @DisplayName("a loopback listener that accepts TCP and says nothing fails within the connect timeout")
    void silentListenerFailsWithinTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "nats://127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();

            NatsRoundTrip trip = new NatsProbe(url, TIMEOUTS).roundTrip();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to report")
                    .isGreaterThanOrEqualTo(CONNECT.minusMillis(50)).isLessThan(CONNECT.plusMillis(700));
            assertThat(trip).isEqualTo(NatsRoundTrip.silent(url, Duration.ofSeconds(2),
                    "accepted the TCP connection but sent no INFO within the 800ms connect timeout"));
        }
    }

    @Test
    @DisplayName("a listener that greets with something other than INFO is not taken for NATS")
    void wrongGreetingFails() throws IOException {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> greeter = CompletableFuture.runAsync(() -> {
                try (Socket client = http.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the test closed the listener first; nothing left to answer
                }
            });
            String url = "nats://127.0.0.1:" + http.getLocalPort();

            NatsRoundTrip trip = new NatsProbe(url, TIMEOUTS).roundTrip();

            greeter.join();
            assertThat(trip).isEqualTo(NatsRoundTrip.failed(url, Duration.ofSeconds(2), "the server at 127.0.0.1:"
                    + http.getLocalPort() + " greeted with 'HTTP/1.1 400 Bad Request' instead of INFO: not a NATS"
                    + " server"));
        }
    }
}
