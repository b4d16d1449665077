package io.aether.runbook.platform.containers;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.Durations;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked once per JVM through Testcontainers' own detection and bounded in time,
 * so that {@code -Dfakes=containers} on a machine without Docker stops with one sentence instead of a stack of
 * connection errors.
 */
public final class DockerEngine {

    /** How long detection may take; Testcontainers tries each of its strategies in turn within it. */
    public static final Duration DETECTION_BUDGET = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static volatile Boolean detected;

    private DockerEngine() {
    }

    /** Whether Testcontainers finds a Docker engine; the first call detects, later calls reuse the answer. */
    public static boolean available() {
        Boolean known = detected;
        if (known == null) {
            known = detect(() -> DockerClientFactory.instance().isDockerAvailable(), DETECTION_BUDGET);
            detected = known;
        }
        return known;
    }

    /** Stops the run before anything starts when no engine answers. */
    public static void require() {
        if (!available()) {
            throw missing(DETECTION_BUDGET);
        }
    }

    /** The one message a run without Docker ends with. */
    public static ConfigException missing(Duration budget) {
        return new ConfigException("-Dfakes=containers", "", "no Docker engine was found by Testcontainers within "
                + Durations.format(budget), "start a Docker engine, or drop -Dfakes: the embedded default needs none");
    }

    /** Why a self-test that needs Docker is skipped on this machine. */
    public static String skipReason() {
        return "no Docker engine was found by Testcontainers within " + Durations.format(DETECTION_BUDGET)
                + "; this self-test starts containers, and the embedded default needs none";
    }

    /** Runs {@code detector} on its own thread and takes "no answer within {@code budget}" as "no engine". */
    static boolean detect(BooleanSupplier detector, Duration budget) {
        long started = System.nanoTime();
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread daemon = new Thread(task, "docker-engine-detection");
            daemon.setDaemon(true);
            return daemon;
        });
        Future<Boolean> answer = thread.submit(detector::getAsBoolean);
        try {
            boolean found = answer.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("docker engine {} after {} ms", found ? "found" : "not found", millisSince(started));
            return found;
        } catch (TimeoutException slow) {
            LOG.info("docker engine detection gave no answer within {}", Durations.format(budget));
            return false;
        } catch (ExecutionException failed) {
            LOG.info("docker engine detection failed after {} ms: {}", millisSince(started),
                    failed.getCause().toString());
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            thread.shutdownNow();
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
