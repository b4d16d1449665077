package io.aether.runbook.probe.data;

import java.time.Duration;

/**
 * One TCP connect from the runner to a broker at the address the cluster advertises for it. Clients bootstrap
 * through one address and then talk to every broker at its advertised address, so each must be reachable.
 */
public record BrokerConnection(KafkaCluster.Broker broker, Duration timeout, boolean connected, Duration took,
        String error) {

    public static BrokerConnection connected(KafkaCluster.Broker broker, Duration timeout, Duration took) {
        return new BrokerConnection(broker, timeout, true, took, null);
    }

    public static BrokerConnection refused(KafkaCluster.Broker broker, Duration timeout, Duration took,
            String error) {
        return new BrokerConnection(broker, timeout, false, took, error);
    }
}
