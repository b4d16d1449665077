package io.aether.runbook.probe.http;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An Argo CD Application as the API server reports it, reduced to what runbook 1.2 judges: sync and health,
 * the last operation, the conditions, and the managed resources with their own sync and health.
 *
 * @param operationPhase phase of the last operation (Running, Succeeded, Failed, Error), {@code null} if none
 */
public record ArgoCdApplication(
        String name,
        String project,
        String syncStatus,
        String revision,
        String healthStatus,
        String healthMessage,
        String operationPhase,
        String operationMessage,
        List<Condition> conditions,
        List<Resource> resources) {

    public ArgoCdApplication {
        conditions = List.copyOf(conditions);
        resources = List.copyOf(resources);
    }

    /** An entry of {@code status.conditions}: Argo CD's own errors and warnings about the application. */
    public record Condition(String type, String message) {

        /** Error conditions (ComparisonError, SyncError, InvalidSpecError...) all end in "Error". */
        public boolean isError() {
            return type != null && type.endsWith("Error");
        }
    }

    /**
     * An entry of {@code status.resources}.
     *
     * @param healthStatus {@code null} for kinds Argo CD assesses no health for, such as ConfigMap
     */
    public record Resource(String kind, String namespace, String name, String syncStatus, String healthStatus,
            String healthMessage) {

        /** "Deployment aether-prod/risk-api-prod", or "Namespace aether-prod" for cluster-scoped kinds. */
        public String reference() {
            return kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
        }
    }

    /** Resources whose health is assessed and is anything but Healthy (Progressing, Degraded, Missing...). */
    public List<Resource> unhealthyResources() {
        return resources.stream()
                .filter(resource -> resource.healthStatus() != null && !"Healthy".equals(resource.healthStatus()))
                .collect(Collectors.toList());
    }

    public List<Resource> outOfSyncResources() {
        return resources.stream().filter(resource -> "OutOfSync".equals(resource.syncStatus()))
                .collect(Collectors.toList());
    }

    public List<Condition> errorConditions() {
        return conditions.stream().filter(Condition::isError).collect(Collectors.toList());
    }
}
