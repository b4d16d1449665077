package io.aether.runbook.probe.kubernetes;

/**
 * One Deployment looked up by namespace and name: its state when it exists, {@code state == null} when the API
 * server answered that it does not, or the error when the API server could not be asked.
 */
public record DeploymentObservation(String namespace, String name, DeploymentState state, String error) {

    public static DeploymentObservation found(DeploymentState state) {
        return new DeploymentObservation(state.namespace(), state.name(), state, null);
    }

    public static DeploymentObservation missing(String namespace, String name) {
        return new DeploymentObservation(namespace, name, null, null);
    }

    public static DeploymentObservation unreachable(String namespace, String name, String error) {
        return new DeploymentObservation(namespace, name, null, error);
    }

    public boolean reachable() {
        return error == null;
    }

    public boolean exists() {
        return state != null;
    }

    /** {@code namespace/name}, as messages name the object. */
    public String ref() {
        return namespace + "/" + name;
    }
}
