package io.aether.runbook.verdict.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.prometheus.LatencyQuery;
import io.aether.runbook.probe.prometheus.Sample;
import io.aether.runbook.probe.prometheus.Series;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The risk API P99 judge")
class RiskApiP99JudgeTest {

    static final LatencyQuery QUERY = new LatencyQuery("http_request_duration_highr_seconds",
            Map.of("job", "risk-api-prod"), "sum by (le)", Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofSeconds(30), 0.99);
    static final Duration THRESHOLD = Duration.ofMillis(500);
    static final String OBJECT = "the risk API P99 of"
            + " http_request_duration_highr_seconds_bucket{job=\"risk-api-prod\"}";
    static final Instant LATEST = Instant.parse("2024-06-10T06:20:00Z");

    /** One aggregate series whose last value is at {@link #LATEST}, one evaluation per 30 s before it. */
    static Series series(double... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(LATEST.minusSeconds(30L * (values.length - 1 - i)), values[i]));
        }
        return new Series(Map.of(), samples);
    }

    static double[] constant(int count, double value) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    @Test
    @DisplayName("fails when every evaluation of the whole window is above the threshold")
    void sustainedBreachFails() {
        double[] values = constant(20, 0.8);
        values[7] = 0.8975;

        Verdict verdict = RiskApiP99Judge.judge(List.of(series(values)), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.fail(OBJECT + " has been above the 500ms SEV-2 threshold for the"
                + " whole 10m window: all 20 evaluations exceeded it, worst 898ms at 2024-06-10T06:14:00Z, latest"
                + " 800ms at the latest evaluation (2024-06-10T06:20:00Z); expected at most 500ms sustained over 10m"
                + " (runbook 4 Incident response and escalation); open runbook 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("passes a single spike and names it")
    void spikePasses() {
        double[] values = constant(20, 0.0396);
        values[12] = 2.5;

        Verdict verdict = RiskApiP99Judge.judge(List.of(series(values)), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.pass(OBJECT + " is 40ms at the latest evaluation"
                + " (2024-06-10T06:20:00Z), within the 500ms SEV-2 threshold; 1 of 20 evaluations over the last 10m"
                + " above it, worst 2500ms at 2024-06-10T06:16:30Z: a spike, not sustained for 10m"));
    }

    @Test
    @DisplayName("passes a healthy window and gives its worst evaluation")
    void healthyPasses() {
        double[] values = constant(20, 0.0364);
        values[3] = 0.0412;

        Verdict verdict = RiskApiP99Judge.judge(List.of(series(values)), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.pass(OBJECT + " is 36ms at the latest evaluation"
                + " (2024-06-10T06:20:00Z), within the 500ms SEV-2 threshold; no evaluation over the last 10m above"
                + " the 500ms SEV-2 threshold, worst 41ms at 2024-06-10T06:12:00Z"));
    }

    @Test
    @DisplayName("does not fail a breach that has lasted less than the window")
    void shortBreachPasses() {
        Verdict verdict = RiskApiP99Judge.judge(List.of(series(constant(8, 0.9))), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.pass(OBJECT + " is 900ms at the latest evaluation"
                + " (2024-06-10T06:20:00Z), within the 500ms SEV-2 threshold; 8 of 8 evaluations over the last 10m"
                + " above it, worst 900ms at 2024-06-10T06:20:00Z, but only 8 of the 20 evaluations of the 10m window"
                + " had data: not sustained for 10m"));
    }

    @Test
    @DisplayName("is inconclusive without traffic, never a pass")
    void noTrafficIsInconclusive() {
        Verdict verdict = RiskApiP99Judge.judge(List.of(series(constant(20, Double.NaN))), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.inconclusive("no traffic: " + OBJECT + " is NaN at the latest"
                + " evaluation (2024-06-10T06:20:00Z): no request was counted over the last 1m, so it cannot be"
                + " compared with the 500ms SEV-2 threshold; 20 of 20 evaluations over the last 10m were NaN;"
                + " expected requests reaching the risk API; open runbook 2.2 Inspect ingress routing via Grafana or"
                + " curl"));
    }

    @Test
    @DisplayName("fails a P99 above the highest bucket")
    void infinityFails() {
        double[] values = constant(20, 0.04);
        values[19] = Double.POSITIVE_INFINITY;

        Verdict verdict = RiskApiP99Judge.judge(List.of(series(values)), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.fail(OBJECT + " is +Inf at the latest evaluation"
                + " (2024-06-10T06:20:00Z): above the histogram's highest bucket, so above the 500ms SEV-2 threshold"
                + " by an unknown amount; 1 of 20 evaluations over the last 10m above it, worst +Inf at"
                + " 2024-06-10T06:20:00Z; expected at most 500ms (runbook 4 Incident response and escalation); open"
                + " runbook 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("fails when no series matches, as a wrong metric or label set")
    void noSeriesFails() {
        Verdict verdict = RiskApiP99Judge.judge(List.of(), QUERY, THRESHOLD);

        assertThat(verdict).isEqualTo(Verdict.fail("no series: Prometheus has no"
                + " http_request_duration_highr_seconds_bucket{job=\"risk-api-prod\"} over the last 10m, so the risk"
                + " API P99 cannot be computed; the metric name or the labels in prometheus.latency are wrong, or the"
                + " risk API is not scraped; expected one P99 series from `" + QUERY.windowQuery() + "`; open runbook"
                + " 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("fails on the slow one of several series and names its labels")
    void severalSeriesFailOnTheSlowOne() {
        Series slow = new Series(Map.of("handler", "/api/var"), series(constant(20, 0.7)).samples());
        Series quiet = new Series(Map.of("handler", "/api/healthz"), series(constant(20, Double.NaN)).samples());

        Verdict verdict = RiskApiP99Judge.judge(List.of(quiet, slow), QUERY, THRESHOLD);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).startsWith(OBJECT + " {handler=\"/api/var\"} has been above the 500ms SEV-2"
                + " threshold for the whole 10m window: all 20 evaluations exceeded it, worst 700ms");
    }
}
