package io.aether.runbook.platform;

import io.aether.runbook.platform.data.KafkaFake;
import io.aether.runbook.platform.data.NatsFake;
import io.aether.runbook.platform.data.TimescaleFake;
import io.aether.runbook.platform.escalation.EscalationFakes;
import io.aether.runbook.platform.http.HttpFakes;
import io.aether.runbook.platform.kubernetes.KubernetesFake;
import io.aether.runbook.platform.observability.GrafanaFake;
import io.aether.runbook.platform.observability.LokiFake;
import io.aether.runbook.platform.prometheus.PrometheusFake;
import java.util.LinkedHashMap;
import java.util.Map;

/** The embedded fakes that make up the local platform, by the name each system goes by in logs. */
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
}
