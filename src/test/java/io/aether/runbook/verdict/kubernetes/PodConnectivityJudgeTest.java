package io.aether.runbook.verdict.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.kubernetes.ExecResult;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PodConnectivityJudge (runbook 2.3)")
class PodConnectivityJudgeTest {

    private static final String POD = "marketdata-ingestor-prod-6f8b9c7d5-x2k4q";
    private static final List<String> NC = List.of("nc", "-z", "kafka-prod", "9092");
    private static final Duration BUDGET = Duration.ofSeconds(5);

    private static ExecResult exited(int code, String stderr) {
        return ExecResult.exited("aether-prod", "marketdata-ingestor-prod", POD, NC, code, "", stderr, BUDGET);
    }

    @Test
    @DisplayName("exit 0 passes")
    void openPortPasses() {
        assertThat(PodConnectivityJudge.netcat(exited(0, ""), "kafka-prod", 9092)).isEqualTo(Verdict.pass(
                "Pod aether-prod/" + POD + " reaches kafka-prod:9092 (`nc -z kafka-prod 9092` exited 0)"));
    }

    @Test
    @DisplayName("a refused connection fails with pod, target, exit code and nc's stderr")
    void refusedFails() {
        ExecResult refused = exited(1, "nc: connect to kafka-prod port 9092 (tcp) failed: Connection refused\n");

        assertThat(PodConnectivityJudge.netcat(refused, "kafka-prod", 9092)).isEqualTo(Verdict.fail(
                "Pod aether-prod/" + POD + " cannot reach kafka-prod:9092: `nc -z kafka-prod 9092` exited 1 with"
                        + " stderr \"nc: connect to kafka-prod port 9092 (tcp) failed: Connection refused\";"
                        + " expected exit 0; open runbook 2.3 Validate Kafka/NATS connectivity from the ingestor"
                        + " pod"));
    }

    @Test
    @DisplayName("a name that does not resolve fails with the resolver's error")
    void unresolvedFails() {
        ExecResult unresolved = exited(1,
                "nc: getaddrinfo for host \"kafka-prod\" port 9092: Name or service not known\n");

        assertThat(PodConnectivityJudge.netcat(unresolved, "kafka-prod", 9092).message()).isEqualTo(
                "Pod aether-prod/" + POD + " cannot reach kafka-prod:9092: `nc -z kafka-prod 9092` exited 1 with"
                        + " stderr \"nc: getaddrinfo for host \"kafka-prod\" port 9092: Name or service not"
                        + " known\"; expected exit 0; open runbook 2.3 Validate Kafka/NATS connectivity from the"
                        + " ingestor pod");
    }

    @Test
    @DisplayName("an exec that does not finish in its budget is inconclusive")
    void timeoutIsInconclusive() {
        ExecResult slow = ExecResult.timedOut("aether-prod", "marketdata-ingestor-prod", POD, NC, "", "", BUDGET);

        assertThat(PodConnectivityJudge.netcat(slow, "kafka-prod", 9092)).isEqualTo(Verdict.inconclusive(
                "`nc -z kafka-prod 9092` in pod aether-prod/" + POD + " did not exit within 5s; no evidence either"
                        + " way about kafka-prod:9092; open runbook 2.3 Validate Kafka/NATS connectivity from the"
                        + " ingestor pod"));
    }

    @Test
    @DisplayName("a deployment without a Ready pod to exec into is inconclusive")
    void notRunIsInconclusive() {
        ExecResult notRun = ExecResult.notRun("aether-prod", "marketdata-ingestor-prod", null, NC, BUDGET,
                "deployment aether-prod/marketdata-ingestor-prod is missing or has no Ready pod");

        assertThat(PodConnectivityJudge.netcat(notRun, "kafka-prod", 9092)).isEqualTo(Verdict.inconclusive(
                "Could not run `nc -z kafka-prod 9092` in deployment aether-prod/marketdata-ingestor-prod:"
                        + " deployment aether-prod/marketdata-ingestor-prod is missing or has no Ready pod; no"
                        + " evidence either way about kafka-prod:9092; open runbook 2.3 Validate Kafka/NATS"
                        + " connectivity from the ingestor pod"));
    }
}
