package io.aether.runbook.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the ReplicaSets and pods the deployment and statefulset controllers would have created for a seeded
 * workload, with owner references, the pod-template-hash label and kubelet-shaped pod status, so that a client
 * finding pods by a workload's selector sees what it sees on a real cluster.
 */
final class WorkloadController {

    /** How a pod that is not Ready looks. */
    enum Unready {
        /** The container runs but its readiness probe fails (a rollout whose new pods never become ready). */
        READINESS_FAILING,
        /** The container keeps crashing (an engine that is down). */
        CRASH_LOOP
    }

    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";

    /** The alphabet Kubernetes uses for generated name suffixes: no vowels, no look-alike characters. */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final List<String> nodes;
    private final Instant started;
    private int scheduled;

    WorkloadController(KubernetesClient client, List<String> nodes, Instant started) {
        this.client = client;
        this.nodes = nodes;
        this.started = started;
    }

    /** Creates one revision's ReplicaSet of {@code owner} with {@code ready} Ready pods and the rest not Ready. */
    ReplicaSet replicaSet(Deployment owner, int revision, PodTemplateSpec template, int replicas, int ready,
            Unready unready) {
        String hash = hash(owner.getMetadata().getName() + "/" + revision, 10);
        String name = owner.getMetadata().getName() + "-" + hash;
        Map<String, String> labels = withHash(template.getMetadata().getLabels(), hash);
        Map<String, String> selector = withHash(owner.getSpec().getSelector().getMatchLabels(), hash);
        ReplicaSet replicaSet = client.resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .addToAnnotations(REVISION, String.valueOf(revision))
                .addToAnnotations("deployment.kubernetes.io/desired-replicas",
                        String.valueOf(owner.getSpec().getReplicas()))
                .addToAnnotations("deployment.kubernetes.io/max-replicas",
                        String.valueOf(owner.getSpec().getReplicas() + 1))
                .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(template.getSpec()).endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withFullyLabeledReplicas(replicas)
                .withReadyReplicas(ready).withAvailableReplicas(ready).endStatus()
                .build()).create();
        for (int i = 0; i < replicas; i++) {
            String podName = name + "-" + hash(name + "#" + i, 5);
            pod(podName, replicaSet, labels, template, i < ready ? null : unready);
        }
        return replicaSet;
    }

    /** Creates the ordinal pods of {@code owner}, all Ready. */
    void statefulSetPods(StatefulSet owner) {
        Map<String, String> labels = new LinkedHashMap<>(owner.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("controller-revision-hash", owner.getStatus().getUpdateRevision());
        for (int i = 0; i < owner.getSpec().getReplicas(); i++) {
            String name = owner.getMetadata().getName() + "-" + i;
            Map<String, String> podLabels = new LinkedHashMap<>(labels);
            podLabels.put("statefulset.kubernetes.io/pod-name", name);
            pod(name, owner, podLabels, owner.getSpec().getTemplate(), null);
        }
    }

    private void pod(String name, HasMetadata owner, Map<String, String> labels, PodTemplateSpec template,
            Unready unready) {
        int slot = scheduled++;
        int nodeIndex = slot % nodes.size();
        String startedAt = started.toString();
        boolean ready = unready == null;
        List<ContainerStatus> containers = new ArrayList<>();
        template.getSpec().getContainers().forEach(container -> containers.add(containerStatus(
                container.getName(), container.getImage(), name, unready, startedAt)));
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(ownedBy(owner)).endMetadata()
                .withSpec(template.getSpec())
                .editSpec().withNodeName(nodes.get(nodeIndex)).withRestartPolicy("Always")
                .withDnsPolicy("ClusterFirst").withSchedulerName("default-scheduler")
                .withTerminationGracePeriodSeconds(30L).endSpec()
                .withNewStatus().withPhase("Running").withQosClass("Burstable")
                .withHostIP("10.240.0." + (nodeIndex + 1))
                .withPodIP("10.244." + (nodeIndex + 1) + "." + (10 + slot))
                .addNewPodIP().withIp("10.244." + (nodeIndex + 1) + "." + (10 + slot)).endPodIP()
                .withStartTime(startedAt)
                .withConditions(condition("PodReadyToStartContainers", true, null, startedAt),
                        condition("Initialized", true, null, startedAt),
                        condition("Ready", ready, "ContainersNotReady", startedAt),
                        condition("ContainersReady", ready, "ContainersNotReady", startedAt),
                        condition("PodScheduled", true, null, startedAt))
                .withContainerStatuses(containers)
                .endStatus()
                .build();
        client.resource(pod).create();
    }

    private static ContainerStatus containerStatus(String container, String image, String pod, Unready unready,
            String startedAt) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(container).withImage(image)
                .withImageID(image.replaceAll(":[^:/]*$", "") + "@sha256:" + hash(image, 10) + hash(pod, 10))
                .withContainerID("containerd://" + hash(pod + container, 10) + hash(container + pod, 10))
                .withReady(unready == null).withStarted(unready != Unready.CRASH_LOOP)
                .withRestartCount(unready == Unready.CRASH_LOOP ? 14 : 0);
        if (unready == Unready.CRASH_LOOP) {
            return status.withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 5m0s restarting failed container=" + container + " pod=" + pod)
                    .endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                    .withStartedAt(startedAt).withFinishedAt(startedAt).endTerminated().endLastState()
                    .build();
        }
        return status.withNewState().withNewRunning().withStartedAt(startedAt).endRunning().endState().build();
    }

    private static PodCondition condition(String type, boolean status, String reason, String at) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withReason(status ? null : reason)
                .withMessage(status || reason == null ? null : "containers with unready status")
                .withLastTransitionTime(at).withLastProbeTime(null).build();
    }

    private static OwnerReference ownedBy(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static Map<String, String> withHash(Map<String, String> labels, String hash) {
        Map<String, String> result = new LinkedHashMap<>(labels);
        result.put(HASH_LABEL, hash);
        return result;
    }

    /** A stable name suffix: FNV-1a of {@code seed}, spelt in the Kubernetes suffix alphabet. */
    static String hash(String seed, int length) {
        StringBuilder suffix = new StringBuilder();
        long value = 0x811c9dc5L;
        int round = 0;
        while (suffix.length() < length) {
            for (byte b : (seed + round).getBytes(StandardCharsets.UTF_8)) {
                value = ((value ^ (b & 0xff)) * 0x01000193L) & 0xffffffffL;
            }
            for (char digit : Long.toString(value).toCharArray()) {
                if (suffix.length() < length) {
                    suffix.append(ALPHABET.charAt((digit * 7 + suffix.length()) % ALPHABET.length()));
                }
            }
            round++;
        }
        return suffix.toString();
    }
}
