package io.aether.runbook.platform;

import io.aether.runbook.platform.containers.DockerEngine;
import io.aether.runbook.platform.data.KafkaBrokerContainer;
import io.aether.runbook.platform.data.KafkaFake;
import io.aether.runbook.platform.data.NatsContainer;
import io.aether.runbook.platform.data.NatsFake;
import io.aether.runbook.platform.data.TimescaleDbContainer;
import io.aether.runbook.platform.data.TimescaleFake;
import io.aether.runbook.platform.escalation.EscalationFakes;
import io.aether.runbook.platform.http.HttpFakes;
import io.aether.runbook.platform.kubernetes.K3sCluster;
import io.aether.runbook.platform.kubernetes.KubernetesFake;
import io.aether.runbook.platform.observability.GrafanaFake;
import io.aether.runbook.platform.observability.LokiFake;
import io.aether.runbook.platform.prometheus.PrometheusFake;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fakes that make up the local platform, by the name each system goes by in logs: embedded by default, or
 * containers of the real images ({@code -Dfakes=containers}).
 */
public final class LocalPlatformStarters {

    private LocalPlatformStarters() {
    }

    public static Map<String, LocalPlatform.Starter> embedded() {
        Map<String, LocalPlatform.Starter> starters = new LinkedHashMap<>();
        starters.put("kubernetes", KubernetesFake::start);
        starters.put("kafka", KafkaFake::start);
        starters.put("timescaledb", TimescaleFake::start);
        starters.put("nats", (environment, drills, services) -> NatsFake.start(environment, drills));
        starters.put("http", (environment, drills, services) -> HttpFakes.start(environment, drills));
        starters.put("prometheus", PrometheusFake::start);
        starters.put("escalation", EscalationFakes::start);
        starters.put("grafana", GrafanaFake::start);
        starters.put("loki", LokiFake::start);
        return starters;
    }

    /**
     * The same systems from containers of the real images where Docker is present: k3s, TimescaleDB, Kafka and
     * NATS; the HTTP fakes stay embedded. Stops with one message when no Docker engine answers.
     */
    public static Map<String, LocalPlatform.Starter> containers() {
        DockerEngine.require();
        Map<String, LocalPlatform.Starter> starters = new LinkedHashMap<>(embedded());
        starters.put("kubernetes", K3sCluster::start);
        starters.put("kafka", KafkaBrokerContainer::start);
        starters.put("timescaledb", TimescaleDbContainer::start);
        starters.put("nats", (environment, drills, services) -> NatsContainer.start(environment, drills));
        return starters;
    }

    /** The starters of the chosen provider. */
    public static Map<String, LocalPlatform.Starter> of(PlatformProvider provider) {
        return provider == PlatformProvider.CONTAINERS ? containers() : embedded();
    }
}
