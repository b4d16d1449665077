package io.aether.runbook.verdict.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.prometheus.LatencySample;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The measured latency judge")
class MeasuredLatencyJudgeTest {

    static final Duration THRESHOLD = Duration.ofMillis(500);
    static final String URL = "https://risk.aether.local/api/healthz";

    /** Ten latencies: 10, 20, ... 100 ms, plus {@code slowest} as the last. */
    static LatencySample sample(Duration slowest, List<String> failures) {
        List<Duration> latencies = IntStream.rangeClosed(1, 9).mapToObj(i -> Duration.ofMillis(10L * i))
                .collect(Collectors.toList());
        latencies.add(slowest);
        return new LatencySample(URL, 10 + failures.size(), 2, latencies, failures, Duration.ofMillis(5300));
    }

    @Test
    @DisplayName("passes a P99 within the threshold and gives the distribution")
    void fastPasses() {
        assertThat(MeasuredLatencyJudge.judge(sample(Duration.ofMillis(120), List.of()), THRESHOLD))
                .isEqualTo(Verdict.pass("the risk API P99 measured by the suite is 120ms over 10 requests to " + URL
                        + " (P50 50ms, P90 90ms, max 120ms), within the 500ms SEV-2 threshold"));
    }

    @Test
    @DisplayName("fails a P99 above the threshold")
    void slowFails() {
        assertThat(MeasuredLatencyJudge.judge(sample(Duration.ofMillis(812), List.of()), THRESHOLD))
                .isEqualTo(Verdict.fail("the risk API P99 measured by the suite is 812ms over 10 requests to " + URL
                        + " (P50 50ms, P90 90ms, max 812ms), above the 500ms SEV-2 threshold; expected at most 500ms"
                        + " (a spot sample of 5300 ms, not the threshold's window: compare with the Prometheus P99);"
                        + " open runbook 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("fails when requests got no 2xx answer")
    void errorsFail() {
        assertThat(MeasuredLatencyJudge.judge(sample(Duration.ofMillis(100), List.of("HTTP 503")), THRESHOLD))
                .isEqualTo(Verdict.fail("1 of 11 requests to " + URL + " got no 2xx answer (first: HTTP 503); the"
                        + " P99 of the 10 answered (100ms) cannot stand for the risk API; expected every request"
                        + " answered with 2xx; open runbook 2.1 Check FastAPI services"));
    }
}
