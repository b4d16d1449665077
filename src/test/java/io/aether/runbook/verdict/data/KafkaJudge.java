package io.aether.runbook.verdict.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.data.BrokerConnection;
import io.aether.runbook.probe.data.ConsumerGroupLag;
import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.verdict.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges what the runner saw of the Kafka cluster (runbook 2.3): that it answers, that every broker it advertises
 * is reachable, that its topics exist with every partition led and in sync, and that the ingestor keeps up.
 */
public final class KafkaJudge {

    private KafkaJudge() {
    }

    /** Passes when the cluster answered with a cluster id and at least one broker. */
    public static Verdict reachable(KafkaCluster cluster) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + "; expected a cluster id and at least one broker; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (cluster.clusterId() == null || cluster.clusterId().isBlank()) {
            return Verdict.fail("Kafka at " + cluster.bootstrap() + " answered without a cluster id; expected a"
                    + " cluster id and at least one broker; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (cluster.brokers().isEmpty()) {
            return Verdict.fail("Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap()
                    + " reports no broker; expected at least one; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass("Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap() + " answers with "
                + count(cluster.brokers().size(), "broker") + " (" + join(cluster.brokers()) + "), controller "
                + (cluster.controller() == null ? "not reported" : cluster.controller().id()));
    }

