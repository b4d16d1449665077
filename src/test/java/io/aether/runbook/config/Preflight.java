package io.aether.runbook.config;

import io.aether.runbook.platform.replay.ReplaySeed;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates the run's settings and the chosen environment before Maven starts the runbook checks, so a broken file
 * stops the build with one sentence instead of one error per check.
 */
public final class Preflight {

    private Preflight() {
    }

    /** Throws the {@link ConfigException} that names the file, the key and the fix; Maven ends the build on it. */
    public static void main(String[] args) {
        RunSettings settings = RunSettings.fromSystem();
        String name = settings.environmentName();
        try {
            settings.validate();
            LoadedEnvironment loaded = EnvironmentLoader.fromProcess().load(name, systemProperties(),
                    settings.incident().isPresent());
            settings.validateAgainst(loaded.environment());
            settings.seedDirectory().ifPresent(ReplaySeed::read);
        } catch (ConfigException broken) {
            System.err.println("[runbook] " + broken.getMessage());
            throw broken;
        }
        System.out.println("[runbook] environment '" + name + "' is valid");
    }

    static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
        return properties;
    }
}
