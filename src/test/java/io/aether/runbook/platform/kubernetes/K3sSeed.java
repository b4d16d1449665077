package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.containers.ContainerImages;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds k3s with the objects the embedded Kubernetes API boots with, from the same files under
 * {@code platform/kubernetes/} rendered with the same values, but lets k3s's own controllers write every status:
 * each workload runs a small image that serves the readiness probe its spec declares, and the drills break the pods
 * instead of the status. Nodes are not seeded: k3s has its own.
 */
final class K3sSeed {

    /** How long the seeded workloads may take to reach their state; a first run pulls the workload image. */
    static final Duration SETTLE_BUDGET = Duration.ofMinutes(3);
    /** The progress deadline of the risk API's second revision under the risk-api-rollout-stuck drill. */
    static final int STUCK_DEADLINE_SECONDS = 10;
    static final String KAFKA_PORT_NAME = "kafka";

    private static final Logger LOG = LoggerFactory.getLogger(K3sSeed.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int DEFAULT_HTTP_PORT = 8080;

    private final KubernetesClient client;
    private final Environment env;
    private final Set<Drill> drills;
    private final Optional<InetSocketAddress> kafka;
    private final Map<String, String> values;

    K3sSeed(KubernetesClient client, Environment env, Set<Drill> drills, Optional<InetSocketAddress> kafka,
            Instant now) {
        this.client = client;
        this.env = env;
        this.drills = drills;
        this.kafka = kafka;
        this.values = ClusterSeed.valuesOf(env, now);
    }

    void plant() {
        // a reused cluster still holds the last run's webhooks, whose Fail policy would refuse the updates below
        load("webhooks.yaml", values).forEach(webhook -> client.resource(webhook).delete());
        load("namespaces.yaml", values).forEach(this::apply);
        apply(applicationDefinition());
        client.apiextensions().v1().customResourceDefinitions().withName(KubernetesFake.APPLICATION.getName())
                .waitUntilCondition(K3sSeed::established, 30, TimeUnit.SECONDS);
        List<HasMetadata> workloads = new ArrayList<>();
        for (String riskApi : env.riskApi().deployments()) {
            Map<String, String> named = new HashMap<>(values);
            named.put("deployment", riskApi);
            workloads.addAll(load("risk-api.yaml", named));
        }
        workloads.addAll(load("workloads.yaml", values));
        workloads.forEach(workload -> apply(forK3s(workload, isDown(workload))));
        kafkaService().forEach(this::apply);
        if (kafka.isEmpty()) {
            client.endpoints().inNamespace(env.kubernetes().namespace()).withName(env.kafka().serviceHost()).delete();
        }
        plantApplications();
        awaitSettled(workloads);
        if (drills.contains(Drill.ROLLOUT_STUCK)) {
            stallRollout(env.riskApi().deployments().get(0));
        }
        load("webhooks.yaml", values).forEach(this::apply);
    }

    /**
     * A seeded workload as k3s runs it: no status (the controllers write it), no volume claims or resource
     * requests (a laptop's single node holds them all), and every container running the small workload image,
     * serving {@code /api/healthz} on its first declared port, or exiting at once when {@code down}.
     */
    static HasMetadata forK3s(HasMetadata workload, boolean down) {
        PodTemplateSpec template;
        if (workload instanceof Deployment deployment) {
            deployment.setStatus(null);
            template = deployment.getSpec().getTemplate();
        } else if (workload instanceof StatefulSet statefulSet) {
            statefulSet.setStatus(null);
            statefulSet.getSpec().setVolumeClaimTemplates(null);
            template = statefulSet.getSpec().getTemplate();
        } else {
            throw new IllegalStateException("seed workload " + workload.getKind() + " "
                    + workload.getMetadata().getName() + " is neither a Deployment nor a StatefulSet");
        }
        if (workload.getMetadata().getAnnotations() != null) {
            workload.getMetadata().getAnnotations().remove(WorkloadController.REVISION);
        }
        for (Container container : template.getSpec().getContainers()) {
            container.setImage(ContainerImages.WORKLOAD);
            container.setResources(null);
            container.setVolumeMounts(null);
            container.setCommand(down ? crashing() : serving(firstPort(container)));
            container.setArgs(null);
        }
        return workload;
    }

    /** Serves {@code {"status":"ok"}} at {@code /api/healthz}, which the risk API's readiness probe asks for. */
    static List<String> serving(int port) {
        return List.of("sh", "-c", "mkdir -p /www/api && echo '{\"status\":\"ok\"}' > /www/api/healthz"
                + " && exec httpd -f -p " + port + " -h /www");
    }

    /** What a policy engine that is down runs: it exits at once, and the kubelet backs off restarting it. */
    static List<String> crashing() {
        return List.of("sh", "-c", "echo 'stopped by a drill'; exit 1");
    }

    private static int firstPort(Container container) {
        return container.getPorts() == null ? DEFAULT_HTTP_PORT : container.getPorts().stream()
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).findFirst().orElse(DEFAULT_HTTP_PORT);
    }

    /**
     * The broker's Service in the workloads' namespace, without a selector, and its Endpoints at the Kafka
     * container's address on the Docker network; no Endpoints at all when Kafka is down, so that a connection to it
     * is refused.
     */
    List<HasMetadata> kafkaService() {
        return kafkaService(env.kubernetes().namespace(), env.kafka().serviceHost(), env.kafka().servicePort(),
                kafka);
    }

