package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local environment as {@code environments/local.yaml} gives it, loaded the way a run loads it, with short
 * timeouts and the endpoints of whichever fakes a self-test booted.
 */
final class LocalDataEnvironment {

    static final List<String> TOPICS = List.of("marketdata.ticks", "marketdata.quotes", "risk.requests");
    static final Duration CONNECT = Duration.ofSeconds(1);
    static final Duration REQUEST = Duration.ofSeconds(2);

    private LocalDataEnvironment() {
    }

    /** Before any fake runs: the endpoints are still unknown. */
    static Environment unbooted() {
        return with(Map.of());
    }

    /** With the endpoints the booted fakes expose, as the local platform fills them in. */
    static Environment with(Map<String, String> endpoints) {
        Map<String, String> overrides = new HashMap<>(endpoints);
        overrides.put("timeouts.connect", CONNECT.toMillis() + "ms");
        overrides.put("timeouts.request", REQUEST.toMillis() + "ms");
        return new EnvironmentLoader(Path.of("environments"), variable -> null).load("local", overrides)
                .environment();
    }
}
