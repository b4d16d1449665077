package io.aether.runbook.verdict.kubernetes;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.kubernetes.ClusterNodes;
import io.aether.runbook.probe.kubernetes.NodeReadiness;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges {@code kubectl get nodes} (runbook 1.1): a node is Ready only when its Ready condition is exactly
 * {@code "True"}; Unknown (the kubelet went silent) and False both fail, and so do fewer Ready nodes than required.
 */
public final class NodeJudge {

    private NodeJudge() {
    }

    /**
     * @param minReady the least number of Ready nodes the environment needs ({@code kubernetes.minReadyNodes})
     * @param now      the instant heartbeat ages are measured from
     */
    public static Verdict judge(ClusterNodes observed, int minReady, Instant now) {
        if (!observed.reachable()) {
            return Verdict.inconclusive("Kubernetes API " + observed.apiServer() + " did not list nodes: "
                    + observed.error() + "; cannot tell whether at least " + minReady + " nodes are Ready; open "
                    + RunbookSteps.CLUSTER_ACCESS);
        }
        List<NodeReadiness> notReady = observed.nodes().stream().filter(node -> !"True".equals(node.status()))
                .collect(Collectors.toList());
        int total = observed.nodes().size();
        int ready = total - notReady.size();
        if (notReady.isEmpty() && ready >= minReady) {
            return Verdict.pass(ready + " of " + total + " nodes Ready (at least " + minReady + " expected): "
                    + observed.nodes().stream().map(NodeReadiness::node).collect(Collectors.joining(", ")));
        }
        return Verdict.fail(lead(notReady, now, ready, total) + "; expected every node Ready=True and at least "
                + minReady + " Ready, observed " + ready + " of " + total + " Ready; open "
                + RunbookSteps.CLUSTER_ACCESS);
    }

    private static String lead(List<NodeReadiness> notReady, Instant now, int ready, int total) {
        if (notReady.isEmpty()) {
            return "Only " + ready + " of " + total + " nodes are Ready";
        }
        if (notReady.size() == 1) {
            return "Node " + notReady.get(0).node() + " is not Ready: " + detail(notReady.get(0), now);
        }
        return "Nodes " + notReady.stream().map(NodeReadiness::node).collect(Collectors.joining(", "))
                + " are not Ready: " + notReady.stream().map(node -> node.node() + " " + detail(node, now))
                        .collect(Collectors.joining("; "));
    }

    private static String detail(NodeReadiness node, Instant now) {
        if (node.status() == null) {
            return "no Ready condition reported";
        }
        String reason = node.reason() == null ? "" : " (" + node.reason() + ")";
        String heartbeat = node.lastHeartbeat() == null ? "no heartbeat recorded"
                : "last heartbeat " + age(Duration.between(node.lastHeartbeat(), now)) + " ago";
        return "Ready=" + node.status() + reason + ", " + heartbeat;
    }

    /** Whole minutes once past a minute, so that a message reads the same for the whole minute. */
    static String age(Duration age) {
        if (age.isNegative()) {
            return "0s";
        }
        return Durations.format(age.compareTo(Duration.ofMinutes(1)) < 0 ? age.truncatedTo(ChronoUnit.SECONDS)
                : age.truncatedTo(ChronoUnit.MINUTES));
    }
}
