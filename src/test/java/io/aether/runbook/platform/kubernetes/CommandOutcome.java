package io.aether.runbook.platform.kubernetes;

/** What a command run "inside a pod" of the local cluster printed, and how it exited. */
record CommandOutcome(String stdout, String stderr, int exitCode) {

    static CommandOutcome success(String stdout) {
        return new CommandOutcome(stdout, "", 0);
    }

    static CommandOutcome failure(int exitCode, String stderr) {
        return new CommandOutcome("", stderr, exitCode);
    }
}
