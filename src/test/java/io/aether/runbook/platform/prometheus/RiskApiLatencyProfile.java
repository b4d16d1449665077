package io.aether.runbook.platform.prometheus;

import io.aether.runbook.platform.Drill;
import java.time.Duration;
import java.util.Set;

/**
 * How fast the local risk API answers under the run's drills, in one place: the delay its endpoint adds to each
 * answer, and the P99 Prometheus reports for each evaluation of the threshold window, which follows that delay.
 *
 * @param fastest the shortest delay of an answer (a uniform delay between the two bounds)
 * @param slowest the longest delay of an answer
 * @param spikeAgo when one evaluation of the window spiked, how long before the latest; {@code null} for none
 * @param traffic whether requests reached the risk API during the window (without, every P99 is NaN)
 */
public record RiskApiLatencyProfile(Duration fastest, Duration slowest, Duration spikeAgo, boolean traffic) {

    /** The P99 of the one evaluation that spiked under {@link Drill#RISK_API_SPIKE}. */
    public static final double SPIKE_SECONDS = 2.5;

    private static final Duration HEALTHY_FASTEST = Duration.ofMillis(5);
    private static final Duration HEALTHY_SLOWEST = Duration.ofMillis(40);

    public static RiskApiLatencyProfile of(Set<Drill> drills) {
        if (drills.contains(Drill.RISK_API_SLOW)) {
            return new RiskApiLatencyProfile(Duration.ofMillis(650), Duration.ofMillis(900), null, true);
        }
        if (drills.contains(Drill.RISK_API_SPIKE)) {
            return new RiskApiLatencyProfile(HEALTHY_FASTEST, HEALTHY_SLOWEST, Duration.ofMinutes(4), true);
        }
        return new RiskApiLatencyProfile(HEALTHY_FASTEST, HEALTHY_SLOWEST, null,
                !drills.contains(Drill.RISK_API_NO_TRAFFIC));
    }

    /** The P99 of the uniform delay, in seconds: what a fine-grained histogram of these answers reports. */
    public double p99Seconds() {
        return (fastest.toNanos() + 0.99 * (slowest.toNanos() - fastest.toNanos())) / 1e9;
    }

    /**
     * The P99 Prometheus reports at one evaluation: NaN without traffic, the spike at its evaluation, otherwise
     * the delay's P99 varied by a few percent so that the window does not look synthetic.
     *
     * @param ago how long before the latest evaluation this one is
     */
    public double p99At(Duration ago, Duration step) {
        if (!traffic) {
            return Double.NaN;
        }
        long index = ago.toMillis() / Math.max(1, step.toMillis());
        if (spikeAgo != null && index == spikeAgo.toMillis() / Math.max(1, step.toMillis())) {
            return SPIKE_SECONDS;
        }
        return p99Seconds() * (0.92 + 0.02 * (index % 5));
    }
}
