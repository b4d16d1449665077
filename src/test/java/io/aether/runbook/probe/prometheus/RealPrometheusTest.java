package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.prometheus.LocalSloEnvironment;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.slo.AlertRuleJudge;
import io.aether.runbook.verdict.slo.ExpectedAlert;
import io.aether.runbook.verdict.slo.RiskApiP99Judge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

/**
 * Proves the section 4 PromQL on a real Prometheus: it scrapes a histogram of known quantiles every second, and
 * the suite's own query, probe and judges must read the expected P99, NaN and no series from it, and must find
 * the alerting rules printed exactly as the suite writes their expressions.
 */
@DisplayName("The section 4 PromQL on a real Prometheus")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusTest {

    static final Duration THRESHOLD = Duration.ofMillis(500);
    static final Duration SAMPLES_BUDGET = Duration.ofSeconds(30);
    static final String JOB = "risk-api-prod";

    private KnownHistogram histogram;
    private PrometheusServer prometheus;
    private long startMillis;

    @BeforeAll
    void start() throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        Assumptions.assumeTrue(binary.isPresent(), "no prometheus binary on the PATH or in /usr/bin: install the"
                + " Debian package prometheus (.ci/run does) to prove the PromQL on a real server");
        histogram = KnownHistogram.start();
        Environment env = environment("busy");
        long started = System.nanoTime();
        prometheus = PrometheusServer.start(binary.get(), config(histogram.port()), rules(env));
        startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (histogram != null) {
            histogram.close();
        }
    }

    /** The local environment pointed at this Prometheus, selecting one service's series, on a 10 s window. */
    Environment environment(String service) {
        return LocalSloEnvironment.with(Map.of(
                "prometheus.url", prometheus == null ? "http://127.0.0.1:9" : prometheus.url(),
                "prometheus.latency.labels.job", JOB,
                "prometheus.latency.labels.service", service,
                "prometheus.latency.rateWindow", "5s",
                "prometheus.latency.step", "1s",
                "thresholds.riskApiP99Window", "10s"));
    }

    static String config(int port) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(JOB, port);
    }

    /** The two rules, written the way people write them, not the way Prometheus prints them. */
    static String rules(Environment env) {
        Environment.AlertRules names = env.prometheus().rules();
        return """
                groups:
                  - name: aether-risk-slo
                    rules:
                      - alert: %s
                        expr: histogram_quantile(0.99, sum(rate(http_request_duration_highr_seconds_bucket{\
                service="busy",namespace="aether-prod",job="%s"}[5s])) by (le)) > 0.500
                        for: 10s
                        labels:
                          severity: %s
                      - alert: %s
                        expr: time() - max(marketdata_last_tick_timestamp_seconds) > 120
                        labels:
                          severity: %s
                """.formatted(names.riskApiP99().name(), JOB, names.riskApiP99().severity(),
                names.marketDataGap().name(), names.marketDataGap().severity());
    }

    @Test
    @DisplayName("reads the known P99 and fails it once it has held above 500ms for the whole window")
    void knownP99IsReadAndSustainedBreachFails(TestReporter report) {
        report.publishEntry("prometheus start-up ms", String.valueOf(startMillis));
        Environment env = environment("busy");
        PrometheusProbe probe = new PrometheusProbe(env, Secrets.none());
        AtomicReference<List<Series>> series = new AtomicReference<>();
        long started = System.nanoTime();

        Awaitility.await("a whole window of P99 evaluations above the threshold").atMost(SAMPLES_BUDGET)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    series.set(probe.riskApiP99Window().requireSeries());
                    return RiskApiP99Judge.judge(series.get(), probe.latencyQuery(), THRESHOLD).outcome()
                            == Verdict.Outcome.FAIL;
                });
        report.publishEntry("seconds until sustained", String.valueOf(
                Duration.ofNanos(System.nanoTime() - started).toSeconds()));

        List<Sample> samples = series.get().get(0).samples();
        assertThat(samples.size()).isGreaterThanOrEqualTo(probe.latencyQuery().evaluationsPerWindow());
        assertThat(samples.get(samples.size() - 1).value()).isCloseTo(KnownHistogram.BUSY_P99, within(0.005));
        assertThat(RiskApiP99Judge.judge(series.get(), probe.latencyQuery(), THRESHOLD).message())
                .contains(" has been above the 500ms SEV-2 threshold for the whole 10s window: all ")
                .contains("latest 875ms at the latest evaluation");
    }

    @Test
    @DisplayName("gives NaN for a histogram without requests, which is inconclusive")
    void idleHistogramIsInconclusive() {
        Environment env = environment("idle");
        PrometheusProbe probe = new PrometheusProbe(env, Secrets.none());
        AtomicReference<Verdict> verdict = new AtomicReference<>();

        Awaitility.await("two scrapes of the idle histogram").atMost(SAMPLES_BUDGET)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    verdict.set(RiskApiP99Judge.judge(probe.riskApiP99Window().requireSeries(),
                            probe.latencyQuery(), THRESHOLD));
                    return verdict.get().outcome() == Verdict.Outcome.INCONCLUSIVE;
                });

        assertThat(verdict.get().message()).startsWith("no traffic: the risk API P99 of"
                + " http_request_duration_highr_seconds_bucket{job=\"risk-api-prod\",namespace=\"aether-prod\","
                + "service=\"idle\"} is NaN at the latest evaluation");
    }

    @Test
    @DisplayName("gives no series for a label set nothing carries, which fails")
    void unknownLabelsGiveNoSeries() {
        Environment env = environment("missing");
        PrometheusProbe probe = new PrometheusProbe(env, Secrets.none());

        Verdict verdict = RiskApiP99Judge.judge(probe.riskApiP99Window().requireSeries(), probe.latencyQuery(),
                THRESHOLD);

        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(verdict.message()).startsWith("no series: ");
    }

    @Test
    @DisplayName("prints the rules' expressions exactly as the suite writes them, and both rules are wired")
    void alertingRulesAreWired() {
        Environment env = environment("busy");

        Awaitility.await("the rules evaluated once").atMost(SAMPLES_BUDGET).pollInterval(Duration.ofMillis(500))
                .until(() -> new PrometheusProbe(env, Secrets.none()).alertingRules().requireRules().stream()
                        .allMatch(rule -> "ok".equals(rule.health())));
        List<AlertingRule> rules = new PrometheusProbe(env, Secrets.none()).alertingRules().requireRules();

        assertThat(rules).extracting(AlertingRule::query).contains(LatencyQuery.of(env).alertExpression(THRESHOLD),
                "time() - max(marketdata_last_tick_timestamp_seconds) > 120");
        assertThat(AlertRuleJudge.judge(rules, ExpectedAlert.riskApiP99(env)).outcome())
                .isEqualTo(Verdict.Outcome.PASS);
        assertThat(AlertRuleJudge.judge(rules, ExpectedAlert.marketDataGap(env)).outcome())
                .isEqualTo(Verdict.Outcome.PASS);
    }
}
