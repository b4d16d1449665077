package io.aether.runbook.probe.kubernetes;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.report.Evidence;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the runbook's {@code kubectl} commands read (runbook 1.1, 1.3, 2.1, 2.3): nodes, a Deployment with its
 * ReplicaSets, the admission webhooks, and a command run in a Ready pod of a deployment. Read-only apart from that
 * exec; every call is bounded by the environment's timeouts, with client retries off, and an API server that does
 * not answer comes back as an observation saying so, never as an exception. Each judged object is attached as YAML.
 */
public final class KubernetesProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProbe.class);

    private final KubernetesClient client;
    private final String target;
    private final String namespace;

    private KubernetesProbe(KubernetesClient client, String target, String namespace) {
        this.client = client;
        this.target = target;
        this.namespace = namespace;
    }

    /**
     * Connects as the environment says: to {@code kubernetes.apiServer} when set, with the bearer token held by
     * {@code kubernetes.tokenEnv} if any; otherwise through the named context of the user's kubeconfig.
     */
    public static KubernetesProbe connect(Environment env, Secrets secrets) {
        Environment.Kubernetes kubernetes = env.kubernetes();
        if (kubernetes.apiServer() != null && !kubernetes.apiServer().isBlank()) {
            return forApiServer(kubernetes.apiServer(), secrets.value(kubernetes.tokenEnv()),
                    kubernetes.namespace(), env.timeouts());
        }
        if (kubernetes.context() == null || kubernetes.context().isBlank()) {
            throw new IllegalStateException("environment " + env.name() + " names neither kubernetes.apiServer nor"
                    + " kubernetes.context; set one of them");
        }
        return forContext(kubernetes.context(), kubernetes.namespace(), env.timeouts());
    }

    public static KubernetesProbe forApiServer(String url, Optional<String> token, String namespace,
            Environment.Timeouts timeouts) {
        ConfigBuilder config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace(namespace);
        token.ifPresent(config::withOauthToken);
        return new KubernetesProbe(build(config, timeouts), url, namespace);
    }

    public static KubernetesProbe forContext(String context, String namespace, Environment.Timeouts timeouts) {
        Config kubeconfig = Config.autoConfigure(context);
        ConfigBuilder config = new ConfigBuilder(kubeconfig).withNamespace(namespace);
        return new KubernetesProbe(build(config, timeouts), "context " + context + " (" + kubeconfig.getMasterUrl()
                + ")", namespace);
    }

    private static KubernetesClient build(ConfigBuilder config, Environment.Timeouts timeouts) {
        Config bounded = config.withConnectionTimeout((int) timeouts.connect().toMillis())
                .withRequestTimeout((int) timeouts.request().toMillis())
                .withRequestRetryBackoffLimit(0).withHttp2Disable(true).build();
        return new KubernetesClientBuilder().withConfig(bounded).build();
    }

    /** The namespace of the Aether workloads, the default for {@link #deployment(String)}. */
    public String namespace() {
        return namespace;
    }

    /** {@code kubectl get nodes}: every node's Ready condition. */
    public ClusterNodes nodes() {
        long begin = System.nanoTime();
        try {
            NodeList nodes = client.nodes().list();
            Evidence.yaml("nodes", yaml(new KubernetesListBuilder().withItems(new ArrayList<>(nodes.getItems()))
                    .build()));
            LOG.info("kubernetes probe: {} listed {} nodes in {} ms", target, nodes.getItems().size(), since(begin));
            return ClusterNodes.listed(target, nodes.getItems().stream().map(KubernetesObservations::readiness)
                    .toList());
        } catch (KubernetesClientException failed) {
            LOG.info("kubernetes probe: {} did not list nodes after {} ms: {}", target, since(begin),
                    describe(failed));
            return ClusterNodes.unreachable(target, describe(failed));
        }
    }

    public DeploymentObservation deployment(String name) {
        return deployment(namespace, name);
    }

    /**
     * {@code kubectl describe deploy}: the Deployment and the ReplicaSets it controls, found by its own selector
     * in its own namespace.
     */
    public DeploymentObservation deployment(String namespace, String name) {
        long begin = System.nanoTime();
        try {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (deployment == null) {
                LOG.info("kubernetes probe: {} has no deployment {}/{} ({} ms)", target, namespace, name,
                        since(begin));
                Evidence.text("deployment " + namespace + "/" + name, "deployments.apps \"" + name
                        + "\" not found in namespace " + namespace);
                return DeploymentObservation.missing(namespace, name);
            }
            List<ReplicaSet> replicaSets = client.apps().replicaSets().inNamespace(namespace)
                    .withLabelSelector(deployment.getSpec().getSelector()).list().getItems();
            List<HasMetadata> judged = new ArrayList<>();
            judged.add(deployment);
            judged.addAll(replicaSets);
            Evidence.yaml("deployment " + namespace + "/" + name, yaml(new KubernetesListBuilder()
                    .withItems(judged).build()));
            LOG.info("kubernetes probe: {} read deployment {}/{} and {} ReplicaSets in {} ms", target, namespace,
                    name, replicaSets.size(), since(begin));
            return DeploymentObservation.found(KubernetesObservations.state(deployment, replicaSets));
        } catch (KubernetesClientException failed) {
            LOG.info("kubernetes probe: {} did not return deployment {}/{} after {} ms: {}", target, namespace,
                    name, since(begin), describe(failed));
            return DeploymentObservation.unreachable(namespace, name, describe(failed));
        }
    }

    /** The ValidatingWebhookConfigurations, through which the policy engines receive admission requests. */
    public WebhookConfigurations validatingWebhooks() {
        long begin = System.nanoTime();
        try {
            ValidatingWebhookConfigurationList list = client.admissionRegistration().v1()
                    .validatingWebhookConfigurations().list();
            Evidence.yaml("validating webhook configurations", yaml(new KubernetesListBuilder()
                    .withItems(new ArrayList<>(list.getItems())).build()));
            LOG.info("kubernetes probe: {} listed {} validating webhook configurations in {} ms", target,
                    list.getItems().size(), since(begin));
            return WebhookConfigurations.listed(list.getItems().stream().map(KubernetesObservations::webhooks)
                    .toList());
        } catch (KubernetesClientException failed) {
            LOG.info("kubernetes probe: {} did not list validating webhook configurations after {} ms: {}", target,
                    since(begin), describe(failed));
            return WebhookConfigurations.unreachable(describe(failed));
        }
    }

    /**
     * {@code kubectl exec -n NAMESPACE deploy/DEPLOYMENT -- COMMAND}: runs the command in one Ready pod of the
     * deployment (the first by name, found by the deployment's selector) and waits at most {@code timeout} for it
     * to exit. Opening the stream is bounded separately by the request timeout.
     */
    public ExecResult exec(String namespace, String deployment, Duration timeout, String... command) {
        long begin = System.nanoTime();
        List<String> argv = List.of(command);
        Optional<String> pod;
        try {
            pod = readyPod(namespace, deployment);
        } catch (KubernetesClientException failed) {
            return logged(ExecResult.notRun(namespace, deployment, null, argv, timeout,
                    "the API server did not list its pods: " + describe(failed)), begin);
        }
        if (pod.isEmpty()) {
            return logged(ExecResult.notRun(namespace, deployment, null, argv, timeout,
                    "deployment " + namespace + "/" + deployment + " is missing or has no Ready pod"), begin);
        }
        return logged(run(namespace, deployment, pod.get(), argv, timeout), begin);
    }

    private ExecResult run(String namespace, String deployment, String pod, List<String> argv, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).writingOutput(out)
                .writingError(err).exec(argv.toArray(String[]::new))) {
            Integer exit = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exit == null || exit < 0) {
                return ExecResult.notRun(namespace, deployment, pod, argv, timeout,
                        "the exec stream closed without an exit code");
            }
            return ExecResult.exited(namespace, deployment, pod, argv, exit, text(out), text(err), timeout);
        } catch (TimeoutException slow) {
            return ExecResult.timedOut(namespace, deployment, pod, argv, text(out), text(err), timeout);
        } catch (ExecutionException | KubernetesClientException failed) {
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            return ExecResult.notRun(namespace, deployment, pod, argv, timeout, "exec failed: " + cause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return ExecResult.notRun(namespace, deployment, pod, argv, timeout, "interrupted while waiting");
        }
    }

    /**
     * {@code kubectl port-forward}: forwards a loopback port to {@code port} of a Ready pod of the statefulset, the
     * way the runbook reaches TimescaleDB from a runner outside the cluster. Empty when no pod is Ready; the caller
     * closes the forward when the run ends.
     */
    public Optional<LocalPortForward> portForward(String namespace, String statefulSet, int port) {
        long begin = System.nanoTime();
        StatefulSet found = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
        if (found == null) {
            LOG.info("kubernetes probe: {} statefulset {}/{} not found, nothing to forward to", target, namespace,
                    statefulSet);
            return Optional.empty();
        }
        Optional<String> pod = client.pods().inNamespace(namespace).withLabelSelector(found.getSpec().getSelector())
                .list().getItems().stream().filter(KubernetesProbe::isReady).map(ready -> ready.getMetadata()
                        .getName()).min(Comparator.naturalOrder());
        Optional<LocalPortForward> forward = pod.map(name -> client.pods().inNamespace(namespace).withName(name)
                .portForward(port, InetAddress.getLoopbackAddress(), 0));
        LOG.info("kubernetes probe: {} port-forward to {}/{} port {}: {} ({} ms)", target, namespace,
                pod.orElse("statefulset " + statefulSet), port, forward.map(local -> "127.0.0.1:"
                        + local.getLocalPort()).orElse("no Ready pod"), since(begin));
        return forward;
    }

    private Optional<String> readyPod(String namespace, String deployment) {
        Deployment found = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (found == null) {
            return Optional.empty();
        }
        return client.pods().inNamespace(namespace).withLabelSelector(found.getSpec().getSelector()).list()
                .getItems().stream()
                .filter(KubernetesProbe::isReady)
                .map(pod -> pod.getMetadata().getName())
                .min(Comparator.naturalOrder());
    }

    private static boolean isReady(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private ExecResult logged(ExecResult result, long begin) {
        String outcome = result.timedOut() ? "did not exit within " + result.budget().toMillis() + " ms"
                : result.problem() != null ? "was not run: " + result.problem()
                : "exited " + result.exitCode();
        LOG.info("kubernetes probe: {} exec `{}` in {} {} ({} ms)", target, result.commandLine(), result.target(),
                outcome, since(begin));
        LOG.debug("kubernetes probe: exec stdout [{}] stderr [{}]", result.stdout(), result.stderr());
        Evidence.text("exec in " + result.target(), "kubectl exec -n " + result.namespace() + " "
                + (result.pod() != null ? result.pod() : "deploy/" + result.deployment()) + " -- "
                + result.commandLine() + "\n" + outcome + "\n--- stdout ---\n" + result.stdout()
                + "\n--- stderr ---\n" + result.stderr());
        return result;
    }

    private String yaml(Object object) {
        return client.getKubernetesSerialization().asYaml(object);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }

    /**
     * Never empty: an observation without an error counts as an answer, and the client throws some timeouts with
     * no message at all, which must still read as "no answer".
     */
    private static String describe(KubernetesClientException failed) {
        String message = failed.getMessage() == null ? "no answer (" + failed.getClass().getSimpleName() + ")"
                : failed.getMessage();
        if (failed.getCode() > 0) {
            message = "HTTP " + failed.getCode() + ": " + message;
        }
        Throwable cause = failed.getCause();
        if (cause == null) {
            return message;
        }
        return message + " (" + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                + ")";
    }

    private static long since(long begin) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    @Override
    public void close() {
        client.close();
    }
}
