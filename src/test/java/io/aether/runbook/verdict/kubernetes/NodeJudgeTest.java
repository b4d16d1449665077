package io.aether.runbook.verdict.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.kubernetes.ClusterNodes;
import io.aether.runbook.probe.kubernetes.KubernetesObservations;
import io.aether.runbook.probe.kubernetes.NodeReadiness;
import io.aether.runbook.verdict.Verdict;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NodeJudge (runbook 1.1)")
class NodeJudgeTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:30:00Z");
    private static final String API = "https://aks-aether-prod.hcp.westeurope.azmk8s.io:443";

    /** A node as {@code kubectl get node -o yaml} prints it, trimmed to what the judge reads and its neighbours. */
    private static Node node(String name, String status, String reason, String message, Instant heartbeat) {
        String yaml = """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %1$s
                  labels:
                    kubernetes.io/hostname: %1$s
                    kubernetes.io/os: linux
                status:
                  conditions:
                  - type: MemoryPressure
                    status: "False"
                    reason: KubeletHasSufficientMemory
                    message: kubelet has sufficient memory available
                    lastHeartbeatTime: "%5$s"
                    lastTransitionTime: "2025-02-20T08:00:00Z"
                  - type: Ready
                    status: "%2$s"
                    reason: %3$s
                    message: %4$s
                    lastHeartbeatTime: "%5$s"
                    lastTransitionTime: "2025-02-20T08:00:00Z"
                  nodeInfo:
                    kubeletVersion: v1.30.4
                    containerRuntimeVersion: containerd://1.7.20
                """.formatted(name, status, reason, message, heartbeat);
        return new KubernetesSerialization().unmarshal(yaml, Node.class);
    }

    private static NodeReadiness ready(String name) {
        return KubernetesObservations.readiness(node(name, "True", "KubeletReady", "kubelet is posting ready status",
                NOW.minusSeconds(8)));
    }

    @Test
    @DisplayName("every node Ready=True and enough of them passes")
    void allReadyPasses() {
        ClusterNodes nodes = ClusterNodes.listed(API, List.of(ready("worker-1"), ready("worker-2"), ready("worker-3")));

        Verdict verdict = NodeJudge.judge(nodes, 3, NOW);

        assertThat(verdict).isEqualTo(Verdict.pass(
                "3 of 3 nodes Ready (at least 3 expected): worker-1, worker-2, worker-3"));
    }

    @Test
    @DisplayName("a node whose kubelet stopped posting status fails with its reason and heartbeat age")
    void unknownFails() {
        NodeReadiness silent = KubernetesObservations.readiness(node("worker-3", "Unknown", "NodeStatusUnknown",
                "Kubelet stopped posting node status.", NOW.minus(Duration.ofMinutes(5).plusSeconds(12))));
        ClusterNodes nodes = ClusterNodes.listed(API, List.of(ready("worker-1"), ready("worker-2"), silent));

        Verdict verdict = NodeJudge.judge(nodes, 2, NOW);

        assertThat(verdict).isEqualTo(Verdict.fail("Node worker-3 is not Ready: Ready=Unknown (NodeStatusUnknown),"
                + " last heartbeat 5m ago; expected every node Ready=True and at least 2 Ready, observed 2 of 3"
                + " Ready; open runbook 1.1 Confirm cluster access"));
    }

    @Test
    @DisplayName("two nodes down are both named, each with its own reason")
    void severalNotReadyFail() {
        NodeReadiness notReady = KubernetesObservations.readiness(node("worker-2", "False", "KubeletNotReady",
                "container runtime network not ready", NOW.minusSeconds(42)));
        NodeReadiness silent = KubernetesObservations.readiness(node("worker-3", "Unknown", "NodeStatusUnknown",
                "Kubelet stopped posting node status.", NOW.minus(Duration.ofMinutes(75))));
        ClusterNodes nodes = ClusterNodes.listed(API, List.of(ready("worker-1"), notReady, silent));

        Verdict verdict = NodeJudge.judge(nodes, 1, NOW);

        assertThat(verdict).isEqualTo(Verdict.fail("Nodes worker-2, worker-3 are not Ready: worker-2 Ready=False"
                + " (KubeletNotReady), last heartbeat 42s ago; worker-3 Ready=Unknown (NodeStatusUnknown), last"
                + " heartbeat 1h15m ago; expected every node Ready=True and at least 1 Ready, observed 1 of 3 Ready;"
                + " open runbook 1.1 Confirm cluster access"));
    }

    @Test
    @DisplayName("fewer Ready nodes than required fails even when none is NotReady")
    void tooFewFails() {
        ClusterNodes nodes = ClusterNodes.listed(API, List.of(ready("worker-1"), ready("worker-2")));

        Verdict verdict = NodeJudge.judge(nodes, 3, NOW);

        assertThat(verdict).isEqualTo(Verdict.fail("Only 2 of 2 nodes are Ready; expected every node Ready=True"
                + " and at least 3 Ready, observed 2 of 2 Ready; open runbook 1.1 Confirm cluster access"));
    }

    @Test
    @DisplayName("a node without a Ready condition is not Ready")
    void missingConditionFails() {
        Node registering = new KubernetesSerialization().unmarshal("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: worker-4
                status:
                  conditions: []
                """, Node.class);
        ClusterNodes nodes = ClusterNodes.listed(API, List.of(ready("worker-1"),
                KubernetesObservations.readiness(registering)));

        Verdict verdict = NodeJudge.judge(nodes, 1, NOW);

        assertThat(verdict).isEqualTo(Verdict.fail("Node worker-4 is not Ready: no Ready condition reported;"
                + " expected every node Ready=True and at least 1 Ready, observed 1 of 2 Ready; open runbook 1.1"
                + " Confirm cluster access"));
    }

    @Test
    @DisplayName("an API server that does not answer is inconclusive")
    void unreachableIsInconclusive() {
        ClusterNodes nodes = ClusterNodes.unreachable(API, "HTTP 403: nodes is forbidden");

        Verdict verdict = NodeJudge.judge(nodes, 3, NOW);

        assertThat(verdict).isEqualTo(Verdict.inconclusive("Kubernetes API " + API + " did not list nodes: HTTP"
                + " 403: nodes is forbidden; cannot tell whether at least 3 nodes are Ready; open runbook 1.1"
                + " Confirm cluster access"));
    }
}
