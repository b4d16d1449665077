package io.aether.runbook.probe.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.report.Evidence;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a Kafka cluster from the runner, through its bootstrap address, who it is (cluster id, controller,
 * brokers) and which topics it holds (runbook 2.3). Every call is bounded by the environment's timeouts; an
 * unreachable cluster comes back as an observation saying so, never as an exception or a hang.
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
            Collection<String> topics = await(admin.listTopics(new ListTopicsOptions().timeoutMs(budgetMillis))
                    .names());
            LOG.debug("kafka probe: {} described cluster {} controller {} brokers {} topics {}", bootstrap,
                    clusterId, controller, brokers, topics);
            return KafkaCluster.described(bootstrap, budget, clusterId, controller, brokers,
                    topics.stream().sorted().collect(Collectors.toList()));
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
