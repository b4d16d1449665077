package io.aether.runbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.platform.PlatformProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Choosing the local platform's provider with {@code -Dfakes}, and what each provider refuses before booting. */
@DisplayName("Run settings: the local platform's provider")
class RunSettingsProviderTest {

    private static RunSettings settings(Map<String, String> properties) {
        return new RunSettings(key -> Optional.ofNullable(properties.get(key)));
    }

    private static Environment environment(String name) {
        return new EnvironmentLoader(Path.of("environments"), variable -> "set").load(name, Map.of()).environment();
    }

    @Test
    @DisplayName("without -Dfakes the embedded provider builds the platform")
    void embeddedByDefault() {
        assertThat(settings(Map.of()).provider()).isEqualTo(PlatformProvider.EMBEDDED);
        assertThat(settings(Map.of("fakes", " Containers ")).provider()).isEqualTo(PlatformProvider.CONTAINERS);
    }

    @Test
    @DisplayName("an unknown provider is refused with one line naming the choices")
    void unknownProviderRefused() {
        assertThatThrownBy(() -> settings(Map.of("fakes", "docker")).validate()).isInstanceOf(ConfigException.class)
                .hasMessage("-Dfakes=docker: unknown provider of the local platform 'docker'. Fix: choose embedded"
                        + " (the default: in-process fakes, no Docker) or containers (Testcontainers of the real"
                        + " images, needs a Docker engine)");
    }

    @Test
    @DisplayName("a drill the containers cannot inject is refused when chosen, saying why")
    void unexpressedDrillRefused() {
        RunSettings settings = settings(Map.of("fakes", "containers", "drill", "kafka-down,node-not-ready"));

        assertThatThrownBy(() -> settings.validateAgainst(environment("local"))).isInstanceOf(ConfigException.class)
                .hasMessage("-Ddrill=kafka-down,node-not-ready: the containers provider cannot inject drill"
                        + " node-not-ready: k3s runs one real node whose status only its own kubelet posts, and"
                        + " stopping that kubelet stops the API server the checks read. Fix: run it on the embedded"
                        + " default (drop -Dfakes), or drop the drill");
    }

    @Test
    @DisplayName("drills the containers express pass validation, and the embedded provider takes every drill")
    void expressedDrillsAccepted() {
        settings(Map.of("fakes", "containers", "drill", "kafka-down,ticks-stale")).validateAgainst(
                environment("local"));
        settings(Map.of("drill", "node-not-ready")).validateAgainst(environment("local"));
    }

    @Test
    @DisplayName("-Dfakes=containers against a remote environment is refused")
    void containersAgainstRemoteRefused() {
        assertThatThrownBy(() -> settings(Map.of("fakes", "containers")).validateAgainst(environment("staging")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Dfakes=containers: the provider builds the local platform only, and 'staging' is a"
                        + " remote environment. Fix: drop -Dfakes, or run with -Denv=local");
    }
}
