package io.aether.runbook.probe.data;

import java.time.Duration;
import java.util.List;

/**
 * What the runner saw of a Kafka cluster through its bootstrap address: the cluster id, controller, brokers,
 * topics and the partitions of those topics, or why it could not see them ({@link #error()} is then set, and the
 * parts not reached are empty).
 */
public record KafkaCluster(
        String bootstrap,
        Duration timeout,
        String clusterId,
        Broker controller,
        List<Broker> brokers,
        List<String> topics,
        List<Partition> partitions,
        String error) {

    /** One broker as the cluster advertises it. */
    public record Broker(int id, String host, int port) {

        @Override
        public String toString() {
            return id + " at " + host + ":" + port;
        }
    }

    /**
     * One partition as the controller's metadata describes it: its leader ({@code null} when it has none, which
     * makes it offline), its assigned replicas and the replicas in sync, by broker id.
     */
    public record Partition(String topic, int partition, Integer leader, List<Integer> replicas, List<Integer> isr) {

        public Partition {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }

        /** No leader: producers and consumers of this partition are stuck. */
        public boolean offline() {
            return leader == null;
        }

        /** Fewer replicas in sync than assigned: one more broker loss may lose data or availability. */
        public boolean underReplicated() {
            return isr.size() < replicas.size();
        }

        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    public KafkaCluster {
        brokers = brokers == null ? List.of() : List.copyOf(brokers);
        topics = topics == null ? List.of() : List.copyOf(topics);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    public static KafkaCluster described(String bootstrap, Duration timeout, String clusterId, Broker controller,
            List<Broker> brokers, List<String> topics) {
        return described(bootstrap, timeout, clusterId, controller, brokers, topics, List.of());
    }

    public static KafkaCluster described(String bootstrap, Duration timeout, String clusterId, Broker controller,
            List<Broker> brokers, List<String> topics, List<Partition> partitions) {
        return new KafkaCluster(bootstrap, timeout, clusterId, controller, brokers, topics, partitions, null);
    }

    public static KafkaCluster unreachable(String bootstrap, Duration timeout, String error) {
        return new KafkaCluster(bootstrap, timeout, null, null, List.of(), List.of(), List.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }
}
