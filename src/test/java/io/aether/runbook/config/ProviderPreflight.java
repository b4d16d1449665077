package io.aether.runbook.config;

import io.aether.runbook.platform.PlatformProvider;
import io.aether.runbook.platform.containers.DockerEngine;

/**
 * Checks the chosen provider of the local platform before Maven runs any test, so that {@code -Dfakes=containers}
 * on a machine without Docker, or with a drill the containers cannot inject, stops the build within seconds with
 * one sentence. With the embedded default it does nothing and says nothing.
 */
public final class ProviderPreflight {

    private ProviderPreflight() {
    }

    /**
     * Prints the one line that says what is wrong and the fix, then ends the build with an exception that only
     * points back at that line, so the reason is not repeated.
     */
    public static void main(String[] args) {
        RunSettings settings = RunSettings.fromSystem();
        try {
            if (settings.provider() == PlatformProvider.EMBEDDED) {
                return;
            }
            LoadedEnvironment loaded = EnvironmentLoader.fromProcess().load(settings.environmentName(),
                    Preflight.systemProperties());
            settings.validate();
            settings.validateAgainst(loaded.environment());
            DockerEngine.require();
        } catch (ConfigException broken) {
            System.err.println("[runbook] " + broken.getMessage());
            throw new Refused();
        }
        System.out.println("[runbook] provider '" + settings.provider() + "': a Docker engine answers");
    }

    /** Ends the build without a stack trace; the printed line is the message. */
    static final class Refused extends RuntimeException {

        Refused() {
            super("the local platform's provider was refused, for the reason printed above", null, false, false);
        }
    }
}