    static List<HasMetadata> kafkaService(String namespace, String host, int port,
            Optional<InetSocketAddress> broker) {
        List<HasMetadata> objects = new ArrayList<>();
        Service service = new ServiceBuilder().withNewMetadata().withName(host).withNamespace(namespace)
                .endMetadata().withNewSpec().addNewPort().withName(KAFKA_PORT_NAME).withProtocol("TCP")
                .withPort(port).withNewTargetPort(broker.map(InetSocketAddress::getPort).orElse(port)).endPort()
                .endSpec().build();
        objects.add(service);
        broker.ifPresent(address -> {
            Endpoints endpoints = new EndpointsBuilder().withNewMetadata().withName(host).withNamespace(namespace)
                    .endMetadata().addNewSubset().addNewAddress().withIp(address.getHostString()).endAddress()
                    .addNewPort().withName(KAFKA_PORT_NAME).withProtocol("TCP").withPort(address.getPort()).endPort()
                    .endSubset().build();
            objects.add(endpoints);
        });
        return objects;
    }

    /** The Argo CD Application kind, schemaless and without a status subresource: the seed writes its status. */
    static CustomResourceDefinition applicationDefinition() {
        return new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName(KubernetesFake.APPLICATION.getName()).endMetadata()
                .withNewSpec().withGroup(KubernetesFake.APPLICATION.getGroup()).withScope("Namespaced")
                .withNewNames().withKind("Application").withListKind("ApplicationList").withPlural("applications")
                .withSingular("application").endNames()
                .addNewVersion().withName(KubernetesFake.APPLICATION.getVersion()).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    private void plantApplications() {
        for (HasMetadata item : load("applications.yaml", values)) {
            GenericKubernetesResource application = (GenericKubernetesResource) item;
            if (drills.contains(Drill.ARGOCD_DEGRADED)
                    && env.argocd().application().equals(application.getMetadata().getName())) {
                String yaml = ClusterSeed.render(ClusterSeed.read("application-degraded-status.yaml"), values);
                application.getAdditionalProperties().put("status",
                        client.getKubernetesSerialization().unmarshal(yaml, Map.class));
            }
            apply(application);
        }
    }

    private boolean isDown(HasMetadata workload) {
        return drills.contains(Drill.KYVERNO_DOWN) && is(env.policyEngines().kyverno(), workload)
                || drills.contains(Drill.GATEKEEPER_DOWN) && is(env.policyEngines().gatekeeper(), workload);
    }

    private static boolean is(Environment.Workload engine, HasMetadata workload) {
        return workload.getMetadata().getName().equals(engine.deployment())
                && workload.getMetadata().getNamespace().equals(engine.namespace());
    }

    /** Waits until every workload that is not down is fully available, as its controller reports it. */
    private void awaitSettled(List<HasMetadata> workloads) {
        long started = System.nanoTime();
        for (HasMetadata workload : workloads) {
            if (isDown(workload)) {
                continue;
            }
            String namespace = workload.getMetadata().getNamespace();
            String name = workload.getMetadata().getName();
            Awaitility.await(workload.getKind() + " " + namespace + "/" + name + " is available in k3s")
                    .atMost(SETTLE_BUDGET).pollInterval(POLL).ignoreExceptions()
                    .until(() -> available(workload.getKind(), namespace, name));
        }
        LOG.info("kubernetes: seeded workloads settled in k3s after {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private boolean available(String kind, String namespace, String name) {
        if ("StatefulSet".equals(kind)) {
            StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            return set.getStatus() != null && Objects.equals(set.getStatus().getReadyReplicas(),
                    set.getSpec().getReplicas());
        }
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment.getStatus() != null
                && Objects.equals(deployment.getStatus().getAvailableReplicas(), deployment.getSpec().getReplicas())
                && Objects.equals(deployment.getStatus().getUpdatedReplicas(), deployment.getSpec().getReplicas());
    }

    /**
     * Rolls the risk API to a second revision whose pods never pass their readiness probe, with a short progress
     * deadline, and waits for k3s to declare the rollout stuck.
     */
    private void stallRollout(String name) {
        String namespace = env.kubernetes().namespace();
        client.apps().deployments().inNamespace(namespace).withName(name).edit(deployment -> {
            deployment.getSpec().setProgressDeadlineSeconds(STUCK_DEADLINE_SECONDS);
            Map<String, String> annotations = new HashMap<>(Optional.ofNullable(
                    deployment.getSpec().getTemplate().getMetadata().getAnnotations()).orElse(Map.of()));
            annotations.put("aether.local/revision", "2");
            deployment.getSpec().getTemplate().getMetadata().setAnnotations(annotations);
            deployment.getSpec().getTemplate().getSpec().getContainers()
                    .forEach(container -> container.setCommand(List.of("sleep", "86400")));
            return deployment;
        });
        Awaitility.await("k3s declares the rollout of " + namespace + "/" + name + " stuck")
                .atMost(Duration.ofSeconds(STUCK_DEADLINE_SECONDS).plus(SETTLE_BUDGET)).pollInterval(POLL)
                .until(() -> deadlineExceeded(namespace, name));
    }

    private boolean deadlineExceeded(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment.getStatus() != null && deployment.getStatus().getConditions() != null
                && deployment.getStatus().getConditions().stream().anyMatch(condition ->
                "Progressing".equals(condition.getType()) && "ProgressDeadlineExceeded".equals(condition.getReason()));
    }

    private static boolean established(CustomResourceDefinition definition) {
        return definition != null && definition.getStatus() != null && definition.getStatus().getConditions()
                .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void apply(HasMetadata object) {
        client.resource(object).forceConflicts().serverSideApply();
    }

    private List<HasMetadata> load(String file, Map<String, String> with) {
        String yaml = ClusterSeed.render(ClusterSeed.read(file), with);
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }
}
