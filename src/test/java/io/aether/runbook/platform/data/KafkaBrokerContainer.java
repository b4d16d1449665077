package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.containers.ContainerBoot;
import io.aether.runbook.platform.containers.ContainerImages;
import io.aether.runbook.platform.containers.LoopbackPorts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Apache Kafka image in KRaft mode (one combined broker and controller) for the container provider, with the
 * environment's topics. Exposes {@code kafka.bootstrap} on loopback and registers the broker's address on the
 * Docker network as the ingestor's Kafka service, which k3s routes its pods to.
 */
public final class KafkaBrokerContainer implements Fake {

    /** The listener other containers reach; the published port maps to it. */
    public static final int BROKER_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerContainer.class);
    private static final Duration TOPIC_BUDGET = Duration.ofSeconds(30);

    private final KafkaContainer container;
    private final String bootstrap;

    private KafkaBrokerContainer(KafkaContainer container, String bootstrap) {
        this.container = container;
        this.bootstrap = bootstrap;
    }

    /** The container as configured before it starts: topics appear only when created, like the embedded broker. */
    static KafkaContainer configure() {
        return new KafkaContainer(ContainerImages.KAFKA)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                .withCreateContainerCmdModifier(LoopbackPorts.only())
                .withReuse(true);
    }

    public static KafkaBrokerContainer start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        Environment.Kafka kafka = env.kafka();
        if (drills.contains(Drill.KAFKA_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            LOG.info("kafka: drill {} - no container, bootstrap is refused port {}", Drill.KAFKA_DOWN,
                    refused.getPort());
            return new KafkaBrokerContainer(null, LoopbackPorts.LOOPBACK + ":" + refused.getPort());
        }
        KafkaContainer container = configure();
        ContainerBoot.start("kafka", container);
        try {
            createMissingTopics(container.getBootstrapServers(), kafka.topics());
        } catch (RuntimeException failed) {
            ContainerBoot.release("kafka", container);
            throw failed;
        }
        String address = container.getContainerInfo().getNetworkSettings().getIpAddress();
        services.register(kafka.serviceHost(), kafka.servicePort(), new InetSocketAddress(address, BROKER_PORT));
        LOG.info("kafka: broker {} with topics {}; {}:{} routes to {}:{}", container.getBootstrapServers(),
                kafka.topics(), kafka.serviceHost(), kafka.servicePort(), address, BROKER_PORT);
        return new KafkaBrokerContainer(container, container.getBootstrapServers());
    }

    /** Creates the topics a reused broker does not hold yet. */
    private static void createMissingTopics(String bootstrap, List<String> topics) {
        if (topics == null || topics.isEmpty()) {
            return;
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TOPIC_BUDGET.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(TOPIC_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 1, (short) 1)).collect(Collectors.toList());
            admin.createTopics(missing).all().get(TOPIC_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("kafka: could not create the topics " + topics + " on " + bootstrap
                    + ": " + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("kafka: interrupted while creating topics", interrupted);
        }
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("kafka.bootstrap", bootstrap);
    }

    @Override
    public void close() {
        ContainerBoot.release("kafka", container);
    }
}
