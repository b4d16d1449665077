package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.prometheus.LocalSloEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The section 4 keys of an environment file")
class SloKeysTest {

    @Test
    @DisplayName("default to the instrumentator's histogram, the runbook's rules and a small capped probe")
    void defaults() {
        Environment env = LocalSloEnvironment.unbooted();

        assertThat(env.prometheus().latency()).isEqualTo(new Environment.LatencyHistogram(
                "http_request_duration_highr_seconds", Map.of("job", "risk-api-prod", "namespace", "aether-prod"),
                "sum by (le)", Duration.ofMinutes(1), Duration.ofSeconds(30)));
        assertThat(env.prometheus().rules()).isEqualTo(new Environment.AlertRules("severity",
                new Environment.AlertRule("RiskApiP99LatencyHigh", "sev2", null),
                new Environment.AlertRule("MarketDataGap", "sev3", Duration.ZERO)));
        assertThat(env.latencyProbe()).isEqualTo(new Environment.LatencyProbe(null, 10, 10));
    }

    @Test
    @DisplayName("reject an aggregation that drops the le label")
    void aggregationMustKeepLe() {
        assertThatThrownBy(() -> LocalSloEnvironment.with(Map.of("prometheus.latency.aggregation", "sum by (job)")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dprometheus.latency.aggregation=sum by (job): prometheus.latency.aggregation: 'sum by"
                        + " (job)' is not an aggregation that keeps the le label. Fix: write it as OPERATOR by (le[,"
                        + " LABEL...]), e.g. sum by (le)");
    }

    @Test
    @DisplayName("reject a synthetic probe above its request cap")
    void probeIsCapped() {
        assertThatThrownBy(() -> LocalSloEnvironment.with(Map.of("latencyProbe.requests", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-DlatencyProbe.requests=5000: latencyProbe.requests: expected 1 to 200 but found 5000."
                        + " Fix: keep `latencyProbe.requests` within the cap so the probe stays harmless in prod");
    }

    @Test
    @DisplayName("reject a metric name PromQL cannot select")
    void metricMustBeAName() {
        assertThatThrownBy(() -> LocalSloEnvironment.with(Map.of("prometheus.latency.metric", "risk api latency")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("-Dprometheus.latency.metric=risk api latency: prometheus.latency.metric:"
                        + " 'risk api latency' is not a Prometheus metric name.");
    }
}
