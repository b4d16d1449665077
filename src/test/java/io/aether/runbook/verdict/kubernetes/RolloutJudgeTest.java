package io.aether.runbook.verdict.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.KubernetesObservations;
import io.aether.runbook.verdict.Verdict;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RolloutJudge (runbook 2.1)")
class RolloutJudgeTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final String UID = "5f0c8a52-93e1-4a0e-9d7b-2f6c1e8a4b10";

    /** {@code kubectl get deploy risk-api-prod -o yaml}, with the fields a rollout is judged on. */
    private static Deployment deployment(long generation, long observed, int replicas, int updated, int ready,
            int available, String revision, String progressingReason, String progressingMessage) {
        return YAML.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: risk-api-prod
                  namespace: aether-prod
                  uid: %s
                  generation: %d
                  annotations:
                    deployment.kubernetes.io/revision: "%s"
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: risk-api
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: risk-api
                    spec:
                      containers:
                      - name: risk-api
                        image: registry.aether.local/risk/risk-api:1.15.0
                status:
                  observedGeneration: %d
                  replicas: %d
                  updatedReplicas: %d
                  readyReplicas: %d
                  availableReplicas: %d
                  conditions:
                  - type: Available
                    status: "True"
                    reason: MinimumReplicasAvailable
                    message: Deployment has minimum availability.
                  - type: Progressing
                    status: "%s"
                    reason: %s
                    message: '%s'
                """.formatted(UID, generation, revision, observed, replicas, updated, ready, available,
                "ProgressDeadlineExceeded".equals(progressingReason) ? "False" : "True", progressingReason,
                progressingMessage), Deployment.class);
    }

    /** One ReplicaSet as the deployment controller writes it. */
    private static ReplicaSet replicaSet(String name, String revision, int replicas, int ready, String ownerUid) {
        return YAML.unmarshal("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %s
                  namespace: aether-prod
                  annotations:
                    deployment.kubernetes.io/revision: "%s"
                  ownerReferences:
                  - apiVersion: apps/v1
                    kind: Deployment
                    name: risk-api-prod
                    uid: %s
                    controller: true
                    blockOwnerDeletion: true
                spec:
                  replicas: %d
                status:
                  replicas: %d
                  readyReplicas: %d
                  availableReplicas: %d
                """.formatted(name, revision, ownerUid, replicas, replicas, ready, ready), ReplicaSet.class);
    }

    private static DeploymentObservation observed(Deployment deployment, ReplicaSet... replicaSets) {
        return DeploymentObservation.found(KubernetesObservations.state(deployment, List.of(replicaSets)));
    }

    @Test
    @DisplayName("all replicas updated, ready and available on the current ReplicaSet passes")
    void completePasses() {
        Deployment deployment = deployment(2, 2, 3, 3, 3, 3, "2", "NewReplicaSetAvailable",
                "ReplicaSet \"risk-api-prod-7c9d8f6b4\" has successfully progressed.");

        Verdict verdict = RolloutJudge.judge(observed(deployment,
                replicaSet("risk-api-prod-5d8f7b9c6d", "1", 0, 0, UID),
                replicaSet("risk-api-prod-7c9d8f6b4", "2", 3, 3, UID)));

        assertThat(verdict).isEqualTo(Verdict.pass("Deployment aether-prod/risk-api-prod rollout is complete:"
                + " generation 2 observed, 3 of 3 replicas updated, ready and available"));
    }

    @Test
    @DisplayName("a rollout past its progress deadline fails saying what is missing")
    void stuckFails() {
        Deployment deployment = deployment(2, 2, 3, 1, 2, 2, "2", "ProgressDeadlineExceeded",
                "ReplicaSet \"risk-api-prod-7c9d8f6b4\" has timed out progressing.");

        Verdict verdict = RolloutJudge.judge(observed(deployment,
                replicaSet("risk-api-prod-5d8f7b9c6d", "1", 2, 2, UID),
                replicaSet("risk-api-prod-7c9d8f6b4", "2", 1, 0, UID)));

        assertThat(verdict).isEqualTo(Verdict.fail("Deployment aether-prod/risk-api-prod rollout is not complete:"
                + " progress deadline exceeded (ReplicaSet \"risk-api-prod-7c9d8f6b4\" has timed out progressing.),"
                + " 1 of 3 replicas updated, 2 of 3 ready, 2 of 3 available, 2 replicas still on older ReplicaSet"
                + " risk-api-prod-5d8f7b9c6d; expected generation 2 with 3 replicas updated, ready and available"
                + " and none on an older ReplicaSet; open runbook 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("old replicas pending termination keep the rollout incomplete though the counts match")
    void oldReplicasFail() {
        Deployment deployment = deployment(3, 3, 4, 3, 4, 4, "3", "NewReplicaSetAvailable",
                "ReplicaSet \"risk-api-prod-8f6c5d4b7\" has successfully progressed.");

        Verdict verdict = RolloutJudge.judge(observed(deployment,
                replicaSet("risk-api-prod-7c9d8f6b4", "2", 1, 1, UID),
                replicaSet("risk-api-prod-8f6c5d4b7", "3", 3, 3, UID),
                replicaSet("risk-api-canary-4b7c9d2f6", "1", 1, 1, "another-owner")));

        assertThat(verdict).isEqualTo(Verdict.fail("Deployment aether-prod/risk-api-prod rollout is not complete:"
                + " 1 replica still on older ReplicaSet risk-api-prod-7c9d8f6b4; expected generation 3 with 3"
                + " replicas updated, ready and available and none on an older ReplicaSet; open runbook 2.1 Check"
                + " FastAPI services"));
    }

    @Test
    @DisplayName("a condition from a generation the controller has not observed decides nothing")
    void unobservedGenerationFails() {
        Deployment healthyLooking = deployment(3, 2, 3, 3, 3, 3, "2", "NewReplicaSetAvailable",
                "ReplicaSet \"risk-api-prod-7c9d8f6b4\" has successfully progressed.");
        Deployment deadlineLooking = deployment(3, 2, 3, 1, 2, 2, "2", "ProgressDeadlineExceeded",
                "ReplicaSet \"risk-api-prod-7c9d8f6b4\" has timed out progressing.");
        String expected = "Deployment aether-prod/risk-api-prod rollout is not complete: the controller has not"
                + " observed generation 3 yet (observed 2), so its status describes an older spec; expected"
                + " observedGeneration 3; open runbook 2.1 Check FastAPI services";

        Verdict fromHealthy = RolloutJudge.judge(observed(healthyLooking));
        Verdict fromDeadline = RolloutJudge.judge(observed(deadlineLooking));

        assertThat(fromHealthy).isEqualTo(Verdict.fail(expected));
        assertThat(fromDeadline).isEqualTo(Verdict.fail(expected));
    }

    @Test
    @DisplayName("a missing deployment fails naming namespace and name")
    void missingFails() {
        Verdict verdict = RolloutJudge.judge(DeploymentObservation.missing("aether-prod", "risk-api-prod"));

        assertThat(verdict).isEqualTo(Verdict.fail("Deployment aether-prod/risk-api-prod not found; expected it to"
                + " exist with a complete rollout; open runbook 2.1 Check FastAPI services"));
    }

    @Test
    @DisplayName("an API server that does not answer is inconclusive")
    void unreachableIsInconclusive() {
        Verdict verdict = RolloutJudge.judge(DeploymentObservation.unreachable("aether-prod", "risk-api-prod",
                "connect timed out"));

        assertThat(verdict).isEqualTo(Verdict.inconclusive("Kubernetes API did not return deployment"
                + " aether-prod/risk-api-prod: connect timed out; cannot tell whether its rollout is complete;"
                + " open runbook 2.1 Check FastAPI services"));
    }
}
