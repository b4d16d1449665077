package io.aether.runbook.probe.prometheus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus server (the Debian package's binary) run by a self-test: listening on loopback only, with its
 * storage in a temporary folder, a config and rules the test writes, stopped and cleaned up on close.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
    private static final Duration READY_BUDGET = Duration.ofSeconds(15);
    private static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    private final Process process;
    private final Path home;
    private final int port;

    private PrometheusServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /** The {@code prometheus} binary on the PATH or where the Debian package puts it, if any. */
    static Optional<Path> binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "prometheus"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/bin/prometheus")))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts Prometheus on a free loopback port with the given config and rules, and waits until it is ready. */
    static PrometheusServer start(Path binary, String config, String rules) throws IOException {
        Path home = Files.createTempDirectory("aether-prometheus-");
        Files.writeString(home.resolve("prometheus.yml"), config);
        Files.writeString(home.resolve("rules.yml"), rules);
        int port = freePort();
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, home, port);
        long started = System.nanoTime();
        try {
            Awaitility.await("Prometheus on 127.0.0.1:" + port + " ready").atMost(READY_BUDGET)
                    .pollInterval(Duration.ofMillis(200)).until(server::ready);
        } catch (RuntimeException notReady) {
            String log = Files.readString(home.resolve("prometheus.log"));
            server.close();
            throw new IllegalStateException("Prometheus did not get ready within " + READY_BUDGET.toSeconds()
                    + " s; its log:\n" + log, notReady);
        }
        LOG.info("prometheus {} ready on 127.0.0.1:{} in {} ms", binary, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        // the port is free when chosen; another process could take it before Prometheus binds, and then it fails
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_BUDGET.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_BUDGET.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException leftBehind) {
            LOG.debug("could not remove {}: {}", home, leftBehind.toString());
        }
    }
}
