package io.aether.runbook.platform.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@code nats-server} binary (Debian package nats-server) started as a child process on loopback and a
 * port the server picks itself. Exposes {@code nats.url}. Where the binary is missing, it starts nothing and says
 * why through {@link #unavailable()}, so NATS checks skip; the {@code nats-down} drill exposes a refused port.
 */
public final class NatsFake implements Fake {

    private static final Logger LOG = LoggerFactory.getLogger(NatsFake.class);
    private static final String BINARY = "nats-server";
    private static final Duration START_BUDGET = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STOP_BUDGET = Duration.ofSeconds(5);

    private final Process process;
    private final Path workDirectory;
    private final String url;
    private final String unavailable;
    private final Thread stopOnExit;

    private NatsFake(Process process, Path workDirectory, String url, String unavailable) {
        this.process = process;
        this.workDirectory = workDirectory;
        this.url = url;
        this.unavailable = unavailable;
        // a child process outlives a JVM that exits without closing the platform (Maven interrupted, a fork killed)
        this.stopOnExit = process == null ? null : new Thread(this::stop, "nats-server-stop-on-exit");
        if (stopOnExit != null) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
    }

    public static NatsFake start(Environment env, Set<Drill> drills) {
        if (drills.contains(Drill.NATS_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            LOG.info("nats: drill {} - no server, refused port {}", Drill.NATS_DOWN, refused.getPort());
            return new NatsFake(null, null, urlOf(refused.getPort()), null);
        }
        Optional<Path> binary = locateBinary();
        if (binary.isEmpty()) {
            String reason = BINARY + " is not installed (not on PATH, not in /usr/sbin or /usr/local/bin);"
                    + " install the Debian package nats-server to run the NATS checks locally";
            LOG.info("nats: {}", reason);
            return new NatsFake(null, null, urlOf(RefusedPort.reserve().getPort()), reason);
        }
        return launch(binary.get());
    }

    /** Where {@code nats-server} is installed: the PATH first, then the Debian and manual install locations. */
    public static Optional<Path> locateBinary() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/bin"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, BINARY))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static NatsFake launch(Path binary) {
        long started = System.nanoTime();
        Path work = null;
        Process process = null;
        try {
            work = Files.createTempDirectory("aether-nats-");
            Path log = work.resolve("nats-server.log");
            // "-p -1" makes the server choose a free port and write it to the ports file: no race for a port.
            process = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", "-1",
                    "--ports_file_dir", work.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int port = awaitPort(process, work);
            awaitConnections(process, port);
            NatsFake fake = new NatsFake(process, work, urlOf(port), null);
            LOG.info("nats: {} (pid {}) on {} started in {} ms", binary, process.pid(), fake.url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return fake;
        } catch (IOException | RuntimeException failed) {
            String serverLog = readLog(work);
            new NatsFake(process, work, null, null).close();
            throw new IllegalStateException("nats: " + binary + " did not start within " + START_BUDGET.toSeconds()
                    + "s: " + failed.getMessage() + (serverLog.isEmpty() ? "" : "; its log:\n" + serverLog), failed);
        }
    }

    private static int awaitPort(Process process, Path work) {
        Path[] portsFile = new Path[1];
        Awaitility.await("nats-server writes its ports file")
                .atMost(START_BUDGET).pollInterval(POLL).pollInSameThread()
                .failFast("nats-server exited", () -> !process.isAlive())
                .until(() -> {
                    portsFile[0] = portsFile(work).orElse(null);
                    return portsFile[0] != null && Files.size(portsFile[0]) > 0;
                });
        try {
            JsonNode ports = new ObjectMapper().readTree(Files.readString(portsFile[0], StandardCharsets.UTF_8));
            return URI.create(ports.path("nats").path(0).asText()).getPort();
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read the ports file " + portsFile[0], unreadable);
        }
    }

    private static Optional<Path> portsFile(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".ports")).findFirst();
        }
    }

    private static void awaitConnections(Process process, int port) {
        Awaitility.await("nats-server accepts connections on 127.0.0.1:" + port)
                .atMost(START_BUDGET).pollInterval(POLL).pollInSameThread()
                .failFast("nats-server exited", () -> !process.isAlive())
                .until(() -> accepts(port));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL.toMillis() * 4);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String readLog(Path work) {
        if (work == null) {
            return "";
        }
        try {
            Path log = work.resolve("nats-server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    private static String urlOf(int port) {
        return "nats://127.0.0.1:" + port;
    }

    public String url() {
        return url;
    }

    /** Why NATS cannot be checked locally (the binary is missing), or empty when it can. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** Whether a server process runs; false under the nats-down drill or without the binary. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("nats.url", url);
    }

    @Override
    public void close() {
        if (stopOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                LOG.debug("nats: the JVM is exiting; its shutdown hook stops the server");
            }
        }
        stop();
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("nats: pid {} ignored SIGTERM for {}; killing it", process.pid(), STOP_BUDGET);
                    process.destroyForcibly();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteQuietly(workDirectory);
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("nats: could not delete {}: {}", directory, unreadable.toString());
        }
    }
}
