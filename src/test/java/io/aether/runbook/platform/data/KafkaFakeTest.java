package io.aether.runbook.platform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.probe.data.BrokerConnection;
import io.aether.runbook.probe.data.ConsumerGroupLag;
import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.probe.data.KafkaProbe;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.data.KafkaJudge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

@DisplayName("The local Kafka broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaFakeTest {

    private final ServiceDirectory services = new ServiceDirectory();
    private KafkaFake kafka;
    private long startMillis;
    private List<String> kafkaListeners = List.of();

    @BeforeAll
    void boot() throws IOException {
        List<String> before = ProcessListeners.readable() ? ProcessListeners.addresses() : List.of();
        long started = System.nanoTime();
        kafka = KafkaFake.start(LocalDataEnvironment.unbooted(), Set.of(), services);
        startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (ProcessListeners.readable()) {
            kafkaListeners = new ArrayList<>(ProcessListeners.addresses());
            kafkaListeners.removeAll(before);
        }
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("answers describeCluster with one broker and holds the environment's topics")
    void answersWithTopics(TestReporter report) {
        report.publishEntry("kafka start-up ms", String.valueOf(startMillis));
        Environment env = LocalDataEnvironment.with(kafka.endpoints());

        KafkaCluster cluster = new KafkaProbe(env).describe();

        assertThat(kafka.endpoints()).containsOnlyKeys("kafka.bootstrap");
        assertThat(kafka.bootstrap()).as("bootstrap").matches("127\\.0\\.0\\.1:\\d+");
        assertThat(cluster.brokers()).as("brokers").hasSize(1);
        assertThat(cluster.brokers().get(0).host()).as("advertised host").isEqualTo("127.0.0.1");
        assertThat(cluster.topics()).as("topics").containsExactlyInAnyOrderElementsOf(LocalDataEnvironment.TOPICS);
        assertThat(KafkaJudge.reachable(cluster).message()).as("verdict")
                .isEqualTo("Kafka cluster " + cluster.clusterId() + " at " + kafka.bootstrap()
                        + " answers with 1 broker (" + cluster.brokers().get(0) + "), controller "
                        + cluster.controller().id());
        assertThat(KafkaJudge.reachable(cluster).passed()).isTrue();
        assertThat(KafkaJudge.topicsPresent(cluster, LocalDataEnvironment.TOPICS).passed()).isTrue();
    }

    @Test
    @DisplayName("holds the ingestor's consumer group caught up on the ticks topic, every partition led and in sync")
    void ingestorGroupIsCaughtUp() {
        Environment env = LocalDataEnvironment.with(kafka.endpoints());
        KafkaProbe probe = new KafkaProbe(env);

        KafkaCluster cluster = probe.describe();
        ConsumerGroupLag lag = probe.consumerLag("marketdata-ingestor-prod");

        assertThat(cluster.partitions()).as("partitions").extracting(KafkaCluster.Partition::toString)
                .containsExactlyInAnyOrder("marketdata.ticks-0", "marketdata.quotes-0", "risk.requests-0");
        assertThat(KafkaJudge.partitions(cluster)).isEqualTo(Verdict.pass("Kafka cluster " + cluster.clusterId()
                + " at " + kafka.bootstrap() + ": all 3 partitions of 3 topics have a leader and every replica in"
                + " sync"));
        assertThat(lag.partitions()).containsExactly(new ConsumerGroupLag.PartitionLag("marketdata.ticks", 0,
                IngestorConsumerGroup.CONSUMED, IngestorConsumerGroup.CONSUMED));
        assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.pass("consumer group"
                + " marketdata-ingestor-prod at " + kafka.bootstrap() + " lags 0 messages over 1 partition, within"
                + " the threshold of 1000 (state Empty, 0 members)"));
    }

    @Test
    @DisplayName("accepts TCP at its advertised address, and a broker advertised where nothing listens fails")
    void advertisedBrokers() {
        Environment env = LocalDataEnvironment.with(kafka.endpoints());
        KafkaProbe probe = new KafkaProbe(env);
        KafkaCluster cluster = probe.describe();
        InetSocketAddress nowhere = RefusedPort.reserve();
        KafkaCluster.Broker ghost = new KafkaCluster.Broker(2, "127.0.0.1", nowhere.getPort());
        List<KafkaCluster.Broker> advertised = List.of(cluster.brokers().get(0), ghost);
        long started = System.nanoTime();

        List<BrokerConnection> connections = probe.connectToBrokers(advertised);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to connect to both")
                .isLessThan(LocalDataEnvironment.CONNECT.multipliedBy(2));
        assertThat(connections).extracting(BrokerConnection::connected).containsExactly(true, false);
        assertThat(KafkaJudge.advertisedBrokers(cluster, connections).message()).isEqualTo("Kafka cluster "
                + cluster.clusterId() + " at " + kafka.bootstrap() + ": 1 of 2 advertised brokers not reachable"
                + " from the runner within the 1s connect timeout: broker 2 at 127.0.0.1:" + nowhere.getPort()
                + " (ConnectException: Connection refused); clients bootstrap and are then sent to these"
                + " addresses, so every request to that broker fails; check the brokers' advertised.listeners;"
                + " open runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod");
    }

    @Test
    @DisplayName("under the ingestor-lagging drill leaves the consumer group thousands of ticks behind")
    void ingestorLaggingDrill() {
        try (KafkaFake lagging = KafkaFake.start(LocalDataEnvironment.unbooted(), Set.of(Drill.INGESTOR_LAGGING),
                new ServiceDirectory())) {
            Environment env = LocalDataEnvironment.with(lagging.endpoints());

            ConsumerGroupLag lag = new KafkaProbe(env).consumerLag("marketdata-ingestor-prod");

            assertThat(lag.total()).isEqualTo(IngestorConsumerGroup.BACKLOG);
            assertThat(KafkaJudge.consumerLag(lag, 1000)).isEqualTo(Verdict.fail("consumer group"
                    + " marketdata-ingestor-prod at " + lagging.bootstrap() + " lags 5000 messages behind, above the"
                    + " threshold of 1000 (state Empty, 0 members): marketdata.ticks-0 committed 200 of 5200 (lag"
                    + " 5000); the ingestor is not keeping up with market data; open runbook 2.3 Validate"
                    + " Kafka/NATS connectivity from the ingestor pod"));
        }
    }

    @Test
    @DisplayName("is reachable through the ingestor's service name kafka-prod:9092")
    void registersServiceName() {
        InetSocketAddress address = services.resolve("kafka-prod", 9092).orElseThrow();

        assertThat(address.getHostString() + ":" + address.getPort()).isEqualTo(kafka.bootstrap());
    }

    @Test
    @DisplayName("listens on loopback only, its controller port included")
    void listensOnLoopbackOnly() {
        assumeTrue(ProcessListeners.readable(), "this check reads Linux /proc; not available here");

        assertThat(kafkaListeners).as("sockets the broker opened for listening")
                .hasSize(2)
                .allSatisfy(address -> assertThat(ProcessListeners.loopback(address)).as(address).isTrue());
    }

    @Test
    @DisplayName("under the kafka-down drill refuses connections and the reachability check fails in time")
    void kafkaDownDrill() {
        ServiceDirectory drillServices = new ServiceDirectory();
        try (KafkaFake down = KafkaFake.start(LocalDataEnvironment.unbooted(), Set.of(Drill.KAFKA_DOWN),
                drillServices)) {
            Environment env = LocalDataEnvironment.with(down.endpoints());
            long started = System.nanoTime();

            KafkaCluster cluster = new KafkaProbe(env).describe();
            Verdict verdict = KafkaJudge.reachable(cluster);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to report")
                    .isLessThan(LocalDataEnvironment.REQUEST.plusSeconds(3));
            assertThat(down.running()).isFalse();
            assertThat(drillServices.resolve("kafka-prod", 9092)).isPresent();
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(verdict.message())
                    .startsWith("Kafka at " + down.bootstrap() + " did not answer within 2s: TimeoutException: ")
                    .endsWith("; expected a cluster id and at least one broker; open runbook 2.3 Validate"
                            + " Kafka/NATS connectivity from the ingestor pod");
        }
    }
}
