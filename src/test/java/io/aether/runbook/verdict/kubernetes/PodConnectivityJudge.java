package io.aether.runbook.verdict.kubernetes;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.kubernetes.ExecResult;
import io.aether.runbook.verdict.Verdict;

/**
 * Judges {@code nc -z HOST PORT} run inside a pod (runbook 2.3): exit 0 means the pod opened a TCP connection to
 * the service. A command that never ran or did not finish proves nothing either way and is inconclusive.
 */
public final class PodConnectivityJudge {

    private PodConnectivityJudge() {
    }

    public static Verdict netcat(ExecResult result, String host, int port) {
        String address = host + ":" + port;
        String command = "`" + result.commandLine() + "`";
        if (result.problem() != null) {
            return Verdict.inconclusive("Could not run " + command + " in " + result.target() + ": "
                    + result.problem() + "; no evidence either way about " + address + "; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (result.timedOut()) {
            return Verdict.inconclusive(command + " in pod " + result.target() + " did not exit within "
                    + Durations.format(result.budget()) + "; no evidence either way about " + address + "; open "
                    + RunbookSteps.BROKER_CONNECTIVITY);
        }
        if (result.exitCode() == 0) {
            return Verdict.pass("Pod " + result.target() + " reaches " + address + " (" + command + " exited 0)");
        }
        String stderr = result.stderr().strip();
        return Verdict.fail("Pod " + result.target() + " cannot reach " + address + ": " + command + " exited "
                + result.exitCode() + (stderr.isEmpty() ? " with no stderr" : " with stderr \"" + stderr + "\"")
                + "; expected exit 0; open " + RunbookSteps.BROKER_CONNECTIVITY);
    }
}
