package io.aether.runbook.platform.prometheus;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The local environment as {@code environments/local.yaml} gives it, loaded the way a run loads it, for the
 * section 4 self-tests: with the endpoints of the fakes they booted and any key they override.
 */
public final class LocalSloEnvironment {

    private LocalSloEnvironment() {
    }

    /** The local environment before any fake runs. */
    public static Environment unbooted() {
        return with(Map.of());
    }

    /** @param overrides key paths to values, endpoints included, as {@code -D} would give them */
    public static Environment with(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("timeouts.connect", "1s");
        all.put("timeouts.request", "3s");
        all.putAll(overrides);
        return new EnvironmentLoader(Path.of("environments"), variable -> null).load("local", all).environment();
    }
}
