package io.aether.runbook.verdict.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.platform.prometheus.LocalSloEnvironment;
import io.aether.runbook.probe.prometheus.AlertingRule;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The alerting rule judge")
class AlertRuleJudgeTest {

    static final String P99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_highr_seconds_bucket"
            + "{job=\"risk-api-prod\",namespace=\"aether-prod\"}[5m]))) > 0.5";
    static final ExpectedAlert EXPECTED_P99 = ExpectedAlert.riskApiP99(LocalSloEnvironment.unbooted());
    static final ExpectedAlert EXPECTED_GAP = ExpectedAlert.marketDataGap(LocalSloEnvironment.unbooted());

    static AlertingRule rule(String name, String query, Duration pendingFor, Map<String, String> labels) {
        return new AlertingRule("aether-risk-slo", name, query, pendingFor, labels, "ok", "");
    }

    @Test
    @DisplayName("passes the rule the environment implies, whatever its rate window")
    void matchingRulePasses() {
        List<AlertingRule> rules = List.of(rule("RiskApiP99LatencyHigh", P99, Duration.ofMinutes(10),
                Map.of("severity", "sev2", "team", "quant")));

        assertThat(AlertRuleJudge.judge(rules, EXPECTED_P99)).isEqualTo(Verdict.pass("alerting rule"
                + " RiskApiP99LatencyHigh (group aether-risk-slo) fires on `" + P99 + "` after 10m with severity=sev2,"
                + " as the environment expects"));
    }

    @Test
    @DisplayName("fails a missing rule and lists the rules that are loaded")
    void missingRuleFails() {
        List<AlertingRule> rules = List.of(rule("KubePodCrashLooping", "x > 0", Duration.ofMinutes(15),
                Map.of("severity", "warning")));

        assertThat(AlertRuleJudge.judge(rules, EXPECTED_GAP)).isEqualTo(Verdict.fail("no alerting rule named"
                + " MarketDataGap is loaded in Prometheus (alerting rules loaded: KubePodCrashLooping); expected one"
                + " that fires on market-data gap above 2m for 0s with severity=sev3, so that the threshold pages"
                + " (runbook 4 Incident response and escalation)"));
    }

    @Test
    @DisplayName("fails a drifted rule with every difference")
    void driftedRuleFails() {
        String query = "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket"
                + "{job=\"risk-api-prod\"}[5m]))) > 1";
        List<AlertingRule> rules = List.of(new AlertingRule("aether-risk-slo", "RiskApiP99LatencyHigh", query,
                Duration.ofMinutes(5), Map.of("severity", "critical"), "err", "query timed out"));

        assertThat(AlertRuleJudge.judge(rules, EXPECTED_P99)).isEqualTo(Verdict.fail("alerting rule"
                + " RiskApiP99LatencyHigh (group aether-risk-slo) has drifted from the environment: threshold 1"
                + " instead of 0.5; its expression lacks `histogram_quantile(0.99,`; its expression lacks"
                + " `http_request_duration_highr_seconds_bucket`; its expression lacks `namespace=\"aether-prod\"`;"
                + " for 5m instead of 10m; severity=critical instead of sev2; its last evaluation failed: query timed"
                + " out; its expression is `" + query + "`; expected it to fire on risk API P99 above 500ms for 10m"
                + " with severity=sev2; open runbook 4 Incident response and escalation"));
    }

    @Test
    @DisplayName("passes a gap rule comparing with the threshold in seconds")
    void gapRulePasses() {
        List<AlertingRule> rules = List.of(rule("MarketDataGap", "time() - max(marketdata_last_tick_timestamp_seconds)"
                + " > 120", Duration.ZERO, Map.of("severity", "sev3")));

        assertThat(AlertRuleJudge.judge(rules, EXPECTED_GAP).outcome()).isEqualTo(Verdict.Outcome.PASS);
    }

    @Test
    @DisplayName("fails a gap rule without a severity label")
    void gapRuleWithoutSeverityFails() {
        List<AlertingRule> rules = List.of(rule("MarketDataGap", "time() - max(t) > 300", Duration.ofMinutes(1),
                Map.of()));

        assertThat(AlertRuleJudge.judge(rules, EXPECTED_GAP).message()).startsWith("alerting rule MarketDataGap"
                + " (group aether-risk-slo) has drifted from the environment: threshold 300 instead of 120; for 1m"
                + " instead of 0s; no severity label instead of severity=sev3;");
    }
}
