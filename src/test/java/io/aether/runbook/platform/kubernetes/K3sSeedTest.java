package io.aether.runbook.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The objects k3s is seeded with, derived from the embedded fake's seed files, checked without a cluster. */
@DisplayName("Container provider: the k3s seed")
class K3sSeedTest {

    private static final Map<String, String> VALUES = Map.ofEntries(Map.entry("namespace", "aether-prod"),
            Map.entry("deployment", "risk-api-prod"), Map.entry("argocd.application", "aether-risk-prod"),
            Map.entry("ingestor", "marketdata-ingestor-prod"), Map.entry("kafka.host", "kafka-prod"),
            Map.entry("kafka.port", "9092"), Map.entry("since", Instant.EPOCH.toString()),
            Map.entry("timescale.statefulset", "timescaledb-prod"), Map.entry("kyverno.namespace", "kyverno"),
            Map.entry("kyverno.deployment", "kyverno"), Map.entry("gatekeeper.namespace", "gatekeeper-system"),
            Map.entry("gatekeeper.deployment", "gatekeeper-controller-manager"));

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> seed(String file) {
        Object parsed = Serialization.unmarshal(ClusterSeed.render(ClusterSeed.read(file), VALUES));
        return parsed instanceof List<?> items ? (List<HasMetadata>) items : List.of((HasMetadata) parsed);
    }

    @Test
    @DisplayName("the risk API runs the small image serving its readiness path on its port, status left to k3s")
    void riskApiServesItsReadinessProbe() {
        Deployment riskApi = (Deployment) K3sSeed.forK3s(seed("risk-api.yaml").get(0), false);
        Container container = riskApi.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(riskApi.getStatus()).isNull();
        assertThat(riskApi.getMetadata().getAnnotations()).doesNotContainKey(WorkloadController.REVISION);
        assertThat(container.getImage()).isEqualTo("busybox:1.36.1");
        assertThat(container.getResources()).isNull();
        assertThat(container.getCommand()).containsExactly("sh", "-c", "mkdir -p /www/api && echo"
                + " '{\"status\":\"ok\"}' > /www/api/healthz && exec httpd -f -p 8000 -h /www");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/api/healthz");
    }

    @Test
    @DisplayName("a policy engine that is down runs a container that exits 1")
    void downEngineCrashes() {
        HasMetadata kyverno = seed("workloads.yaml").stream()
                .filter(item -> "kyverno".equals(item.getMetadata().getName())).findFirst().orElseThrow();

        Deployment down = (Deployment) K3sSeed.forK3s(kyverno, true);

        assertThat(down.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("sh", "-c", "echo 'stopped by a drill'; exit 1");
    }

    @Test
    @DisplayName("the TimescaleDB statefulset keeps its name and port but claims no volume")
    void statefulSetWithoutVolumes() {
        HasMetadata timescale = seed("workloads.yaml").stream().filter(StatefulSet.class::isInstance).findFirst()
                .orElseThrow();

        StatefulSet set = (StatefulSet) K3sSeed.forK3s(timescale, false);

        assertThat(set.getMetadata().getName()).isEqualTo("timescaledb-prod");
        assertThat(set.getSpec().getVolumeClaimTemplates()).isNull();
        assertThat(set.getStatus()).isNull();
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2))
                .endsWith("exec httpd -f -p 5432 -h /www");
    }

    @Test
    @DisplayName("the Kafka service routes to the broker container, and has no endpoints while Kafka is down")
    void kafkaService() {
        List<HasMetadata> up = K3sSeed.kafkaService("aether-prod", "kafka-prod", 9092,
                Optional.of(new InetSocketAddress("172.17.0.3", 9092)));
        List<HasMetadata> down = K3sSeed.kafkaService("aether-prod", "kafka-prod", 9092, Optional.empty());

        Service service = (Service) up.get(0);
        Endpoints endpoints = (Endpoints) up.get(1);
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9092);
        assertThat(endpoints.getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("172.17.0.3");
        assertThat(endpoints.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(9092);
        assertThat(down).hasSize(1).first().isInstanceOf(Service.class);
    }

    @Test
    @DisplayName("the Argo CD Application kind is schemaless and has no status subresource")
    void applicationDefinition() {
        var definition = K3sSeed.applicationDefinition();

        assertThat(definition.getMetadata().getName()).isEqualTo("applications.argoproj.io");
        assertThat(definition.getSpec().getVersions().get(0).getName()).isEqualTo("v1alpha1");
        assertThat(definition.getSpec().getVersions().get(0).getSubresources()).isNull();
        assertThat(definition.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getXKubernetesPreserveUnknownFields()).isTrue();
    }

    @Test
    @DisplayName("kubectl proxy serves the API on the published port with exec allowed")
    void proxyCommand() {
        assertThat(K3sCluster.proxyCommand()).containsExactly("sh", "-c", "k3s kubectl proxy --address=0.0.0.0"
                + " --port=8001 --accept-hosts='.*' --disable-filter=true > /var/log/kubectl-proxy.log 2>&1 &");
    }
}
