package io.aether.runbook.verdict.slo;

import io.aether.runbook.probe.prometheus.LatencyChart;
import io.aether.runbook.probe.prometheus.LatencySample;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;

/**
 * Judges the suite's own latency sample of the risk API against the section 4 SEV-2 threshold. It is a spot
 * sample of seconds, not the threshold's window: a failure here says the risk API is slow now.
 */
public final class MeasuredLatencyJudge {

    private MeasuredLatencyJudge() {
    }

    public static Verdict judge(LatencySample sample, Duration threshold) {
        LatencySample.LatencyDistribution numbers = sample.distribution();
        String limitText = "the " + SloSteps.duration(threshold) + " SEV-2 threshold";
        if (!sample.failures().isEmpty()) {
            String unanswered = sample.failures().size() + " of " + sample.requested() + " requests to "
                    + sample.url() + " got no 2xx answer (first: " + sample.failures().get(0) + ")";
            if (numbers.count() == 0) {
                return Verdict.fail(unanswered + ", so no latency could be measured against " + limitText
                        + "; expected every request answered with 2xx; open " + SloSteps.INGRESS);
            }
            return Verdict.fail(unanswered + "; the P99 of the " + numbers.count() + " answered ("
                    + LatencyChart.label(numbers.p99()) + ") cannot stand for the risk API; expected every request"
                    + " answered with 2xx; open " + SloSteps.FASTAPI);
        }
        String measured = "the risk API P99 measured by the suite is " + LatencyChart.label(numbers.p99())
                + " over " + numbers.count() + " requests to " + sample.url() + " (P50 "
                + LatencyChart.label(numbers.p50()) + ", P90 " + LatencyChart.label(numbers.p90()) + ", max "
                + LatencyChart.label(numbers.max()) + ")";
        if (numbers.p99().compareTo(threshold) > 0) {
            return Verdict.fail(measured + ", above " + limitText + "; expected at most "
                    + SloSteps.duration(threshold) + " (a spot sample of " + sample.elapsed().toMillis()
                    + " ms, not the threshold's window: compare with the Prometheus P99); open " + SloSteps.FASTAPI);
        }
        return Verdict.pass(measured + ", within " + limitText);
    }
}
