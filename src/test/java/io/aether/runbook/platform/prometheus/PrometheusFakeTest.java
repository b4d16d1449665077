package io.aether.runbook.platform.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.probe.prometheus.AlertingRule;
import io.aether.runbook.probe.prometheus.LatencySample;
import io.aether.runbook.probe.prometheus.PrometheusProbe;
import io.aether.runbook.probe.prometheus.PrometheusUnanswered;
import io.aether.runbook.probe.prometheus.RiskApiLatencyProbe;
import io.aether.runbook.probe.prometheus.Series;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.slo.AlertRuleJudge;
import io.aether.runbook.verdict.slo.ExpectedAlert;
import io.aether.runbook.verdict.slo.MeasuredLatencyJudge;
import io.aether.runbook.verdict.slo.RiskApiP99Judge;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@DisplayName("The local Prometheus and risk API latency")
class PrometheusFakeTest {

    static final Duration THRESHOLD = Duration.ofMillis(500);
    static final String OBJECT = "the risk API P99 of http_request_duration_highr_seconds_bucket{job=\"risk-api-prod\","
            + "namespace=\"aether-prod\"}";

    static Environment environment(PrometheusFake fake, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(fake.endpoints());
        all.putAll(overrides);
        return LocalSloEnvironment.with(all);
    }

    static PrometheusFake start(Drill... drills) {
        return PrometheusFake.start(LocalSloEnvironment.unbooted(), Set.of(drills), new ServiceDirectory());
    }

    static Verdict p99(Environment env) {
        PrometheusProbe probe = new PrometheusProbe(env, Secrets.none());
        List<Series> series = probe.riskApiP99Window().requireSeries();
        return RiskApiP99Judge.judge(series, probe.latencyQuery(), THRESHOLD);
    }

    @Test
    @DisplayName("healthy: the P99 window, the alerting rules and the measured latency all pass")
    void healthyPasses(TestReporter report) {
        long started = System.nanoTime();
        try (PrometheusFake fake = start()) {
            report.publishEntry("prometheus fake start-up ms", String.valueOf(
                    Duration.ofNanos(System.nanoTime() - started).toMillis()));
            Environment env = environment(fake, Map.of());

            Verdict window = p99(env);
            List<AlertingRule> rules = new PrometheusProbe(env, Secrets.none()).alertingRules().requireRules();
            LatencySample sample = new RiskApiLatencyProbe(env, Secrets.none()).measure();

            assertThat(window.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(window.message()).startsWith(OBJECT + " is ").contains("no evaluation over the last 10m above");
            assertThat(AlertRuleJudge.judge(rules, ExpectedAlert.riskApiP99(env)).outcome())
                    .isEqualTo(Verdict.Outcome.PASS);
            assertThat(AlertRuleJudge.judge(rules, ExpectedAlert.marketDataGap(env)).outcome())
                    .isEqualTo(Verdict.Outcome.PASS);
            assertThat(MeasuredLatencyJudge.judge(sample, THRESHOLD).outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(sample.latencies()).hasSize(10);
            assertThat(sample.elapsed()).as("ten requests at ten a second").isGreaterThan(Duration.ofMillis(900));
            assertThat(sample.distribution().max()).isBetween(Duration.ofMillis(5), Duration.ofMillis(300));
        }
    }

    @Test
    @DisplayName("risk-api-slow: the sustained P99 fails with its value and the threshold, and so does the sample")
    void slowFails() {
        try (PrometheusFake fake = start(Drill.RISK_API_SLOW)) {
            Environment env = environment(fake, Map.of("latencyProbe.requests", "3"));

            Verdict window = p99(env);
            Verdict measured = MeasuredLatencyJudge.judge(new RiskApiLatencyProbe(env, Secrets.none()).measure(),
                    THRESHOLD);

            assertThat(window.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(window.message()).startsWith(OBJECT + " has been above the 500ms SEV-2 threshold for the whole"
                    + " 10m window: all 20 evaluations exceeded it, worst 898ms at ");
            assertThat(measured.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(measured.message()).startsWith("the risk API P99 measured by the suite is ")
                    .contains("above the 500ms SEV-2 threshold");
        }
    }

    @Test
    @DisplayName("risk-api-spike: one spike passes and is named")
    void spikePasses() {
        try (PrometheusFake fake = start(Drill.RISK_API_SPIKE)) {
            Verdict window = p99(environment(fake, Map.of()));

            assertThat(window.outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(window.message()).contains("1 of 20 evaluations over the last 10m above it, worst 2500ms at ")
                    .endsWith(": a spike, not sustained for 10m");
        }
    }

    @Test
    @DisplayName("risk-api-no-traffic: a NaN P99 is inconclusive")
    void noTrafficIsInconclusive() {
        try (PrometheusFake fake = start(Drill.RISK_API_NO_TRAFFIC)) {
            Verdict window = p99(environment(fake, Map.of()));

            assertThat(window.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
            assertThat(window.message()).startsWith("no traffic: " + OBJECT + " is NaN at the latest evaluation");
        }
    }

    @Test
    @DisplayName("a metric name Prometheus does not have gives no series, and fails")
    void wrongMetricFails() {
        try (PrometheusFake fake = start()) {
            Environment env = environment(fake, Map.of("prometheus.latency.metric", "http_request_latency_seconds"));

            Verdict window = p99(env);

            assertThat(window.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(window.message()).startsWith("no series: Prometheus has no http_request_latency_seconds_bucket"
                    + "{job=\"risk-api-prod\",namespace=\"aether-prod\"} over the last 10m");
        }
    }

    @Test
    @DisplayName("a Prometheus that does not answer is a suite error naming the query")
    void unansweredIsSuiteError() {
        Environment env;
        try (PrometheusFake fake = start()) {
            env = environment(fake, Map.of());
        }
        PrometheusProbe probe = new PrometheusProbe(env, Secrets.none());

        assertThatThrownBy(() -> probe.riskApiP99Window().requireSeries()).isInstanceOf(PrometheusUnanswered.class)
                .hasMessageContaining("Prometheus gave no usable answer to the query `"
                        + probe.latencyQuery().windowQuery() + "` at " + env.prometheus().url()
                        + "/api/v1/query?query=")
                .hasMessageContaining(": no answer (connection refused; connect timeout 1s, request timeout 3s)");
    }
}
