package io.aether.runbook.probe.kubernetes;

import java.util.List;
import java.util.Optional;

/**
 * What a Deployment reports about its rollout: the generation the controller has observed, its replica counts,
 * its conditions, its revision and the ReplicaSets it owns with the replicas each still holds.
 *
 * @param desired    {@code spec.replicas} (1 when unset, as the API server defaults it)
 * @param revision   the {@code deployment.kubernetes.io/revision} annotation, null before the controller set it
 */
public record DeploymentState(
        String namespace,
        String name,
        long generation,
        long observedGeneration,
        int desired,
        int replicas,
        int updated,
        int ready,
        int available,
        String revision,
        List<Condition> conditions,
        List<ReplicaSetReplicas> replicaSets) {

    public DeploymentState {
        conditions = List.copyOf(conditions);
        replicaSets = List.copyOf(replicaSets);
    }

    /** One entry of {@code status.conditions}. */
    public record Condition(String type, String status, String reason, String message) {
    }

    /** A ReplicaSet owned by the deployment, with its revision and the replicas it holds. */
    public record ReplicaSetReplicas(String name, String revision, int replicas, int ready, int available) {
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(condition -> type.equals(condition.type())).findFirst();
    }
}
