package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Prometheus rules answer")
class RulesAnswerTest {

    @Test
    @DisplayName("lists the alerting rules with their for, labels and health, and skips recording rules")
    void readsAlertingRules() {
        String body = """
                {"status":"success","data":{"groups":[{"name":"aether-risk-slo",
                "file":"/etc/prometheus/rules/slo.yaml","rules":[
                {"state":"inactive","name":"RiskApiP99LatencyHigh","query":"histogram_quantile(0.99, sum by (le)\
                 (rate(m_bucket[1m]))) > 0.5","duration":600,"labels":{"severity":"sev2"},"annotations":{},
                "alerts":[],"health":"ok","evaluationTime":0.0004,"lastEvaluation":"2024-06-10T06:20:00Z",
                "type":"alerting"},
                {"name":"job:p99:rate1m","query":"sum(rate(m_count[1m]))","labels":{},"health":"err",
                "lastError":"boom","type":"recording"},
                {"state":"inactive","name":"MarketDataGap","query":"time() - max(t) > 120","duration":0,
                "labels":{"severity":"sev3"},"annotations":{},"alerts":[],"health":"err",
                "lastError":"vector contains metrics with the same labelset after applying rule labels",
                "type":"alerting"}],"interval":30,"limit":0}]}}
                """;

        RulesAnswer answer = RulesAnswer.of(QueryAnswerTest.answered(200, body));

        assertThat(answer.requireRules()).containsExactly(
                new AlertingRule("aether-risk-slo", "RiskApiP99LatencyHigh",
                        "histogram_quantile(0.99, sum by (le) (rate(m_bucket[1m]))) > 0.5", Duration.ofMinutes(10),
                        Map.of("severity", "sev2"), "ok", ""),
                new AlertingRule("aether-risk-slo", "MarketDataGap", "time() - max(t) > 120", Duration.ZERO,
                        Map.of("severity", "sev3"), "err",
                        "vector contains metrics with the same labelset after applying rule labels"));
    }
}
