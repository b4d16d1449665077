package io.aether.runbook.probe.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code /metrics} endpoint on loopback serving a request-duration histogram whose quantiles are known: the
 * {@code busy} series counts 100 requests a second spread over fixed buckets, so that its P99 is exactly 0.875 s
 * by Prometheus's linear interpolation; the {@code idle} series never counts a request, so its P99 is NaN.
 */
final class KnownHistogram implements AutoCloseable {

    /** The P99 of the busy series: rank 99 of 100 falls three quarters into the (0.5, 1] bucket. */
    static final double BUSY_P99 = 0.875;
    /** The histogram's bucket bounds and, per second, how many requests each cumulative bucket counts. */
    private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1.0};
    private static final double[] PER_SECOND = {40, 70, 90, 96, 100};
    private static final String METRIC = "http_request_duration_highr_seconds";

    private final HttpServer server;
    private final long started = System.nanoTime();

    private KnownHistogram(HttpServer server) {
        this.server = server;
    }

    static KnownHistogram start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        KnownHistogram histogram = new KnownHistogram(server);
        server.createContext("/metrics", exchange -> {
            byte[] body = histogram.exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return histogram;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The text exposition at this moment: the busy counters grow with time, the idle ones stay put. */
    String exposition() {
        double seconds = (System.nanoTime() - started) / 1e9 + 1;
        StringBuilder text = new StringBuilder("# HELP " + METRIC + " Latency with many buckets but no API specific"
                + " labels.\n# TYPE " + METRIC + " histogram\n");
        series(text, "busy", seconds);
        series(text, "idle", 0.05);
        return text.toString();
    }

    private static void series(StringBuilder text, String service, double seconds) {
        String labels = "namespace=\"aether-prod\",service=\"" + service + "\"";
        for (int i = 0; i < BOUNDS.length; i++) {
            text.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"%s\"} %.6f%n", METRIC, labels, BOUNDS[i],
                    PER_SECOND[i] * seconds));
        }
        double total = PER_SECOND[PER_SECOND.length - 1] * seconds;
        text.append(String.format(Locale.ROOT, "%s_bucket{%s,le=\"+Inf\"} %.6f%n", METRIC, labels, total));
        text.append(String.format(Locale.ROOT, "%s_sum{%s} %.6f%n", METRIC, labels, total * 0.12));
        text.append(String.format(Locale.ROOT, "%s_count{%s} %.6f%n", METRIC, labels, total));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
