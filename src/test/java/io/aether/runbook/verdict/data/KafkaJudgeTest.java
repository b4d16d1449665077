package io.aether.runbook.verdict.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.BrokerConnection;
import io.aether.runbook.probe.data.ConsumerGroupLag;
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

    private static final List<KafkaCluster.Broker> THREE = List.of(
            new KafkaCluster.Broker(0, "kafka-prod-0.kafka-prod-brokers.aether-prod.svc", 9092),
            new KafkaCluster.Broker(1, "kafka-prod-1.kafka-prod-brokers.aether-prod.svc", 9092),
            new KafkaCluster.Broker(2, "kafka-prod-2.kafka-prod-brokers.aether-prod.svc", 9092));

    private static KafkaCluster withPartitions(KafkaCluster.Partition... partitions) {
        return KafkaCluster.described(BOOTSTRAP, TIMEOUT, "q5N1dWlSTbSyQ0MQ8RBJ6g", THREE.get(1), THREE,
                List.of("marketdata.quotes", "marketdata.ticks"), List.of(partitions));
    }

    /** A partition as describeTopics reports it: leader, replicas and ISR by broker id. */
    private static KafkaCluster.Partition partition(String topic, int number, Integer leader, List<Integer> replicas,
            List<Integer> isr) {
        return new KafkaCluster.Partition(topic, number, leader, replicas, isr);
    }

    @Test
    @DisplayName("passes when every advertised broker accepted a TCP connection")
    void reachableBrokersPass() {
        KafkaCluster cluster = withPartitions();
        List<BrokerConnection> connections = THREE.stream()
                .map(broker -> BrokerConnection.connected(broker, TIMEOUT, Duration.ofMillis(3 + broker.id())))
                .toList();

        assertThat(KafkaJudge.advertisedBrokers(cluster, connections)).isEqualTo(Verdict.pass("Kafka cluster"
                + " q5N1dWlSTbSyQ0MQ8RBJ6g at " + BOOTSTRAP + ": every advertised broker accepts TCP from the"
                + " runner: 0 at kafka-prod-0.kafka-prod-brokers.aether-prod.svc:9092 (3 ms), 1 at"
                + " kafka-prod-1.kafka-prod-brokers.aether-prod.svc:9092 (4 ms), 2 at"
                + " kafka-prod-2.kafka-prod-brokers.aether-prod.svc:9092 (5 ms)"));
    }

    @Test
    @DisplayName("fails when a broker advertises an address the runner cannot resolve, though bootstrap answered")
    void unresolvableAdvertisedBrokerFails() {
        KafkaCluster cluster = withPartitions();
        List<BrokerConnection> connections = List.of(
                BrokerConnection.connected(THREE.get(0), TIMEOUT, Duration.ofMillis(2)),
                BrokerConnection.refused(THREE.get(1), TIMEOUT, Duration.ofMillis(40),
                        "UnknownHostException: kafka-prod-1.kafka-prod-brokers.aether-prod.svc"),
                BrokerConnection.connected(THREE.get(2), TIMEOUT, Duration.ofMillis(2)));

        assertThat(KafkaJudge.advertisedBrokers(cluster, connections)).isEqualTo(Verdict.fail("Kafka cluster"
                + " q5N1dWlSTbSyQ0MQ8RBJ6g at " + BOOTSTRAP + ": 1 of 3 advertised brokers not reachable from the"
                + " runner within the 5s connect timeout: broker 1 at"
                + " kafka-prod-1.kafka-prod-brokers.aether-prod.svc:9092 (UnknownHostException:"
                + " kafka-prod-1.kafka-prod-brokers.aether-prod.svc); clients bootstrap and are then sent to these"
                + " addresses, so every request to that broker fails; check the brokers' advertised.listeners"
                + STEP));
    }

    @Test
    @DisplayName("fails the broker check of an unreachable cluster")
    void brokersOfUnreachableClusterFail() {
        KafkaCluster down = KafkaCluster.unreachable(BOOTSTRAP, TIMEOUT, "TimeoutException: timed out");

        assertThat(KafkaJudge.advertisedBrokers(down, List.of())).isEqualTo(Verdict.fail("Kafka at " + BOOTSTRAP
                + " did not answer within 5s: TimeoutException: timed out, so its advertised brokers are unknown;"
                + " expected every advertised broker reachable from the runner" + STEP));
    }

    @Test
    @DisplayName("passes partitions that all have a leader and a full ISR")
    void healthyPartitionsPass() {
        KafkaCluster cluster = withPartitions(
                partition("marketdata.ticks", 0, 0, List.of(0, 1, 2), List.of(0, 1, 2)),
                partition("marketdata.ticks", 1, 1, List.of(1, 2, 0), List.of(1, 2, 0)),
                partition("marketdata.quotes", 0, 2, List.of(2, 0, 1), List.of(2, 1, 0)));

        assertThat(KafkaJudge.partitions(cluster)).isEqualTo(Verdict.pass("Kafka cluster q5N1dWlSTbSyQ0MQ8RBJ6g at "
                + BOOTSTRAP + ": all 3 partitions of 2 topics have a leader and every replica in sync"));
    }

    @Test
    @DisplayName("fails an offline partition (leader none) and an under-replicated one, naming each")
    void offlineAndUnderReplicatedFail() {
        KafkaCluster cluster = withPartitions(
                partition("marketdata.ticks", 0, 0, List.of(0, 1, 2), List.of(0, 1, 2)),
                partition("marketdata.ticks", 1, null, List.of(2), List.of()),
                partition("marketdata.quotes", 0, 0, List.of(2, 0, 1), List.of(0, 1)));

        assertThat(KafkaJudge.partitions(cluster)).isEqualTo(Verdict.fail("Kafka cluster q5N1dWlSTbSyQ0MQ8RBJ6g at "
                + BOOTSTRAP + " has 1 offline partition (no leader): marketdata.ticks-1 (leader none, replicas [2],"
                + " in sync []); and 1 under-replicated partition: marketdata.quotes-0 (leader 0, replicas [2, 0, 1],"
                + " in sync [0, 1]); expected every partition led and fully in sync" + STEP));
    }

    @Test
    @DisplayName("is inconclusive when the cluster described no partition of its topics")
    void noPartitionsIsInconclusive() {
        assertThat(KafkaJudge.partitions(withPartitions())).isEqualTo(Verdict.inconclusive("Kafka cluster"
                + " q5N1dWlSTbSyQ0MQ8RBJ6g at " + BOOTSTRAP + " described no partition of its 2 topics; cannot tell"
                + " whether any is offline or under-replicated" + STEP));
    }

    @Test
    @DisplayName("passes a consumer group whose summed lag is within the threshold")
    void smallLagPasses() {
        ConsumerGroupLag lag = ConsumerGroupLag.measured(BOOTSTRAP, TIMEOUT, "marketdata-ingestor-prod", "Stable", 3,
                List.of(new ConsumerGroupLag.PartitionLag("marketdata.ticks", 0, 1_204_311, 1_204_330),
                        new ConsumerGroupLag.PartitionLag("marketdata.ticks", 1, 1_198_007, 1_198_007)));

        assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.pass("consumer group marketdata-ingestor-prod"
                + " at " + BOOTSTRAP + " lags 19 messages over 2 partitions, within the threshold of 1000 (state"
                + " Stable, 3 members)"));
    }

    @Test
    @DisplayName("fails a lag above the threshold, naming the partitions furthest behind")
    void largeLagFails() {
        ConsumerGroupLag lag = ConsumerGroupLag.measured(BOOTSTRAP, TIMEOUT, "marketdata-ingestor-prod", "Stable", 3,
                List.of(new ConsumerGroupLag.PartitionLag("marketdata.ticks", 0, 1_200_000, 1_200_900),
                        new ConsumerGroupLag.PartitionLag("marketdata.ticks", 1, 1_190_000, 1_192_500)));

        assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.fail("consumer group marketdata-ingestor-prod"
                + " at " + BOOTSTRAP + " lags 3400 messages behind, above the threshold of 1000 (state Stable, 3"
                + " members): marketdata.ticks-1 committed 1190000 of 1192500 (lag 2500), marketdata.ticks-0"
                + " committed 1200000 of 1200900 (lag 900); the ingestor is not keeping up with market data" + STEP));
    }

    @Test
    @DisplayName("fails a group that never committed an offset")
    void groupWithoutOffsetsFails() {
        ConsumerGroupLag lag = ConsumerGroupLag.measured(BOOTSTRAP, TIMEOUT, "marketdata-ingestor-prod", "Dead", 0,
                List.of());

        assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.fail("consumer group marketdata-ingestor-prod"
                + " at " + BOOTSTRAP + " has committed no offset (state Dead, 0 members): the ingestor never"
                + " consumed under this group; expected committed offsets with a lag of at most 1000 messages"
                + STEP));
    }

    @Test
    @DisplayName("fails the lag check of an unreachable cluster")
    void lagOfUnreachableClusterFails() {
        ConsumerGroupLag lag = ConsumerGroupLag.unreachable(BOOTSTRAP, TIMEOUT, "marketdata-ingestor-prod",
                "TimeoutException: Timed out waiting for a node assignment. Call: describeConsumerGroups");

        assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.fail("Kafka at " + BOOTSTRAP + " did not"
                + " answer within 5s for consumer group marketdata-ingestor-prod: TimeoutException: Timed out"
                + " waiting for a node assignment. Call: describeConsumerGroups; expected its lag at most 1000"
                + " messages" + STEP));
    }
}
