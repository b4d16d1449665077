package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.SilentPort;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one combined broker and controller node) from Kafka's cluster test kit, inside the
 * test JVM on loopback, with the environment's topics created and the ingestor's consumer group caught up on the
 * ticks topic. Exposes {@code kafka.bootstrap} and registers the ingestor's service name for it; the
 * {@code kafka-down} drill exposes a refused port instead, {@code kafka-blackhole} a port that accepts connections
 * and never answers, and {@code ingestor-lagging} leaves the group behind.
 */
public final class KafkaFake implements Fake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFake.class);
    private static final Duration TOPIC_BUDGET = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;
    private final InetSocketAddress address;
    private final Path logDirectory;
    private final SilentPort silent;

    private KafkaFake(KafkaClusterTestKit cluster, InetSocketAddress address, Path logDirectory) {
        this(cluster, address, logDirectory, null);
    }

    private KafkaFake(KafkaClusterTestKit cluster, InetSocketAddress address, Path logDirectory, SilentPort silent) {
        this.cluster = cluster;
        this.address = address;
        this.logDirectory = logDirectory;
        this.silent = silent;
    }

    public static KafkaFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        Environment.Kafka kafka = env.kafka();
        if (drills.contains(Drill.KAFKA_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            services.register(kafka.serviceHost(), kafka.servicePort(), refused);
            LOG.info("kafka: drill {} - no broker, {}:{} points at refused port {}", Drill.KAFKA_DOWN,
                    kafka.serviceHost(), kafka.servicePort(), refused.getPort());
            return new KafkaFake(null, refused, null);
        }
        if (drills.contains(Drill.KAFKA_BLACKHOLE)) {
            SilentPort silent = SilentPort.open("kafka");
            services.register(kafka.serviceHost(), kafka.servicePort(), silent.address());
            LOG.info("kafka: drill {} - no broker, {}:{} points at silent port {}", Drill.KAFKA_BLACKHOLE,
                    kafka.serviceHost(), kafka.servicePort(), silent.port());
            return new KafkaFake(null, silent.address(), null, silent);
        }
        long started = System.nanoTime();
        KafkaFake fake = boot(kafka.topics());
        try {
            IngestorConsumerGroup.consume(fake.bootstrap(), kafka, drills.contains(Drill.INGESTOR_LAGGING));
        } catch (RuntimeException failed) {
            fake.close();
            throw new IllegalStateException("kafka: the ingestor's consumer group could not be prepared: "
                    + failed.getMessage(), failed);
        }
        services.register(kafka.serviceHost(), kafka.servicePort(), fake.address);
        LOG.info("kafka: broker on {} with topics {} started in {} ms", fake.bootstrap(), kafka.topics(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return fake;
    }

    private static KafkaFake boot(List<String> topics) {
        Path logs = null;
        KafkaClusterTestKit cluster = null;
        try {
            logs = Files.createTempDirectory("aether-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(logs)
                    // what a production cluster runs, not the test kit's default of the newest unreleased version
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            configure(builder, nodes);
            bindToLoopback(builder, nodes);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            InetSocketAddress address = brokerAddress(cluster, nodes);
            createTopics(address, topics);
            return new KafkaFake(cluster, address, logs);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopQuietly(cluster, logs);
            throw new IllegalStateException("kafka: start interrupted", interrupted);
        } catch (Exception failed) {
            stopQuietly(cluster, logs);
            throw new IllegalStateException("kafka: the in-process broker did not start: " + failed.getMessage(),
                    failed);
        }
    }

    /** A single broker: every internal topic has one replica, and no topic appears unless created on purpose. */
    private static void configure(KafkaClusterTestKit.Builder builder, TestKitNodes nodes) {
        builder.setConfigProp("listeners", String.format("%s://127.0.0.1:0,%s://127.0.0.1:0",
                nodes.brokerListenerName().value(), nodes.controllerListenerName().value()));
        builder.setConfigProp("auto.create.topics.enable", "false");
        builder.setConfigProp("num.partitions", "1");
        builder.setConfigProp("offsets.topic.replication.factor", "1");
        builder.setConfigProp("transaction.state.log.replication.factor", "1");
        builder.setConfigProp("transaction.state.log.min.isr", "1");
        builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
    }

    /**
     * The test kit binds its listener sockets before the broker starts, to the wildcard address. Binding them
     * here first, on loopback, keeps the broker off every other interface: the suite listens only on 127.0.0.1.
     * This reaches into two private fields of Kafka 4.1.1's test kit; if a Kafka upgrade renames them, the start
     * fails with this message rather than silently listening on all interfaces.
     */
    @SuppressWarnings("unchecked")
    private static void bindToLoopback(KafkaClusterTestKit.Builder builder, TestKitNodes nodes) throws IOException {
        Map<Integer, Map<String, ServerSocketChannel>> sockets;
        try {
            Field managerField = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
            managerField.setAccessible(true);
            Object manager = managerField.get(builder);
            Field socketsField = PreboundSocketFactoryManager.class.getDeclaredField("sockets");
            socketsField.setAccessible(true);
            sockets = (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager);
        } catch (ReflectiveOperationException | RuntimeException changed) {
            throw new IllegalStateException("kafka: cannot pre-bind the test kit's listeners to 127.0.0.1; the"
                    + " kafka-test-common-runtime internals differ from 4.1.1", changed);
        }
        for (int id : nodes.controllerNodes().keySet()) {
            bindListener(sockets, id, nodes.controllerListenerName().value());
        }
        for (int id : nodes.brokerNodes().keySet()) {
            bindListener(sockets, id, nodes.brokerListenerName().value());
        }
    }

    private static void bindListener(Map<Integer, Map<String, ServerSocketChannel>> sockets, int node,
            String listener) throws IOException {
        Map<String, ServerSocketChannel> byListener = sockets.computeIfAbsent(node, id -> new HashMap<>());
        if (!byListener.containsKey(listener)) {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            byListener.put(listener, ServerSocketFactory.INSTANCE.openServerSocket(listener, loopback, -1, -1));
        }
    }

    private static InetSocketAddress brokerAddress(KafkaClusterTestKit cluster, TestKitNodes nodes) {
        ListenerName listener = ListenerName.normalised(nodes.brokerListenerName().value());
        int port = cluster.brokers().values().iterator().next().boundPort(listener);
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static void createTopics(InetSocketAddress address, List<String> topics) throws Exception {
        if (topics == null || topics.isEmpty()) {
            return;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapOf(address),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TOPIC_BUDGET.toMillis());
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> wanted = topics.stream().map(name -> new NewTopic(name, 1, (short) 1))
                    .collect(Collectors.toList());
            admin.createTopics(wanted).all().get(TOPIC_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String bootstrapOf(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** The bootstrap address clients use, {@code 127.0.0.1:<port>}; a refused port under the kafka-down drill. */
    public String bootstrap() {
        return bootstrapOf(address);
    }

    /** Whether a broker runs; false under the kafka-down and kafka-blackhole drills. */
    public boolean running() {
        return cluster != null;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("kafka.bootstrap", bootstrap());
    }

    @Override
    public void close() {
        if (silent != null) {
            silent.close();
        }
        if (cluster == null) {
            return;
        }
        long started = System.nanoTime();
        stopQuietly(cluster, logDirectory);
        LOG.info("kafka: broker on {} stopped in {} ms", bootstrap(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void stopQuietly(KafkaClusterTestKit cluster, Path logs) {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                LOG.warn("kafka: interrupted while stopping the broker", interrupted);
            } catch (Exception failed) {
                LOG.warn("kafka: the broker did not stop cleanly: {}", failed.toString());
            }
        }
        deleteQuietly(logs);
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("kafka: could not delete the log directory {}: {}", directory, unreadable.toString());
        }
    }
}
