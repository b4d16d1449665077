package io.aether.runbook.probe.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the API server's objects into the plain observations the judges read, so that no fabric8 type reaches a
 * verdict. Public so that the judges' tests can feed real-shaped YAML through the same mapping as the probe.
 */
public final class KubernetesObservations {

    static final String REVISION = "deployment.kubernetes.io/revision";

    private KubernetesObservations() {
    }

    public static NodeReadiness readiness(Node node) {
        Optional<NodeCondition> ready = node.getStatus() == null ? Optional.empty()
                : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        return new NodeReadiness(node.getMetadata().getName(),
                ready.map(NodeCondition::getStatus).orElse(null),
                ready.map(NodeCondition::getReason).orElse(null),
                ready.map(NodeCondition::getMessage).orElse(null),
                ready.map(NodeCondition::getLastHeartbeatTime).flatMap(KubernetesObservations::instant).orElse(null));
    }

    /**
     * @param replicaSets the ReplicaSets found by the deployment's selector; only those it controls are kept
     */
    public static DeploymentState state(Deployment deployment, List<ReplicaSet> replicaSets) {
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        String uid = deployment.getMetadata().getUid();
        List<DeploymentState.ReplicaSetReplicas> owned = replicaSets.stream()
                .filter(rs -> uid == null || controlledBy(rs, uid))
                .map(KubernetesObservations::replicas)
                .toList();
        List<DeploymentState.Condition> conditions = status.getConditions().stream()
                .map(c -> new DeploymentState.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()))
                .toList();
        Integer desired = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return new DeploymentState(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName(),
                orZero(deployment.getMetadata().getGeneration()), orZero(status.getObservedGeneration()),
                desired == null ? 1 : desired, orZero(status.getReplicas()), orZero(status.getUpdatedReplicas()),
                orZero(status.getReadyReplicas()), orZero(status.getAvailableReplicas()),
                annotation(deployment.getMetadata().getAnnotations(), REVISION), conditions, owned);
    }

    public static WebhookConfiguration webhooks(ValidatingWebhookConfiguration configuration) {
        return new WebhookConfiguration(configuration.getMetadata().getName(),
                configuration.getWebhooks().stream().map(KubernetesObservations::webhook).toList());
    }

    private static WebhookConfiguration.Webhook webhook(ValidatingWebhook webhook) {
        boolean service = webhook.getClientConfig() != null && webhook.getClientConfig().getService() != null;
        return new WebhookConfiguration.Webhook(webhook.getName(),
                webhook.getFailurePolicy() == null ? "Fail" : webhook.getFailurePolicy(),
                service ? webhook.getClientConfig().getService().getNamespace() : null,
                service ? webhook.getClientConfig().getService().getName() : null);
    }

    private static DeploymentState.ReplicaSetReplicas replicas(ReplicaSet rs) {
        boolean hasStatus = rs.getStatus() != null;
        return new DeploymentState.ReplicaSetReplicas(rs.getMetadata().getName(),
                annotation(rs.getMetadata().getAnnotations(), REVISION),
                hasStatus ? orZero(rs.getStatus().getReplicas()) : 0,
                hasStatus ? orZero(rs.getStatus().getReadyReplicas()) : 0,
                hasStatus ? orZero(rs.getStatus().getAvailableReplicas()) : 0);
    }

    private static boolean controlledBy(ReplicaSet rs, String uid) {
        return rs.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> uid.equals(owner.getUid()) && Boolean.TRUE.equals(owner.getController()));
    }

    private static String annotation(Map<String, String> annotations, String key) {
        return annotations == null ? null : annotations.get(key);
    }

    private static Optional<Instant> instant(String timestamp) {
        if (timestamp == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException unparseable) {
            return Optional.empty();
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
