package io.aether.runbook.verdict.slo;

import io.aether.runbook.probe.prometheus.LatencyQuery;
import io.aether.runbook.probe.prometheus.Sample;
import io.aether.runbook.probe.prometheus.Series;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges the risk API's P99 against the section 4 SEV-2 threshold from every evaluation over the threshold window:
 * it fails only when every evaluation of the whole window was above the threshold, or when the latest P99 lies
 * above the histogram's highest bucket. A spike passes and is named; no traffic (NaN) is inconclusive.
 */
public final class RiskApiP99Judge {

    private RiskApiP99Judge() {
    }

    /**
     * @param series the answer to {@link LatencyQuery#windowQuery()}: one series per group the aggregation keeps
     */
    public static Verdict judge(List<Series> series, LatencyQuery query, Duration threshold) {
        if (series.isEmpty() || series.stream().allMatch(one -> one.samples().isEmpty())) {
            return Verdict.fail("no series: Prometheus has no " + query.bucketSelector() + " over the last "
                    + SloSteps.duration(query.window()) + ", so the risk API P99 cannot be computed; the metric name"
                    + " or the labels in prometheus.latency are wrong, or the risk API is not scraped; expected one"
                    + " P99 series from `" + query.windowQuery() + "`; open " + SloSteps.FASTAPI);
        }
        List<Verdict> verdicts = series.stream().filter(one -> !one.samples().isEmpty())
                .map(one -> judge(one, series.size() > 1, query, threshold)).collect(Collectors.toList());
        List<Verdict> failed = only(verdicts, Verdict.Outcome.FAIL);
        if (!failed.isEmpty()) {
            return Verdict.fail(failed.get(0).message() + (failed.size() > 1
                    ? " (and " + (failed.size() - 1) + " more series above the threshold)" : ""));
        }
        List<Verdict> passed = only(verdicts, Verdict.Outcome.PASS);
        if (passed.isEmpty()) {
            return verdicts.get(0);
        }
        int quiet = verdicts.size() - passed.size();
        return Verdict.pass(passed.stream().map(Verdict::message).collect(Collectors.joining("; "))
                + (quiet > 0 ? "; " + quiet + " more series without traffic" : ""));
    }

    private static Verdict judge(Series series, boolean named, LatencyQuery query, Duration threshold) {
        double limit = threshold.toNanos() / 1e9;
        String object = "the risk API P99 of " + query.bucketSelector() + (named ? " " + series.labelText() : "");
        String limitText = "the " + SloSteps.duration(threshold) + " SEV-2 threshold";
        List<Sample> samples = series.samples();
        Sample latest = samples.get(samples.size() - 1);
        long above = samples.stream().filter(sample -> sample.value() > limit).count();
        long quiet = samples.stream().filter(Sample::isNaN).count();
        int expected = query.evaluationsPerWindow();
        String window = SloSteps.duration(query.window());
        String evaluations = above + " of " + samples.size() + " evaluations over the last " + window
                + " above it" + worst(samples).map(sample -> ", worst " + SloSteps.seconds(sample.value()) + " at "
                + SloSteps.time(sample.at())).orElse("");
        if (latest.isNaN()) {
            return Verdict.inconclusive("no traffic: " + object + " is NaN at the latest evaluation ("
                    + SloSteps.time(latest.at()) + "): no request was counted over the last "
                    + SloSteps.duration(query.rateWindow()) + ", so it cannot be compared with " + limitText + "; "
                    + quiet + " of " + samples.size() + " evaluations over the last " + window + " were NaN"
                    + worst(samples).map(sample -> ", worst otherwise " + SloSteps.seconds(sample.value()) + " at "
                    + SloSteps.time(sample.at())).orElse("") + "; expected requests reaching the risk API; open "
                    + SloSteps.INGRESS);
        }
        if (latest.value() == Double.POSITIVE_INFINITY) {
            return Verdict.fail(object + " is +Inf at the latest evaluation (" + SloSteps.time(latest.at())
                    + "): above the histogram's highest bucket, so above " + limitText + " by an unknown amount; "
                    + evaluations + "; expected at most " + SloSteps.duration(threshold) + " (" + SloSteps.ESCALATION
                    + "); open " + SloSteps.FASTAPI);
        }
        String latestText = SloSteps.seconds(latest.value()) + " at the latest evaluation ("
                + SloSteps.time(latest.at()) + ")";
        if (above == samples.size() && samples.size() >= expected) {
            return Verdict.fail(object + " has been above " + limitText + " for the whole " + window + " window: all "
                    + samples.size() + " evaluations exceeded it, worst " + worst(samples).map(sample ->
                    SloSteps.seconds(sample.value()) + " at " + SloSteps.time(sample.at())).orElse("")
                    + ", latest " + latestText + "; expected at most " + SloSteps.duration(threshold) + " sustained"
                    + " over " + window + " (" + SloSteps.ESCALATION + "); open " + SloSteps.FASTAPI);
        }
        String verdict;
        if (above == 0) {
            verdict = "no evaluation over the last " + window + " above " + limitText
                    + worst(samples).map(sample -> ", worst " + SloSteps.seconds(sample.value()) + " at "
                    + SloSteps.time(sample.at())).orElse("");
        } else if (above == samples.size()) {
            verdict = evaluations + ", but only " + samples.size() + " of the " + expected + " evaluations of the "
                    + window + " window had data: not sustained for " + window;
        } else {
            verdict = evaluations + ": " + (above == 1 ? "a spike" : "spikes") + ", not sustained for " + window;
        }
        return Verdict.pass(object + " is " + latestText + ", within " + limitText + "; " + verdict);
    }

    /** The evaluations behind a verdict, one line each, for the evidence: time, P99, and whether it exceeded. */
    public static String evaluations(List<Series> series, Duration threshold) {
        double limit = threshold.toNanos() / 1e9;
        List<String> lines = new ArrayList<>();
        lines.add("threshold " + SloSteps.duration(threshold) + " (" + limit + " s)");
        for (Series one : series) {
            lines.add("series " + one.labelText());
            for (Sample sample : one.samples()) {
                String mark = sample.isNaN() ? "  no traffic" : sample.value() > limit ? "  ABOVE" : "";
                lines.add("  " + SloSteps.time(sample.at()) + "  " + SloSteps.seconds(sample.value()) + mark);
            }
        }
        return String.join("\n", lines);
    }

    private static Optional<Sample> worst(List<Sample> samples) {
        return samples.stream().filter(sample -> !sample.isNaN())
                .reduce((a, b) -> b.value() >= a.value() ? b : a);
    }

    private static List<Verdict> only(List<Verdict> verdicts, Verdict.Outcome outcome) {
        return verdicts.stream().filter(verdict -> verdict.outcome() == outcome).collect(Collectors.toList());
    }
}
