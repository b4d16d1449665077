package io.aether.runbook.escalation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The local platform's escalation fakes, as environment key paths to their loopback URLs. The escalation listener
 * runs outside any check and cannot reach the run's {@code Runbook}, so the local platform publishes here after
 * boot and the listener reads them back when it loads the environment.
 */
public final class EscalationTargets {

    private static final String PREFIX = "escalation.";
    private static final Map<String, String> PUBLISHED = new TreeMap<>();

    private EscalationTargets() {
    }

    /** Keeps the {@code escalation.*} keys of the platform's endpoints; other keys are ignored. */
    public static synchronized void publish(Map<String, String> platformEndpoints) {
        platformEndpoints.forEach((key, url) -> {
            if (key.startsWith(PREFIX)) {
                PUBLISHED.put(key, url);
            }
        });
    }

    public static synchronized Map<String, String> published() {
        return Map.copyOf(PUBLISHED);
    }

    public static synchronized void clear() {
        PUBLISHED.clear();
    }
}