    /** Passes when every topic the environment expects exists on the cluster. */
    public static Verdict topicsPresent(KafkaCluster cluster, List<String> expected) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + ", so its topics are unknown; expected topics "
                    + String.join(", ", expected) + "; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        List<String> missing = expected.stream().filter(topic -> !cluster.topics().contains(topic))
                .collect(Collectors.toList());
        String name = "Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap();
        if (!missing.isEmpty()) {
            String present = cluster.topics().isEmpty() ? "no topic" : String.join(", ", cluster.topics());
            return Verdict.fail(name + " lacks expected " + (missing.size() == 1 ? "topic " : "topics ")
                    + String.join(", ", missing) + "; it has " + present + "; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass(name + " has " + (expected.size() == 1 ? "the expected topic " : "all "
                + expected.size() + " expected topics: ") + String.join(", ", expected));
    }

    /**
     * Passes when the runner opened a TCP connection to every broker at the address the cluster advertises for
     * it. Clients are sent to those addresses after bootstrap, so one unreachable broker breaks every request
     * for the partitions it leads even though the bootstrap address answers.
     */
    public static Verdict advertisedBrokers(KafkaCluster cluster, List<BrokerConnection> connections) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + ", so its advertised brokers are unknown; expected every"
                    + " advertised broker reachable from the runner; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        String name = "Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap();
        if (connections.isEmpty()) {
            return Verdict.fail(name + " advertises no broker; expected at least one reachable from the runner;"
                    + " open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        List<BrokerConnection> refused = connections.stream().filter(connection -> !connection.connected())
                .collect(Collectors.toList());
        if (!refused.isEmpty()) {
            String timeout = Durations.format(refused.get(0).timeout());
            return Verdict.fail(name + ": " + refused.size() + " of " + count(connections.size(), "advertised broker")
                    + " not reachable from the runner within the " + timeout + " connect timeout: "
                    + refused.stream().map(connection -> "broker " + connection.broker() + " (" + connection.error()
                            + ")").collect(Collectors.joining(", "))
                    + "; clients bootstrap and are then sent to these addresses, so every request to "
                    + (refused.size() == 1 ? "that broker" : "those brokers") + " fails; check the brokers'"
                    + " advertised.listeners; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass(name + ": every advertised broker accepts TCP from the runner: "
                + connections.stream().map(connection -> connection.broker() + " (" + connection.took().toMillis()
                        + " ms)").collect(Collectors.joining(", ")));
    }

    /** Passes when every partition of the cluster's topics has a leader and all its replicas in sync. */
    public static Verdict partitions(KafkaCluster cluster) {
        if (!cluster.reachable()) {
            return Verdict.fail(unreachable(cluster) + ", so its partitions are unknown; expected every partition"
                    + " led and fully in sync; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        String name = "Kafka cluster " + cluster.clusterId() + " at " + cluster.bootstrap();
        if (cluster.partitions().isEmpty()) {
            return Verdict.inconclusive(name + " described no partition of its "
                    + count(cluster.topics().size(), "topic") + "; cannot tell whether any is offline or"
                    + " under-replicated; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        List<KafkaCluster.Partition> offline = cluster.partitions().stream().filter(KafkaCluster.Partition::offline)
                .collect(Collectors.toList());
        List<KafkaCluster.Partition> lagging = cluster.partitions().stream()
                .filter(partition -> !partition.offline() && partition.underReplicated()).collect(Collectors.toList());
        if (offline.isEmpty() && lagging.isEmpty()) {
            long topics = cluster.partitions().stream().map(KafkaCluster.Partition::topic).distinct().count();
            return Verdict.pass(name + ": all " + count(cluster.partitions().size(), "partition") + " of "
                    + count((int) topics, "topic") + " have a leader and every replica in sync");
        }
        StringBuilder message = new StringBuilder(name).append(" has ");
        if (!offline.isEmpty()) {
            message.append(count(offline.size(), "offline partition")).append(" (no leader): ")
                    .append(listed(offline));
        }
        if (!lagging.isEmpty()) {
            message.append(offline.isEmpty() ? "" : "; and ")
                    .append(count(lagging.size(), "under-replicated partition")).append(": ").append(listed(lagging));
        }
        return Verdict.fail(message.append("; expected every partition led and fully in sync; open ")
                .append(RunbookSteps.BROKER_CONNECTIVITY).toString());
    }

    /** Passes when the group has committed offsets and its lag, summed over its partitions, is within threshold. */
    public static Verdict consumerLag(ConsumerGroupLag lag, long threshold) {
        String limit = "at most " + count(threshold, "message");
        if (!lag.reachable()) {
            return Verdict.fail("Kafka at " + lag.bootstrap() + " did not answer within "
                    + Durations.format(lag.timeout()) + " for consumer group " + lag.group() + ": " + lag.error()
                    + "; expected its lag " + limit + "; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        String name = "consumer group " + lag.group() + " at " + lag.bootstrap();
        String state = "state " + lag.state() + ", " + count(lag.members(), "member");
        if (lag.partitions().isEmpty()) {
            return Verdict.fail(name + " has committed no offset (" + state + "): the ingestor never consumed"
                    + " under this group; expected committed offsets with a lag of " + limit + "; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (lag.total() > threshold) {
            List<ConsumerGroupLag.PartitionLag> worst = lag.partitions().stream()
                    .sorted(Comparator.comparingLong(ConsumerGroupLag.PartitionLag::lag).reversed()).limit(5)
                    .collect(Collectors.toList());
            return Verdict.fail(name + " lags " + count(lag.total(), "message") + " behind, above the threshold of "
                    + threshold + " (" + state + "): " + worst.stream().map(partition -> partition + " committed "
                            + partition.committed() + " of " + partition.logEnd() + " (lag " + partition.lag() + ")")
                    .collect(Collectors.joining(", "))
                    + "; the ingestor is not keeping up with market data; open " + RunbookSteps.BROKER_CONNECTIVITY);
        }
        return Verdict.pass(name + " lags " + count(lag.total(), "message") + " over "
                + count(lag.partitions().size(), "partition") + ", within the threshold of " + threshold + " ("
                + state + ")");
    }

    private static String listed(List<KafkaCluster.Partition> partitions) {
        String shown = partitions.stream().limit(10).map(partition -> partition + " (leader "
                + (partition.leader() == null ? "none" : partition.leader()) + ", replicas " + partition.replicas()
                + ", in sync " + partition.isr() + ")").collect(Collectors.joining(", "));
        return partitions.size() > 10 ? shown + " and " + (partitions.size() - 10) + " more" : shown;
    }

    private static String unreachable(KafkaCluster cluster) {
        return "Kafka at " + cluster.bootstrap() + " did not answer within " + Durations.format(cluster.timeout())
                + ": " + cluster.error();
    }

    private static String count(long number, String noun) {
        return number + " " + noun + (number == 1 ? "" : "s");
    }

    private static String join(List<KafkaCluster.Broker> brokers) {
        return brokers.stream().map(KafkaCluster.Broker::toString).collect(Collectors.joining(", "));
    }
}
