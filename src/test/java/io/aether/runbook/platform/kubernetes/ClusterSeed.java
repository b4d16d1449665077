package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects the local Kubernetes API boots with: the YAML under {@code platform/kubernetes/} rendered with the
 * environment's names, the drills applied to them, then created through the API like any client would.
 */
final class ClusterSeed {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSeed.class);

    static final List<String> NODES = List.of("aether-prod-worker-1", "aether-prod-worker-2", "aether-prod-worker-3");
    /** The node the node-not-ready drill takes down. */
    static final String LOST_NODE = "aether-prod-worker-3";

    private static final String FOLDER = "/platform/kubernetes/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z.]+)}");
    private static final String AVAILABLE = "Available";
    private static final String PROGRESSING = "Progressing";

    private final KubernetesClient client;
    private final Environment env;
    private final Set<Drill> drills;
    private final Instant now;
    private final Map<String, String> values;
    private final WorkloadController controller;

    ClusterSeed(KubernetesClient client, Environment env, Set<Drill> drills, Instant now) {
        this.client = client;
        this.env = env;
        this.drills = drills;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.values = valuesOf(env, this.now);
        this.controller = new WorkloadController(client, NODES, this.now.minus(Duration.ofDays(2)));
    }

    void plant() {
        load("namespaces.yaml", values).forEach(this::create);
        plantNodes();
        for (String riskApi : env.riskApi().deployments()) {
            Map<String, String> named = new HashMap<>(values);
            named.put("deployment", riskApi);
            load("risk-api.yaml", named).forEach(this::plantWorkload);
        }
        load("workloads.yaml", values).forEach(this::plantWorkload);
        plantApplications();
        load("webhooks.yaml", values).forEach(this::create);
    }

    private void plantNodes() {
        for (int i = 0; i < NODES.size(); i++) {
            Map<String, String> named = new HashMap<>(values);
            named.put("node", NODES.get(i));
            named.put("index", String.valueOf(i + 1));
            named.put("zone", String.valueOf(i + 1));
            for (HasMetadata item : load("node.yaml", named)) {
                Node node = (Node) item;
                if (drills.contains(Drill.NODE_NOT_READY) && LOST_NODE.equals(node.getMetadata().getName())) {
                    stopPostingStatus(node);
                }
                create(node);
            }
        }
    }

    /** What the node lifecycle controller writes once a kubelet has been silent past its grace period. */
    private void stopPostingStatus(Node node) {
        String heartbeat = now.minus(Duration.ofMinutes(5)).toString();
        String transition = now.minus(Duration.ofMinutes(5)).plusSeconds(40).toString();
        for (NodeCondition condition : node.getStatus().getConditions()) {
            condition.setStatus("Unknown");
            condition.setReason("NodeStatusUnknown");
            condition.setMessage("Kubelet stopped posting node status.");
            condition.setLastHeartbeatTime(heartbeat);
            condition.setLastTransitionTime(transition);
        }
        node.getSpec().setTaints(List.of(
                new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoSchedule")
                        .withTimeAdded(transition).build(),
                new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
                        .withTimeAdded(transition).build()));
    }

    private void plantWorkload(HasMetadata item) {
        if (item instanceof StatefulSet statefulSet) {
            controller.statefulSetPods((StatefulSet) create(statefulSet));
            return;
        }
        Deployment deployment = (Deployment) item;
        if (drills.contains(Drill.ROLLOUT_STUCK) && isFirstRiskApi(deployment)) {
            plantStuckRollout(deployment);
            return;
        }
        boolean down = drills.contains(Drill.KYVERNO_DOWN) && is(env.policyEngines().kyverno(), deployment)
                || drills.contains(Drill.GATEKEEPER_DOWN) && is(env.policyEngines().gatekeeper(), deployment);
        if (down) {
            loseAvailability(deployment);
        }
        Deployment created = (Deployment) create(deployment);
        int revision = Integer.parseInt(created.getMetadata().getAnnotations().get(WorkloadController.REVISION));
        int replicas = created.getSpec().getReplicas();
        ReplicaSet current = controller.replicaSet(created, revision, created.getSpec().getTemplate(), replicas,
                down ? 0 : replicas, WorkloadController.Unready.CRASH_LOOP);
        if (!down) {
            progressed(created, current);
        }
    }

    /** Records in the deployment's Progressing condition which ReplicaSet it progressed to, as the controller does. */
    private void progressed(Deployment deployment, ReplicaSet current) {
        condition(deployment, PROGRESSING).setMessage(
                "ReplicaSet \"" + current.getMetadata().getName() + "\" has successfully progressed.");
        client.resource(deployment).updateStatus();
    }

    private void loseAvailability(Deployment deployment) {
        deployment.getStatus().setReadyReplicas(0);
        deployment.getStatus().setAvailableReplicas(0);
        deployment.getStatus().setUnavailableReplicas(deployment.getSpec().getReplicas());
        DeploymentCondition available = condition(deployment, AVAILABLE);
        available.setStatus("False");
        available.setReason("MinimumReplicasUnavailable");
        available.setMessage("Deployment does not have minimum availability.");
        available.setLastTransitionTime(now.minus(Duration.ofMinutes(12)).toString());
        available.setLastUpdateTime(available.getLastTransitionTime());
    }

    /**
     * Revision 2 of the risk API was applied, its one new pod never became ready and the progress deadline
     * passed: generation 2 is observed, one of three replicas is updated and the old ReplicaSet still holds two.
     */
    private void plantStuckRollout(Deployment revisionOne) {
        Deployment created = (Deployment) create(revisionOne);
        ReplicaSet old = controller.replicaSet(created, 1, created.getSpec().getTemplate(), 2, 2, null);
        Deployment revisionTwo = new DeploymentBuilder(created)
                .editMetadata().addToAnnotations(WorkloadController.REVISION, "2").endMetadata()
                .editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("registry.aether.local/risk/risk-api:1.15.0").endContainer().endSpec().endTemplate()
                .endSpec().build();
        Deployment updated = client.resource(revisionTwo).update();
        ReplicaSet stuck = controller.replicaSet(updated, 2, updated.getSpec().getTemplate(), 1, 0,
                WorkloadController.Unready.READINESS_FAILING);
        String deadline = now.minus(Duration.ofMinutes(3)).toString();
        updated.getStatus().setObservedGeneration(updated.getMetadata().getGeneration());
        updated.getStatus().setReplicas(3);
        updated.getStatus().setUpdatedReplicas(1);
        updated.getStatus().setReadyReplicas(2);
        updated.getStatus().setAvailableReplicas(2);
        updated.getStatus().setUnavailableReplicas(1);
        updated.getStatus().setConditions(List.of(condition(updated, AVAILABLE),
                new DeploymentConditionBuilder().withType(PROGRESSING).withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"" + stuck.getMetadata().getName()
                                + "\" has timed out progressing.")
                        .withLastUpdateTime(deadline).withLastTransitionTime(deadline).build()));
        client.resource(updated).updateStatus();
        LOG.debug("seeded a stuck rollout: {} keeps 2 replicas, {} never became ready",
                old.getMetadata().getName(), stuck.getMetadata().getName());
    }

    private void plantApplications() {
        for (HasMetadata item : load("applications.yaml", values)) {
            GenericKubernetesResource application = (GenericKubernetesResource) item;
            if (drills.contains(Drill.ARGOCD_DEGRADED)
                    && env.argocd().application().equals(application.getMetadata().getName())) {
                application.getAdditionalProperties().put("status", degradedStatus());
            }
            create(application);
        }
    }

    private Object degradedStatus() {
        String yaml = render(read("application-degraded-status.yaml"), values);
        return client.getKubernetesSerialization().unmarshal(yaml, Map.class);
    }

    private boolean isFirstRiskApi(Deployment deployment) {
        return deployment.getMetadata().getName().equals(env.riskApi().deployments().get(0))
                && deployment.getMetadata().getNamespace().equals(env.kubernetes().namespace());
    }

    private static boolean is(Environment.Workload engine, Deployment deployment) {
        return deployment.getMetadata().getName().equals(engine.deployment())
                && deployment.getMetadata().getNamespace().equals(engine.namespace());
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new IllegalStateException(deployment.getMetadata().getName() + " has no " + type
                        + " condition in its seed"));
    }

    private HasMetadata create(HasMetadata object) {
        return client.resource(object).create();
    }

    private List<HasMetadata> load(String file, Map<String, String> with) {
        String yaml = render(read(file), with);
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    static String read(String file) {
        try (InputStream in = ClusterSeed.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("seed file " + FOLDER + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("seed file " + FOLDER + file + " is unreadable", unreadable);
        }
    }

    /** Fills {@code ${key}} placeholders; an unknown key is a broken seed and stops the boot. */
    static String render(String template, Map<String, String> with) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = with.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("seed placeholder ${" + matcher.group(1) + "} has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static Map<String, String> valuesOf(Environment env, Instant now) {
        Map<String, String> values = new HashMap<>();
        values.put("namespace", env.kubernetes().namespace());
        values.put("riskApi", env.riskApi().deployments().get(0));
        values.put("ingestor", env.marketData().ingestorDeployment());
        values.put("timescale.statefulset", env.timescale().statefulset());
        values.put("kafka.host", env.kafka().serviceHost());
        values.put("kafka.port", String.valueOf(env.kafka().servicePort()));
        values.put("kyverno.namespace", env.policyEngines().kyverno().namespace());
        values.put("kyverno.deployment", env.policyEngines().kyverno().deployment());
        values.put("gatekeeper.namespace", env.policyEngines().gatekeeper().namespace());
        values.put("gatekeeper.deployment", env.policyEngines().gatekeeper().deployment());
        values.put("argocd.project", env.argocd().project());
        values.put("argocd.application", env.argocd().application());
        values.put("now", now.toString());
        values.put("heartbeat", now.toString());
        values.put("since", now.minus(Duration.ofDays(2)).toString());
        values.put("nodeSince", now.minus(Duration.ofDays(21)).toString());
        return values;
    }
}
