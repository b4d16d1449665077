package io.aether.runbook.platform;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local platform's cluster DNS: maps the service names pods resolve ({@code kafka-prod:9092}) to the
 * loopback address of the fake behind them, so that a command run "inside a pod" reaches the real server.
 */
public final class ServiceDirectory {

    private final Map<String, InetSocketAddress> services = new ConcurrentHashMap<>();

    public void register(String host, int port, InetSocketAddress actual) {
        services.put(host + ":" + port, actual);
    }

    public Optional<InetSocketAddress> resolve(String host, int port) {
        return Optional.ofNullable(services.get(host + ":" + port));
    }

    /** Whether any port of {@code host} is known, to tell "unknown host" from "connection refused". */
    public boolean knows(String host) {
        return services.keySet().stream().anyMatch(key -> key.startsWith(host + ":"));
    }
}
