package io.aether.runbook.probe.kubernetes;

import java.util.List;

/**
 * The nodes one API server listed, or why it could not list them ({@code error} set, {@code nodes} empty).
 */
public record ClusterNodes(String apiServer, List<NodeReadiness> nodes, String error) {

    public ClusterNodes {
        nodes = List.copyOf(nodes);
    }

    public static ClusterNodes listed(String apiServer, List<NodeReadiness> nodes) {
        return new ClusterNodes(apiServer, nodes, null);
    }

    public static ClusterNodes unreachable(String apiServer, String error) {
        return new ClusterNodes(apiServer, List.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }
}
