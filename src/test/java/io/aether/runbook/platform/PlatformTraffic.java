package io.aether.runbook.platform;

import java.util.List;

/**
 * The requests the local platform's fakes received during the last run that stopped it. A run's platform is owned
 * by the run and stopped when the run ends, inside the JUnit test kit and out of a self-test's reach; so the
 * platform leaves what it received here as it stops, and the read-only self-tests read it afterwards.
 */
public final class PlatformTraffic {

    private static List<PlatformRequest> lastRun = List.of();

    private PlatformTraffic() {
    }

    static synchronized void keep(List<PlatformRequest> received) {
        lastRun = List.copyOf(received);
    }

    /** Every request of the last stopped local platform, each fake's oldest first; empty before any run. */
    public static synchronized List<PlatformRequest> lastRun() {
        return lastRun;
    }
}
