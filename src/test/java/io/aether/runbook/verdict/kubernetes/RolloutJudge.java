package io.aether.runbook.verdict.kubernetes;

import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.DeploymentState;
import io.aether.runbook.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges a Deployment's rollout the way {@code kubectl rollout status} does (runbook 2.1): complete only when the
 * controller has observed the latest generation, every desired replica is updated, ready and available, no
 * replica is left on an older ReplicaSet, and the progress deadline has not passed. Until the latest generation
 * is observed, the status and its conditions describe an older spec and decide nothing.
 */
public final class RolloutJudge {

    static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private RolloutJudge() {
    }

    public static Verdict judge(DeploymentObservation observed) {
        if (!observed.reachable()) {
            return Verdict.inconclusive("Kubernetes API did not return deployment " + observed.ref() + ": "
                    + observed.error() + "; cannot tell whether its rollout is complete; open "
                    + RunbookSteps.FASTAPI_SERVICES);
        }
        if (!observed.exists()) {
            return Verdict.fail("Deployment " + observed.ref() + " not found; expected it to exist with a complete"
                    + " rollout; open " + RunbookSteps.FASTAPI_SERVICES);
        }
        DeploymentState state = observed.state();
        String subject = "Deployment " + observed.ref() + " rollout is not complete: ";
        if (state.observedGeneration() < state.generation()) {
            return Verdict.fail(subject + "the controller has not observed generation " + state.generation()
                    + " yet (observed " + state.observedGeneration() + "), so its status describes an older spec;"
                    + " expected observedGeneration " + state.generation() + "; open "
                    + RunbookSteps.FASTAPI_SERVICES);
        }
        List<String> missing = missing(state);
        if (missing.isEmpty()) {
            return Verdict.pass("Deployment " + observed.ref() + " rollout is complete: generation "
                    + state.generation() + " observed, " + state.desired() + " of " + state.desired()
                    + " replicas updated, ready and available");
        }
        return Verdict.fail(subject + String.join(", ", missing) + "; expected generation " + state.generation()
                + " with " + state.desired() + " replicas updated, ready and available and none on an older"
                + " ReplicaSet; open " + RunbookSteps.FASTAPI_SERVICES);
    }

    private static List<String> missing(DeploymentState state) {
        List<String> missing = new ArrayList<>();
        state.condition("Progressing").filter(c -> DEADLINE_EXCEEDED.equals(c.reason()))
                .ifPresent(c -> missing.add("progress deadline exceeded (" + c.message() + ")"));
        int desired = state.desired();
        if (state.updated() < desired) {
            missing.add(state.updated() + " of " + desired + " replicas updated");
        }
        if (state.ready() < desired) {
            missing.add(state.ready() + " of " + desired + " ready");
        }
        if (state.available() < desired) {
            missing.add(state.available() + " of " + desired + " available");
        }
        List<DeploymentState.ReplicaSetReplicas> older = olderWithReplicas(state);
        if (older.size() == 1) {
            missing.add(replicas(older.get(0).replicas()) + " still on older ReplicaSet " + older.get(0).name());
        } else if (older.size() > 1) {
            missing.add(replicas(older.stream().mapToInt(DeploymentState.ReplicaSetReplicas::replicas).sum())
                    + " still on older ReplicaSets " + older.stream().map(rs -> rs.name() + " (" + rs.replicas()
                            + ")").collect(Collectors.joining(", ")));
        }
        return missing;
    }

    /**
     * The ReplicaSets of another revision than the deployment's that still hold replicas. Before the controller
     * has annotated the deployment with its revision, the ReplicaSet of the highest revision counts as current.
     */
    static List<DeploymentState.ReplicaSetReplicas> olderWithReplicas(DeploymentState state) {
        Optional<String> current = Optional.ofNullable(state.revision()).or(() -> state.replicaSets().stream()
                .map(DeploymentState.ReplicaSetReplicas::revision).filter(r -> r != null && r.matches("\\d+"))
                .max((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))));
        return state.replicaSets().stream()
                .filter(rs -> rs.replicas() > 0 && current.isPresent() && !current.get().equals(rs.revision()))
                .collect(Collectors.toList());
    }

    private static String replicas(int count) {
        return count + (count == 1 ? " replica" : " replicas");
    }
}
