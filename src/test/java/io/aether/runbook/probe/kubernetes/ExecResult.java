package io.aether.runbook.probe.kubernetes;

import java.time.Duration;
import java.util.List;

/**
 * A command run in one Ready pod of a deployment ({@code kubectl exec deploy/NAME -- COMMAND}): what it printed
 * and its exit code; or that it did not finish within its budget ({@code timedOut}); or why it could not be run
 * at all ({@code problem}: no Ready pod, API server unreachable), in which case {@code pod} may be null.
 */
public record ExecResult(
        String namespace,
        String deployment,
        String pod,
        List<String> command,
        Integer exitCode,
        String stdout,
        String stderr,
        boolean timedOut,
        Duration budget,
        String problem) {

    public ExecResult {
        command = List.copyOf(command);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static ExecResult exited(String namespace, String deployment, String pod, List<String> command,
            int exitCode, String stdout, String stderr, Duration budget) {
        return new ExecResult(namespace, deployment, pod, command, exitCode, stdout, stderr, false, budget, null);
    }

    public static ExecResult timedOut(String namespace, String deployment, String pod, List<String> command,
            String stdout, String stderr, Duration budget) {
        return new ExecResult(namespace, deployment, pod, command, null, stdout, stderr, true, budget, null);
    }

    public static ExecResult notRun(String namespace, String deployment, String pod, List<String> command,
            Duration budget, String problem) {
        return new ExecResult(namespace, deployment, pod, command, null, "", "", false, budget, problem);
    }

    /** The command as typed, for messages: {@code nc -z kafka-prod 9092}. */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** {@code namespace/pod}, or the deployment when no pod was chosen. */
    public String target() {
        return pod != null ? namespace + "/" + pod : "deployment " + namespace + "/" + deployment;
    }
}
