package io.aether.runbook.platform;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One system of the local platform, started on loopback, and the environment keys its addresses fill in. */
public interface Fake extends AutoCloseable {

    /** The platform system this fake stands in for, as logs and messages name it ("kafka", "timescaledb"). */
    String name();

    /** Environment key paths to the loopback addresses of this fake, e.g. {@code kafka.bootstrap}. */
    Map<String, String> endpoints();

    /**
     * Why this fake could not be started on this machine (a binary it needs is absent), so that its checks skip
     * with that reason instead of failing or passing; empty when it runs.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * How many requests this fake has answered so far, for the benchmark's per-check request counts; empty where the
     * fake is a real server that keeps no such count (Kafka, PostgreSQL, NATS).
     */
    default OptionalLong requestCount() {
        return OptionalLong.empty();
    }

    /**
     * The requests this fake received since it finished starting, oldest first, for the self-tests that prove the
     * suite read-only; empty for a fake that keeps no request log (the Kafka, NATS and PostgreSQL ones do not).
     */
    default java.util.List<PlatformRequest> received() {
        return java.util.List.of();
    }

    /** Stops the fake and frees its port and files; never throws. */
    @Override
    void close();
}
