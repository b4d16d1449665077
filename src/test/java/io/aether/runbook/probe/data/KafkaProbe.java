package io.aether.runbook.probe.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.report.Evidence;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a Kafka cluster from the runner, through its bootstrap address, who it is (cluster id, controller,
 * brokers), which topics it holds and how their partitions stand (runbook 2.3); connects to every broker at the
 * address it advertises; and measures a consumer group's lag. Every call is bounded by the environment's
 * timeouts; an unreachable cluster comes back as an observation saying so, never as an exception or a hang.
 */
public final class KafkaProbe {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProbe.class);
    /** Slack on top of Kafka's own timeout, so that Kafka reports the timeout and not our wait on its future. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final String bootstrap;
    private final Environment.Timeouts timeouts;

    public KafkaProbe(Environment env) {
        this(env.kafka().bootstrap(), env.timeouts());
    }

    public KafkaProbe(String bootstrap, Environment.Timeouts timeouts) {
        this.bootstrap = bootstrap;
        this.timeouts = timeouts;
    }

    public KafkaCluster describe() {
        long started = System.nanoTime();
        KafkaCluster cluster = query();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (cluster.reachable()) {
            LOG.info("kafka probe: {} answered in {} ms: cluster {}, {} broker(s), {} topic(s)", bootstrap, millis,
                    cluster.clusterId(), cluster.brokers().size(), cluster.topics().size());
        } else {
            LOG.info("kafka probe: {} unreachable after {} ms: {}", bootstrap, millis, cluster.error());
        }
        Evidence.json("Kafka cluster at " + bootstrap, ObservationJson.of(cluster));
        return cluster;
    }

    private KafkaCluster query() {
        Duration budget = timeouts.request();
        Admin admin;
        try {
            admin = Admin.create(clientProperties());
        } catch (KafkaException badAddress) {
            return KafkaCluster.unreachable(bootstrap, budget, explain(badAddress));
        }
        try {
            int budgetMillis = (int) budget.toMillis();
            DescribeClusterResult description = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs(budgetMillis));
            String clusterId = await(description.clusterId());
            KafkaCluster.Broker controller = brokerOf(await(description.controller()));
            List<KafkaCluster.Broker> brokers = await(description.nodes()).stream().map(KafkaProbe::brokerOf)
                    .collect(Collectors.toList());
            List<String> topics = await(admin.listTopics(new ListTopicsOptions().timeoutMs(budgetMillis))
                    .names()).stream().sorted().collect(Collectors.toList());
            List<KafkaCluster.Partition> partitions = partitionsOf(admin, topics, budgetMillis);
            LOG.debug("kafka probe: {} described cluster {} controller {} brokers {} topics {}", bootstrap,
                    clusterId, controller, brokers, topics);
            return KafkaCluster.described(bootstrap, budget, clusterId, controller, brokers, topics, partitions);
        } catch (ExecutionException failed) {
            return KafkaCluster.unreachable(bootstrap, budget, explain(failed.getCause()));
        } catch (TimeoutException slow) {
            return KafkaCluster.unreachable(bootstrap, budget, "no answer within " + budget.plus(GRACE).toMillis()
                    + " ms");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return KafkaCluster.unreachable(bootstrap, budget, "interrupted while waiting for the cluster");
        } catch (KafkaException failed) {
            return KafkaCluster.unreachable(bootstrap, budget, explain(failed));
        } finally {
            admin.close(timeouts.connect());
        }
    }

    private List<KafkaCluster.Partition> partitionsOf(Admin admin, List<String> topics, int budgetMillis)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described = await(admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(budgetMillis)).allTopicNames());
        List<KafkaCluster.Partition> partitions = new ArrayList<>();
        for (String topic : topics) {
            TopicDescription description = described.get(topic);
            if (description == null) {
                continue;
            }
            for (TopicPartitionInfo info : description.partitions()) {
                Node leader = info.leader();
                partitions.add(new KafkaCluster.Partition(topic, info.partition(),
                        leader == null || leader.isEmpty() ? null : leader.id(), ids(info.replicas()),
                        ids(info.isr())));
            }
        }
        return partitions;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).collect(Collectors.toList());
    }

    /**
     * Opens a TCP connection to every broker at the host and port it advertises, each bounded by the connect
     * timeout: the bootstrap address answering proves nothing about the addresses clients are sent to next.
     */
    public List<BrokerConnection> connectToBrokers(List<KafkaCluster.Broker> brokers) {
        List<BrokerConnection> connections = new ArrayList<>();
        for (KafkaCluster.Broker broker : brokers) {
            connections.add(connect(broker));
        }
        Evidence.json("TCP connects to the advertised Kafka brokers", ObservationJson.of(connections));
        return connections;
    }

    private BrokerConnection connect(KafkaCluster.Broker broker) {
        Duration timeout = timeouts.connect();
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(broker.host(), broker.port()), (int) timeout.toMillis());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("kafka probe: broker {} accepted a TCP connection in {} ms", broker, took.toMillis());
            return BrokerConnection.connected(broker, timeout, took);
        } catch (IOException | IllegalArgumentException refused) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("kafka probe: broker {} not reachable after {} ms: {}", broker, took.toMillis(),
                    refused.toString());
            return BrokerConnection.refused(broker, timeout, took, explain(refused));
        }
    }

    /** The committed offsets of {@code group} against the log-end offsets of the same partitions. */
    public ConsumerGroupLag consumerLag(String group) {
        long started = System.nanoTime();
        ConsumerGroupLag lag = measureLag(group);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (lag.reachable()) {
            LOG.info("kafka probe: {} group {} ({}, {} members) lags {} messages over {} partitions, in {} ms",
                    bootstrap, group, lag.state(), lag.members(), lag.total(), lag.partitions().size(), millis);
        } else {
            LOG.info("kafka probe: {} lag of group {} unknown after {} ms: {}", bootstrap, group, millis,
                    lag.error());
        }
        Evidence.json("Consumer group " + group + " at " + bootstrap, ObservationJson.of(lag));
        return lag;
    }

    private ConsumerGroupLag measureLag(String group) {
        Duration budget = timeouts.request();
        int budgetMillis = (int) budget.toMillis();
        Admin admin;
        try {
            admin = Admin.create(clientProperties());
        } catch (KafkaException badAddress) {
            return ConsumerGroupLag.unreachable(bootstrap, budget, group, explain(badAddress));
        }
        try {
            ConsumerGroupDescription description = await(admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().timeoutMs(budgetMillis)).describedGroups().get(group));
            Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(group,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(budgetMillis)).partitionsToOffsetAndMetadata());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    latest.put(partition, OffsetSpec.latest());
                }
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                    : await(admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(budgetMillis)).all());
            List<ConsumerGroupLag.PartitionLag> partitions = ends.entrySet().stream()
                    .map(end -> new ConsumerGroupLag.PartitionLag(end.getKey().topic(), end.getKey().partition(),
                            committed.get(end.getKey()).offset(), end.getValue().offset()))
                    .sorted(Comparator.comparing(ConsumerGroupLag.PartitionLag::topic)
                            .thenComparingInt(ConsumerGroupLag.PartitionLag::partition))
                    .collect(Collectors.toList());
            return ConsumerGroupLag.measured(bootstrap, budget, group, String.valueOf(description.groupState()),
                    description.members().size(), partitions);
        } catch (ExecutionException failed) {
            return ConsumerGroupLag.unreachable(bootstrap, budget, group, explain(failed.getCause()));
        } catch (TimeoutException slow) {
            return ConsumerGroupLag.unreachable(bootstrap, budget, group, "no answer within "
                    + budget.plus(GRACE).toMillis() + " ms");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return ConsumerGroupLag.unreachable(bootstrap, budget, group, "interrupted while waiting for offsets");
        } catch (KafkaException failed) {
            return ConsumerGroupLag.unreachable(bootstrap, budget, group, explain(failed));
        } finally {
            admin.close(timeouts.connect());
        }
    }

    private Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "aether-runbook-probe");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeouts.request().toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeouts.request().toMillis());
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, timeouts.connect().toMillis());
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeouts.connect().toMillis());
        // A refused connection is retried with backoff; keep the backoff short so the timeout, not a backoff,
        // decides how long an unreachable cluster takes to report.
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500L);
        return properties;
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(timeouts.request().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static KafkaCluster.Broker brokerOf(Node node) {
        if (node == null || node.isEmpty()) {
            return null;
        }
        return new KafkaCluster.Broker(node.id(), node.host(), node.port());
    }

    private static String explain(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
