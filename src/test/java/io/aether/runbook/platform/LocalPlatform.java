package io.aether.runbook.platform;

import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Aether platform on loopback, inside the test JVM: each system's fake is started in parallel, with the
 * run's drills applied, and the addresses they listen on are handed back as environment key paths.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);
    private static final Duration BOOT_BUDGET = Duration.ofSeconds(90);
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(10);

    /** Starts one fake of the platform. */
    @FunctionalInterface
    public interface Starter {
        Fake start(Environment environment, Set<Drill> drills, ServiceDirectory services) throws Exception;
    }

    private final List<Fake> fakes;
    private final Map<String, Long> bootMillis;
    private final long totalMillis;

    private LocalPlatform(List<Fake> fakes, Map<String, Long> bootMillis, long totalMillis) {
        this.fakes = fakes;
        this.bootMillis = bootMillis;
        this.totalMillis = totalMillis;
    }

    /** Starts every fake in parallel; if one fails to start, the others are stopped and the failure is thrown. */
    public static LocalPlatform start(Environment environment, Set<Drill> drills, Map<String, Starter> starters) {
        return start(environment, drills, starters, BOOT_BUDGET);
    }

    /** As {@link #start(Environment, Set, Map)}, within {@code budget} for the whole platform. */
    public static LocalPlatform start(Environment environment, Set<Drill> drills, Map<String, Starter> starters,
            Duration budget) {
        long started = System.nanoTime();
        ServiceDirectory services = new ServiceDirectory();
        ExecutorService pool = Executors.newFixedThreadPool(starters.size(), runnable -> {
            Thread thread = new Thread(runnable, "local-platform-boot");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Future<Fake>> pending = new LinkedHashMap<>();
        Map<String, Long> bootMillis = new LinkedHashMap<>();
        starters.forEach((name, starter) -> pending.put(name, pool.submit(() -> {
            long begin = System.nanoTime();
            Fake fake = starter.start(environment, drills, services);
            synchronized (bootMillis) {
                bootMillis.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            }
            return fake;
        })));
        List<Fake> fakes = new ArrayList<>();
        try {
            for (Map.Entry<String, Future<Fake>> boot : pending.entrySet()) {
                fakes.add(await(boot.getKey(), boot.getValue(), started, budget));
            }
        } catch (RuntimeException failed) {
            pending.values().forEach(future -> future.cancel(true));
            fakes.forEach(Fake::close);
            throw failed;
        } finally {
            pool.shutdownNow();
        }
        warmUp(fakes);
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("local platform up in {} ms (drills: {}): {}", total, drills.isEmpty() ? "none" : drills,
                bootMillis);
        return new LocalPlatform(fakes, Map.copyOf(bootMillis), total);
    }

    /**
     * Sends one request to each HTTP fake, so that its server threads, templates and the JDK's client classes are
     * loaded before the checks start: real servers are warm, and a cold one would only measure this JVM.
     */
    private static void warmUp(List<Fake> fakes) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(WARM_UP_BUDGET).build();
        // the Kubernetes API is left alone: seeding it already warmed it, and its request log is the RBAC proof
        fakes.stream().flatMap(fake -> fake.endpoints().entrySet().stream())
                .filter(endpoint -> !endpoint.getKey().startsWith("kubernetes.")).map(Map.Entry::getValue)
                .filter(url -> url.startsWith("http://")).map(URI::create)
                .map(url -> URI.create(url.getScheme() + "://" + url.getAuthority() + "/")).distinct()
                .forEach(base -> {
                    try {
                        client.send(HttpRequest.newBuilder(base).timeout(WARM_UP_BUDGET).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (IOException | RuntimeException failed) {
                        LOG.debug("warm-up of {} failed: {}", base, failed.toString());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    private static Fake await(String name, Future<Fake> boot, long started, Duration budget) {
        long remaining = budget.toNanos() - (System.nanoTime() - started);
        try {
            return boot.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            throw new IllegalStateException("local platform: " + name + " did not start within "
                    + budget.toSeconds() + " s", slow);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("local platform: " + name + " failed to start: "
                    + failed.getCause().getMessage(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("local platform: interrupted while starting " + name, interrupted);
        }
    }

    /** Environment key paths to loopback addresses, from every fake. */
    public Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        fakes.forEach(fake -> endpoints.putAll(fake.endpoints()));
        return endpoints;
    }

    public List<Fake> fakes() {
        return List.copyOf(fakes);
    }

    /** How long each fake took to start, in milliseconds. */
    public Map<String, Long> bootMillis() {
        return bootMillis;
    }

    public long totalBootMillis() {
        return totalMillis;
    }

    /** Every request the fakes received since they started, grouped by fake in start order, oldest first. */
    public List<PlatformRequest> received() {
        List<PlatformRequest> received = new ArrayList<>();
        fakes.forEach(fake -> received.addAll(fake.received()));
        return received;
    }

    @Override
    public void close() {
        try {
            PlatformTraffic.keep(received());
        } finally {
            // every fake is stopped even when another one fails to: a server left behind outlives the run
            for (Fake fake : fakes) {
                try {
                    fake.close();
                } catch (RuntimeException failed) {
                    LOG.warn("local platform: {} did not stop cleanly: {}", fake.name(), failed.toString());
                }
            }
            LOG.info("local platform stopped");
        }
    }
}
