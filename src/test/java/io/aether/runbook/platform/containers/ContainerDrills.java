package io.aether.runbook.platform.containers;

import io.aether.runbook.platform.Drill;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the container provider injects each drill of the catalogue, or why it cannot. A drill missing from this map
 * is refused: a new drill must say how it breaks the real images before it runs on them.
 */
public final class ContainerDrills {

    private static final Map<Drill, String> EXPRESSED = expressed();
    private static final Map<Drill, String> REFUSED = refused();

    private ContainerDrills() {
    }

    /** How the drill breaks the container platform, or empty when it cannot be expressed there. */
    public static Optional<String> expression(Drill drill) {
        return Optional.ofNullable(EXPRESSED.get(drill));
    }

    /** Why the container provider refuses {@code drill}, or empty when it can inject it. */
    public static Optional<String> refusal(Drill drill) {
        if (EXPRESSED.containsKey(drill)) {
            return Optional.empty();
        }
        return Optional.of(REFUSED.getOrDefault(drill, "the containers provider has no way to inject it yet"));
    }

    private static Map<Drill, String> expressed() {
        Map<Drill, String> drills = new EnumMap<>(Drill.class);
        drills.put(Drill.ARGOCD_OUT_OF_SYNC, "the Argo CD API fake and the seeded Application status, as embedded");
        drills.put(Drill.ARGOCD_DEGRADED, "the Argo CD API fake and the seeded Application status, as embedded");
        drills.put(Drill.KYVERNO_DOWN, "the Kyverno pod's container exits 1: k3s reports CrashLoopBackOff and the"
                + " deployment Available=False");
        drills.put(Drill.GATEKEEPER_DOWN, "the Gatekeeper pod's container exits 1: k3s reports CrashLoopBackOff and"
                + " the deployment Available=False");
        drills.put(Drill.ROLLOUT_STUCK, "revision 2 of the risk API never passes its readiness probe, and k3s marks"
                + " the rollout ProgressDeadlineExceeded");
        drills.put(Drill.HEALTHZ_FAILING, "the risk API ingress fake answers 503, as embedded");
        drills.put(Drill.INGRESS_NO_ROUTE, "the risk API ingress fake has no rule for the Host, as embedded");
        drills.put(Drill.KAFKA_DOWN, "no Kafka container: the bootstrap is a refused port and the kafka Service in k3s"
                + " has no endpoints");
        drills.put(Drill.NATS_DOWN, "no NATS container: the URL is a refused port");
        drills.put(Drill.POSTGRES_DOWN, "no TimescaleDB container: the JDBC URL is a refused port");
        drills.put(Drill.STALE_TICKS, "the TimescaleDB hypertable holds ticks that stopped five minutes ago");
        drills.put(Drill.TICKS_EMPTY, "the TimescaleDB hypertable stays empty");
        drills.put(Drill.FEAST_STALE, "the Feast feature server fake, as embedded");
        drills.put(Drill.RISK_API_SLOW, "the Prometheus fake, as embedded");
        drills.put(Drill.RISK_API_SPIKE, "the Prometheus fake, as embedded");
        drills.put(Drill.RISK_API_NO_TRAFFIC, "the Prometheus fake, as embedded");
        return Collections.unmodifiableMap(drills);
    }

    private static Map<Drill, String> refused() {
        Map<Drill, String> drills = new EnumMap<>(Drill.class);
        drills.put(Drill.NODE_NOT_READY, "k3s runs one real node whose status only its own kubelet posts, and"
                + " stopping that kubelet stops the API server the checks read");
        return Collections.unmodifiableMap(drills);
    }
}
