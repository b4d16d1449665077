package io.aether.runbook.platform.http;

import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.LoadedEnvironment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The local environment as the HTTP self-tests see it: {@code environments/local.yaml} loaded the way a run loads
 * it, with the HTTP fakes' endpoints and a test's own overrides on top, and secrets taken from a given map.
 */
public final class LocalHttpEnvironment {

    private LocalHttpEnvironment() {
    }

    /** The environment before the fakes are up, which is what {@link HttpFakes#start} is given. */
    public static LoadedEnvironment beforeBoot() {
        return load(Map.of(), Map.of());
    }

    /**
     * @param overrides key paths to values, as {@code -D} properties would give them
     * @param variables the environment variables secrets are resolved from
     */
    public static LoadedEnvironment withFakes(HttpFakes fakes, Map<String, String> overrides,
            Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(fakes.endpoints());
        all.putAll(overrides);
        return load(all, variables);
    }

    public static LoadedEnvironment withFakes(HttpFakes fakes) {
        return withFakes(fakes, Map.of(), Map.of());
    }

    public static LoadedEnvironment load(Map<String, String> overrides, Map<String, String> variables) {
        Path directory = Path.of(System.getProperty("runbook.environments", "environments"));
        return new EnvironmentLoader(directory, variables::get).load("local", overrides);
    }
}
