package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.platform.ServiceDirectory;
import java.time.Duration;
import java.util.List;

/**
 * The programs a pod of the local cluster can run through {@code kubectl exec}: the ones the runbook calls that
 * the local platform can answer truthfully. Anything else is not installed in the image.
 */
final class PodShell {

    /** How long nc waits for a TCP connection, whatever the caller's budget: a dead port answers in 2 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Netcat netcat;

    PodShell(ServiceDirectory services) {
        this.netcat = new Netcat(services, CONNECT_TIMEOUT);
    }

    CommandOutcome run(List<String> argv) {
        if (argv.isEmpty()) {
            return CommandOutcome.failure(126, "exec: no command given\n");
        }
        if ("nc".equals(argv.get(0))) {
            return netcat.run(argv.subList(1, argv.size()));
        }
        return CommandOutcome.failure(127, "sh: " + argv.get(0) + ": command not found\n");
    }
}
