package io.aether.runbook.probe.data;

import java.time.Duration;
import java.util.List;

/**
 * What the runner saw of a Kafka cluster through its bootstrap address: the cluster id, controller, brokers and
 * topics, or why it could not see them ({@link #error()} is then set, and the parts not reached are empty).
 */
public record KafkaCluster(
        String bootstrap,
        Duration timeout,
        String clusterId,
        Broker controller,
        List<Broker> brokers,
        List<String> topics,
        String error) {

    /** One broker as the cluster advertises it. */
    public record Broker(int id, String host, int port) {

        @Override
        public String toString() {
            return id + " at " + host + ":" + port;
        }
    }

    public KafkaCluster {
        brokers = brokers == null ? List.of() : List.copyOf(brokers);
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    public static KafkaCluster described(String bootstrap, Duration timeout, String clusterId, Broker controller,
            List<Broker> brokers, List<String> topics) {
        return new KafkaCluster(bootstrap, timeout, clusterId, controller, brokers, topics, null);
    }

    public static KafkaCluster unreachable(String bootstrap, Duration timeout, String error) {
        return new KafkaCluster(bootstrap, timeout, null, null, List.of(), List.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }
}
