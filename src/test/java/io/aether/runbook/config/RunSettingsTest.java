package io.aether.runbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.platform.Drill;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RunSettings")
class RunSettingsTest {

    private static final String CATALOGUE = String.join(", ", Drill.names());

    @Test
    void anUnknownDrillIsRefusedNamingTheCatalogue() {
        assertThatThrownBy(() -> settings(Map.of("drill", "kafka-dwon")).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessage("-Ddrill=kafka-dwon: unknown drill kafka-dwon. Fix: choose from " + CATALOGUE
                        + " (see the README's catalogue)");
    }

    @Test
    void oneUnknownDrillInAListIsNamedAlone() {
        assertThatThrownBy(() -> settings(Map.of("drill", "kafka-down, nats-gone ,postgres-down")).validate())
                .hasMessage("-Ddrill=kafka-down, nats-gone ,postgres-down: unknown drill nats-gone. Fix: choose from "
                        + CATALOGUE + " (see the README's catalogue)");
    }

    @Test
    void aDrillAgainstARemoteEnvironmentIsRefused() {
        Environment prod = new EnvironmentLoader(Path.of("environments"), name -> "value-of-" + name)
                .load("prod", Map.of()).environment();

        assertThatThrownBy(() -> settings(Map.of("drill", "kafka-down")).validateAgainst(prod))
                .hasMessage("-Ddrill=kafka-down: drills inject faults into the local platform only, and 'prod' is a"
                        + " remote environment. Fix: drop -Ddrill, or run the drill with -Denv=local");
    }

    @Test
    void drillNamesAreTrimmedAndLowerCased() {
        RunSettings settings = settings(Map.of("drill", " Kafka-Blackhole, ,HTTP-blackhole "));

        settings.validate();

        assertThat(settings.drills()).containsExactly(Drill.KAFKA_BLACKHOLE, Drill.HTTP_BLACKHOLE);
    }

    @Test
    void environmentDefaultsToLocal() {
        assertThat(settings(Map.of()).environmentName()).isEqualTo("local");
        assertThat(settings(Map.of("env", " prod ")).environmentName()).isEqualTo("prod");
    }

    @Test
    void environmentOverridesAreTheKeysGivenAsSettings() {
        RunSettings settings = settings(Map.of("timeouts.run", "30s", "drill", "kafka-down", "kafka.topics", "a,b"));

        assertThat(settings.environmentOverrides(List.of("timeouts.run", "timeouts.request", "kafka.topics")))
                .containsExactly(Map.entry("kafka.topics", "a,b"), Map.entry("timeouts.run", "30s"));
    }

    private static RunSettings settings(Map<String, String> values) {
        return new RunSettings(key -> Optional.ofNullable(values.get(key)));
    }
}
