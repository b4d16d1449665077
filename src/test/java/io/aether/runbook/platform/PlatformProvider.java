package io.aether.runbook.platform;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the local platform's systems come from, chosen with {@code -Dfakes=NAME}: servers and fakes inside the test
 * JVM (the default, no Docker), or containers of the real images through Testcontainers.
 */
public enum PlatformProvider {
    /** In-process servers and fakes on loopback: needs no Docker engine. */
    EMBEDDED("embedded", Duration.ofSeconds(90)),
    /** k3s, TimescaleDB, Kafka and NATS containers, the HTTP fakes as embedded: needs a Docker engine. */
    CONTAINERS("containers", Duration.ofMinutes(5));

    private final String id;
    private final Duration bootBudget;

    PlatformProvider(String id, Duration bootBudget) {
        this.id = id;
        this.bootBudget = bootBudget;
    }

    public String id() {
        return id;
    }

    /**
     * How long the whole platform may take to start: containers may pull their images on a first run, which the
     * embedded servers never do.
     */
    public Duration bootBudget() {
        return bootBudget;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PlatformProvider::id).collect(Collectors.toList());
    }

    public static Optional<PlatformProvider> byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(provider -> provider.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
