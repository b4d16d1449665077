package io.aether.runbook.platform.containers;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Starts and releases the provider's containers the same way for every system: the start time logged, a failed
 * start reported with the container's own last log lines, and reuse left to the user's Testcontainers settings.
 */
public final class ContainerBoot {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerBoot.class);
    private static final int LOG_LINES = 20;

    private ContainerBoot() {
    }

    /**
     * Whether the user enabled container reuse ({@code testcontainers.reuse.enable=true} in
     * {@code ~/.testcontainers.properties}); every container asks for it, and Testcontainers grants it only then.
     */
    public static boolean reuseEnabled() {
        return TestcontainersConfiguration.getInstance().environmentSupportsReuse();
    }

    public static void start(String system, GenericContainer<?> container) {
        long started = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException failed) {
            throw new IllegalStateException(system + ": container " + container.getDockerImageName()
                    + " did not start: " + failed.getMessage() + lastLines(container), failed);
        }
        LOG.info("{}: container {} up in {} ms{}", system, container.getDockerImageName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), reuseEnabled() ? " (reuse enabled)" : "");
    }

    /** Stops the container, unless reuse is enabled: then it keeps running for the next run to pick up. */
    public static void release(String system, GenericContainer<?> container) {
        if (container == null) {
            return;
        }
        if (reuseEnabled()) {
            LOG.info("{}: container {} left running for reuse", system, container.getDockerImageName());
            return;
        }
        try {
            container.stop();
        } catch (RuntimeException failed) {
            LOG.warn("{}: container {} did not stop cleanly: {}", system, container.getDockerImageName(),
                    failed.toString());
        }
    }

    private static String lastLines(GenericContainer<?> container) {
        try {
            if (container.getContainerId() == null) {
                return "";
            }
            List<String> lines = container.getLogs().lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
            return tail.isEmpty() ? "" : "; its last log lines:\n" + String.join("\n", tail);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
