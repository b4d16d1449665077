package io.aether.runbook.probe.prometheus;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.probe.http.TlsTrust;
import io.aether.runbook.report.Evidence;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the risk API's latency itself: a bounded number of GETs of a read-only endpoint, one at a time and
 * never more than the configured rate, each with the environment's timeouts. The caps of
 * {@code latencyProbe.requests} and {@code latencyProbe.ratePerSecond} keep it harmless in prod.
 */
public final class RiskApiLatencyProbe {

    private static final Logger LOG = LoggerFactory.getLogger(RiskApiLatencyProbe.class);

    private final URI url;
    private final int requests;
    private final int ratePerSecond;
    private final Duration requestTimeout;
    private final Secrets secrets;
    private final HttpClient client;

    public RiskApiLatencyProbe(Environment env, Secrets secrets) {
        this.url = URI.create(Objects.requireNonNull(env.latencyProbe().url(), "latencyProbe.url is not set"));
        this.requests = env.latencyProbe().requests();
        this.ratePerSecond = env.latencyProbe().ratePerSecond();
        this.requestTimeout = env.timeouts().request();
        this.secrets = secrets;
        TlsTrust tls = TlsTrust.of("latencyProbe", env.tls().latencyProbe());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(env.timeouts().connect())
                .sslContext(tls.sslContext())
                .build();
        tls.warning().ifPresent(warning -> LOG.warn("risk API latency probe: {}", warning));
    }

    /** How long a sample may take at most: every request at its slot, the last one waiting its full timeout. */
    public Duration budget() {
        return Duration.ofMillis(1000L * requests / ratePerSecond).plus(requestTimeout.multipliedBy(requests));
    }

    /**
     * Sends the requests, paced by a single-threaded schedule so that no two overlap, and waits for them. One
     * unrecorded request goes first: it pays for the connection and the client's first use, which the risk API's
     * real callers, holding warm connections, never see.
     */
    public LatencySample measure() {
        List<Duration> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        send(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch done = new CountDownLatch(requests);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "risk-api-latency-probe");
            thread.setDaemon(true);
            return thread;
        });
        long started = System.nanoTime();
        ScheduledFuture<?> schedule = pacer.scheduleAtFixedRate(() -> {
            if (done.getCount() > 0) {
                send(latencies, failures);
                done.countDown();
            }
        }, 0, 1_000_000_000L / ratePerSecond, TimeUnit.NANOSECONDS);
        try {
            if (!done.await(budget().toMillis(), TimeUnit.MILLISECONDS)) {
                failures.add(done.getCount() + " requests not sent within the probe's " + budget().toMillis()
                        + " ms budget");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failures.add("interrupted with " + done.getCount() + " requests still to send");
        } finally {
            schedule.cancel(true);
            pacer.shutdownNow();
        }
        LatencySample sample = new LatencySample(url.toString(), requests, ratePerSecond, List.copyOf(latencies),
                List.copyOf(failures), Duration.ofNanos(System.nanoTime() - started));
        LatencySample.LatencyDistribution distribution = sample.distribution();
        LOG.info("risk API latency probe: {} requests to {} at up to {}/s in {} ms: p50 {} us, p99 {} us, max {} us,"
                + " {} failed", requests, url, ratePerSecond, sample.elapsed().toMillis(),
                distribution.p50().toNanos() / 1000, distribution.p99().toNanos() / 1000,
                distribution.max().toNanos() / 1000, sample.failures().size());
        Evidence.text("Latency probe requests", "GET " + secrets.redact(url.toString()) + " x " + requests
                + " at up to " + ratePerSecond + "/s, request timeout " + requestTimeout.toMillis() + " ms");
        return sample;
    }

    private void send(List<Duration> latencies, List<String> failures) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).GET()
                .header("Accept", "application/json").header("User-Agent", "aether-runbook-latency-probe").build();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("risk API latency probe: {} answered {} in {} us", url, response.statusCode(),
                    took.toNanos() / 1000);
            if (response.statusCode() / 100 == 2) {
                latencies.add(took);
            } else {
                failures.add("HTTP " + response.statusCode());
            }
        } catch (HttpConnectTimeoutException slow) {
            failures.add("no connection within the connect timeout");
        } catch (HttpTimeoutException slow) {
            failures.add("no answer within the " + requestTimeout.toMillis() + " ms request timeout");
        } catch (IOException failed) {
            failures.add("connection failed (" + failed.getClass().getSimpleName() + ")");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        }
    }
}
