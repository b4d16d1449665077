package io.aether.runbook.probe.prometheus;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The suite's own latency sample of a risk API endpoint: how long each answered request took, why the others got
 * no usable answer, and the caps it ran under.
 *
 * @param latencies the durations of the requests answered with 2xx, in the order sent
 * @param failures one line per request without a 2xx answer ("HTTP 503", "no answer within the request timeout")
 */
public record LatencySample(
        String url,
        int requested,
        int ratePerSecond,
        List<Duration> latencies,
        List<String> failures,
        Duration elapsed) {

    public LatencySample {
        latencies = List.copyOf(latencies);
        failures = List.copyOf(failures);
    }

    /** The latencies in an HdrHistogram, microsecond resolution, three significant digits. */
    public Histogram histogram() {
        Histogram histogram = new Histogram(3);
        latencies.forEach(latency -> histogram.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(
                latency.toNanos()))));
        return histogram;
    }

    /** P50, P90, P99 and max of the answered requests; all zero when none was answered. */
    public LatencyDistribution distribution() {
        Histogram histogram = histogram();
        if (histogram.getTotalCount() == 0) {
            return new LatencyDistribution(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        return new LatencyDistribution(histogram.getTotalCount(), at(histogram, 50), at(histogram, 90),
                at(histogram, 99), Duration.of(histogram.getMaxValue(), ChronoUnit.MICROS));
    }

    private static Duration at(Histogram histogram, double percentile) {
        return Duration.of(histogram.getValueAtPercentile(percentile), ChronoUnit.MICROS);
    }

    /** The percentiles of one sample. */
    public record LatencyDistribution(long count, Duration p50, Duration p90, Duration p99, Duration max) {
    }
}
