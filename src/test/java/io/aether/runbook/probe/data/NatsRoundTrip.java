package io.aether.runbook.probe.data;

import java.time.Duration;

/**
 * One publish and subscribe round trip through a NATS server: a message published on a fresh inbox subject and
 * received back by the same connection, with the time it took or why it did not come back.
 */
public record NatsRoundTrip(String url, Duration budget, Result result, Duration roundTrip, String error) {

    /** How the round trip ended. */
    public enum Result {
        /** The message came back within the budget. */
        ECHOED,
        /** The server accepted TCP but sent no INFO greeting within the connect timeout; {@link #error()} says. */
        NO_INFO,
        /** Connected and published, but nothing came back within the budget. */
        NO_ECHO,
        /** The connection, subscription or publish failed; {@link #error()} says how. */
        FAILED
    }

    public static NatsRoundTrip echoed(String url, Duration budget, Duration roundTrip) {
        return new NatsRoundTrip(url, budget, Result.ECHOED, roundTrip, null);
    }

    public static NatsRoundTrip noEcho(String url, Duration budget) {
        return new NatsRoundTrip(url, budget, Result.NO_ECHO, null, null);
    }

    public static NatsRoundTrip silent(String url, Duration budget, String error) {
        return new NatsRoundTrip(url, budget, Result.NO_INFO, null, error);
    }

    public static NatsRoundTrip failed(String url, Duration budget, String error) {
        return new NatsRoundTrip(url, budget, Result.FAILED, null, error);
    }
}
