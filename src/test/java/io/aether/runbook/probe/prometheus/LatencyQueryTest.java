package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.platform.prometheus.LocalSloEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The section 4 P99 query")
class LatencyQueryTest {

    @Test
    @DisplayName("is built from the environment file as Prometheus prints it")
    void printsAsPrometheus() {
        LatencyQuery query = LatencyQuery.of(LocalSloEnvironment.unbooted());

        assertThat(query.quantileExpression()).isEqualTo("histogram_quantile(0.99, sum by (le) (rate("
                + "http_request_duration_highr_seconds_bucket{job=\"risk-api-prod\",namespace=\"aether-prod\"}[1m])))");
        assertThat(query.windowQuery()).isEqualTo(query.quantileExpression() + "[10m:30s]");
        assertThat(query.alertExpression(Duration.ofMillis(500))).isEqualTo(query.quantileExpression() + " > 0.5");
        assertThat(query.evaluationsPerWindow()).isEqualTo(20);
    }

    @Test
    @DisplayName("sorts label matchers as whole strings and quotes values as Go does")
    void sortsAndQuotesMatchers() {
        LatencyQuery query = new LatencyQuery("m", Map.of("a1", "x", "a", "say \"hi\"\\"), "max by (le, handler)",
                Duration.ofSeconds(90), Duration.ofMinutes(10), Duration.ofSeconds(30), 0.99);

        assertThat(query.bucketSelector()).isEqualTo("m_bucket{a1=\"x\",a=\"say \\\"hi\\\"\\\\\"}");
        assertThat(query.quantileExpression())
                .isEqualTo("histogram_quantile(0.99, max by (le, handler) (rate(" + query.bucketSelector()
                        + "[1m30s])))");
    }

    @Test
    @DisplayName("writes durations and numbers as Prometheus does")
    void formatsDurationsAndNumbers() {
        assertThat(LatencyQuery.duration(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(LatencyQuery.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(LatencyQuery.duration(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(LatencyQuery.duration(Duration.ofDays(8))).isEqualTo("1w1d");
        assertThat(LatencyQuery.duration(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(LatencyQuery.number(0.5)).isEqualTo("0.5");
        assertThat(LatencyQuery.number(120)).isEqualTo("120");
        assertThat(LatencyQuery.number(0.25)).isEqualTo("0.25");
    }
}
