package io.aether.runbook.verdict.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Kafka verdicts")
class KafkaJudgeTest {

    private static final String BOOTSTRAP = "kafka-prod.aether-prod.svc:9092";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String STEP = "; open runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod";
    private static final List<KafkaCluster.Broker> BROKERS = List.of(
            new KafkaCluster.Broker(1, "kafka-prod-0.kafka-prod-brokers", 9092),
            new KafkaCluster.Broker(2, "kafka-prod-1.kafka-prod-brokers", 9092));
    private static final KafkaCluster CLUSTER = KafkaCluster.described(BOOTSTRAP, TIMEOUT, "q5N1dWlSTbSyQ0MQ8RBJ6g",
            BROKERS.get(0), BROKERS, List.of("marketdata.quotes", "marketdata.ticks"));
    private static final List<String> EXPECTED = List.of("marketdata.ticks", "marketdata.quotes", "risk.requests");

    @Test
    @DisplayName("passes a cluster with an id and brokers")
    void clusterWithBrokersPasses() {
        assertThat(KafkaJudge.reachable(CLUSTER)).isEqualTo(Verdict.pass("Kafka cluster q5N1dWlSTbSyQ0MQ8RBJ6g at "
                + BOOTSTRAP + " answers with 2 brokers (1 at kafka-prod-0.kafka-prod-brokers:9092, 2 at"
                + " kafka-prod-1.kafka-prod-brokers:9092), controller 1"));
    }

    @Test
    @DisplayName("fails an unreachable cluster naming the bootstrap address and the timeout")
    void unreachableFails() {
        KafkaCluster down = KafkaCluster.unreachable(BOOTSTRAP, TIMEOUT,
                "TimeoutException: Timed out waiting for a node assignment. Call: describeCluster");

        assertThat(KafkaJudge.reachable(down)).isEqualTo(Verdict.fail("Kafka at " + BOOTSTRAP + " did not answer"
                + " within 5s: TimeoutException: Timed out waiting for a node assignment. Call: describeCluster;"
                + " expected a cluster id and at least one broker" + STEP));
    }

    @Test
    @DisplayName("fails a cluster that reports no broker")
    void noBrokerFails() {
        KafkaCluster empty = KafkaCluster.described(BOOTSTRAP, TIMEOUT, "q5N1dWlSTbSyQ0MQ8RBJ6g", null, List.of(),
                List.of());

        assertThat(KafkaJudge.reachable(empty)).isEqualTo(Verdict.fail("Kafka cluster q5N1dWlSTbSyQ0MQ8RBJ6g at "
                + BOOTSTRAP + " reports no broker; expected at least one" + STEP));
    }

    @Test
    @DisplayName("fails a cluster without a cluster id")
    void noClusterIdFails() {
        KafkaCluster anonymous = KafkaCluster.described(BOOTSTRAP, TIMEOUT, null, null, BROKERS, List.of());

        assertThat(KafkaJudge.reachable(anonymous)).isEqualTo(Verdict.fail("Kafka at " + BOOTSTRAP + " answered"
                + " without a cluster id; expected a cluster id and at least one broker" + STEP));
    }

    @Test
    @DisplayName("fails missing topics naming them and the topics present")
    void missingTopicsFail() {
        assertThat(KafkaJudge.topicsPresent(CLUSTER, EXPECTED)).isEqualTo(Verdict.fail("Kafka cluster"
                + " q5N1dWlSTbSyQ0MQ8RBJ6g at " + BOOTSTRAP + " lacks expected topic risk.requests; it has"
                + " marketdata.quotes, marketdata.ticks" + STEP));
    }

    @Test
    @DisplayName("passes when every expected topic exists")
    void allTopicsPass() {
        KafkaCluster complete = KafkaCluster.described(BOOTSTRAP, TIMEOUT, "q5N1dWlSTbSyQ0MQ8RBJ6g", BROKERS.get(0),
                BROKERS, List.of("__consumer_offsets", "marketdata.quotes", "marketdata.ticks", "risk.requests"));

        assertThat(KafkaJudge.topicsPresent(complete, EXPECTED)).isEqualTo(Verdict.pass("Kafka cluster"
                + " q5N1dWlSTbSyQ0MQ8RBJ6g at " + BOOTSTRAP + " has all 3 expected topics: marketdata.ticks,"
                + " marketdata.quotes, risk.requests"));
    }

    @Test
    @DisplayName("fails the topic check of an unreachable cluster")
    void topicsOfUnreachableClusterFail() {
        KafkaCluster down = KafkaCluster.unreachable(BOOTSTRAP, TIMEOUT, "TimeoutException: timed out");

        assertThat(KafkaJudge.topicsPresent(down, EXPECTED)).isEqualTo(Verdict.fail("Kafka at " + BOOTSTRAP
                + " did not answer within 5s: TimeoutException: timed out, so its topics are unknown; expected"
                + " topics marketdata.ticks, marketdata.quotes, risk.requests" + STEP));
    }
}
