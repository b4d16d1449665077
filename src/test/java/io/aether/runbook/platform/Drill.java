package io.aether.runbook.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The faults the local platform can be booted with ({@code -Ddrill=NAME[,NAME]}), for training and for the
 * scenario self-tests. Each one breaks one component the way it breaks in production; the README lists which
 * checks each drill turns red.
 */
public enum Drill {
    /** One node stops posting status: its Ready condition turns Unknown. */
    NODE_NOT_READY("node-not-ready"),
    /** The Argo CD application drifted from Git but its resources are healthy. */
    ARGOCD_OUT_OF_SYNC("argocd-out-of-sync"),
    /** The Argo CD application drifted from Git and a resource is Degraded. */
    ARGOCD_DEGRADED("argocd-degraded"),
    /** The Kyverno deployment has no available replica. */
    KYVERNO_DOWN("kyverno-down"),
    /** The Gatekeeper controller deployment has no available replica. */
    GATEKEEPER_DOWN("gatekeeper-down"),
    /** The risk API rollout stalls: new pods never become ready and the progress deadline passes. */
    ROLLOUT_STUCK("risk-api-rollout-stuck"),
    /** The risk API answers its health endpoint with 503. */
    HEALTHZ_FAILING("healthz-failing"),
    /** The ingress has no rule for the risk API's Host: its default backend answers 404. */
    INGRESS_NO_ROUTE("ingress-no-route"),
    /** The Kafka broker is down: nothing listens on its port. */
    KAFKA_DOWN("kafka-down"),
    /** The market-data ingestor stopped keeping up: its consumer group is thousands of ticks behind. */
    INGESTOR_LAGGING("ingestor-lagging"),
    /** The NATS server is down. */
    NATS_DOWN("nats-down"),
    /** The database is down. */
    POSTGRES_DOWN("postgres-down"),
    /** Market data stopped arriving five minutes ago. */
    STALE_TICKS("ticks-stale"),
    /** The market_ticks table exists but no tick ever arrived. */
    TICKS_EMPTY("ticks-empty"),
    /** Feast's online store was last materialised an hour ago. */
    FEAST_STALE("feast-stale"),
    /** The Kafka broker's port accepts connections and never answers. */
    KAFKA_BLACKHOLE("kafka-blackhole"),
    /** The database's port accepts connections and never answers. */
    POSTGRES_BLACKHOLE("postgres-blackhole"),
    /** The Argo CD API, the risk API ingress and Feast accept connections and never answer. */
    HTTP_BLACKHOLE("http-blackhole"),
    /** The risk API answers in 650 to 900 ms: its P99 has been above 500 ms for the whole threshold window. */
    RISK_API_SLOW("risk-api-slow"),
    /** The risk API's P99 spiked once, for one evaluation a few minutes ago, and is healthy again. */
    RISK_API_SPIKE("risk-api-spike"),
    /** No request reached the risk API over the window: its P99 is NaN. */
    RISK_API_NO_TRAFFIC("risk-api-no-traffic");

    private final String id;

    Drill(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Drill::id).collect(Collectors.toList());
    }

    public static Optional<Drill> byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(drill -> drill.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
