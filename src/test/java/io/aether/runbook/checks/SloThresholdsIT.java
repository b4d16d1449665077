package io.aether.runbook.checks;

import io.aether.runbook.junit.Checks;
import io.aether.runbook.junit.GateCheck;
import io.aether.runbook.junit.Runbook;
import io.aether.runbook.junit.RunbookSection;
import io.aether.runbook.junit.Tags;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TimescaleProbe;
import io.aether.runbook.probe.prometheus.AlertingRule;
import io.aether.runbook.probe.prometheus.LatencyChart;
import io.aether.runbook.probe.prometheus.LatencySample;
import io.aether.runbook.probe.prometheus.PrometheusProbe;
import io.aether.runbook.probe.prometheus.RiskApiLatencyProbe;
import io.aether.runbook.probe.prometheus.Series;
import io.aether.runbook.report.Evidence;
import io.aether.runbook.verdict.slo.AlertRuleJudge;
import io.aether.runbook.verdict.slo.ExpectedAlert;
import io.aether.runbook.verdict.slo.MarketDataGapJudge;
import io.aether.runbook.verdict.slo.MeasuredLatencyJudge;
import io.aether.runbook.verdict.slo.RiskApiP99Judge;
import io.qameta.allure.Allure;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runbook section 4's thresholds as checks: the risk API P99 (SEV-2) from Prometheus and from the suite's own
 * sample, the market-data gap (SEV-3), and the alerting rules that page on both.
 */
@RunbookSection(4)
@Tag(Tags.SLO)
@Feature("4 Incident response and escalation")
@DisplayName("4. Incident response and escalation: thresholds")
class SloThresholdsIT {

    @GateCheck
    @Tag(Tags.SEV2)
    @Story("4 Thresholds: risk API P99 latency")
    @DisplayName("risk API P99 latency has not been above its SEV-2 threshold for the whole window (Prometheus)")
    void riskApiP99IsNotSustainedAboveThreshold(Runbook runbook) {
        PrometheusProbe prometheus = prometheus(runbook);
        Duration threshold = runbook.environment().thresholds().riskApiP99();

        List<Series> series = Allure.step("Query Prometheus for the P99 of every evaluation over the window",
                () -> prometheus.riskApiP99Window().requireSeries());

        Allure.step("Attach the P99 evaluations compared with the threshold",
                () -> Evidence.text("P99 evaluations", RiskApiP99Judge.evaluations(series, threshold)));

        Checks.require(RiskApiP99Judge.judge(series, prometheus.latencyQuery(), threshold));
    }

    @Test
    @Tag(Tags.SEV2)
    @Story("4 Thresholds: risk API P99 latency")
    @DisplayName("risk API P99 latency measured by the suite is within its SEV-2 threshold")
    void measuredRiskApiP99IsWithinThreshold(Runbook runbook) {
        requireKey(runbook, "latencyProbe.url", runbook.environment().latencyProbe().url());
        RiskApiLatencyProbe probe = runbook.shared(RiskApiLatencyProbe.class,
                rb -> new RiskApiLatencyProbe(rb.environment(), rb.secrets()));
        Duration threshold = runbook.environment().thresholds().riskApiP99();

        LatencySample sample = Allure.step("Send a bounded sample of requests to the risk API", probe::measure);

        Allure.step("Attach the latency distribution", () -> Evidence.attach("Latency distribution",
                "image/svg+xml", ".svg", LatencyChart.svg(sample, threshold)));

        Checks.require(MeasuredLatencyJudge.judge(sample, threshold));
    }

    @GateCheck
    @Tag(Tags.SEV3)
    @Story("4 Thresholds: market-data gap")
    @DisplayName("market-data gap is within its SEV-3 threshold")
    void marketDataGapIsWithinThreshold(Runbook runbook) {
        TimescaleProbe timescale = runbook.shared(TimescaleProbe.class,
                rb -> new TimescaleProbe(rb.environment(), rb.secrets()));

        TickReading reading = Allure.step("Read the newest market tick on the database's clock",
                timescale::latestTick);

        Checks.require(MarketDataGapJudge.judge(reading, runbook.environment().thresholds().marketDataGap()));
    }

    @Test
    @Story("4 Thresholds: alerting rules")
    @DisplayName("Prometheus holds the SEV-2 alerting rule on risk API P99 latency, as the environment expects")
    void riskApiP99AlertRuleIsWired(Runbook runbook) {
        List<AlertingRule> rules = Allure.step("List the alerting rules Prometheus has loaded",
                () -> prometheus(runbook).alertingRules().requireRules());

        Checks.require(AlertRuleJudge.judge(rules, ExpectedAlert.riskApiP99(runbook.environment())));
    }

    @Test
    @Story("4 Thresholds: alerting rules")
    @DisplayName("Prometheus holds the SEV-3 alerting rule on the market-data gap, as the environment expects")
    void marketDataGapAlertRuleIsWired(Runbook runbook) {
        List<AlertingRule> rules = Allure.step("List the alerting rules Prometheus has loaded",
                () -> prometheus(runbook).alertingRules().requireRules());

        Checks.require(AlertRuleJudge.judge(rules, ExpectedAlert.marketDataGap(runbook.environment())));
    }

    private static PrometheusProbe prometheus(Runbook runbook) {
        requireKey(runbook, "prometheus.url", runbook.environment().prometheus().url());
        return runbook.shared(PrometheusProbe.class, rb -> new PrometheusProbe(rb.environment(), rb.secrets()));
    }

    /** An environment that does not say where to reach a system skips the checks that need it, never passes them. */
    private static void requireKey(Runbook runbook, String key, String value) {
        Assumptions.assumeTrue(value != null && !value.isBlank(), () -> "environment '"
                + runbook.environment().name() + "' does not set " + key + ", so this check cannot run; set it in"
                + " environments/" + runbook.environment().name() + ".yaml");
    }
}
