package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.containers.ContainerBoot;
import io.aether.runbook.platform.containers.ContainerImages;
import io.aether.runbook.platform.containers.LoopbackPorts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;

/**
 * The Kubernetes API of the container provider: k3s, one real node, seeded through a client on its kubeconfig with
 * the objects the embedded fake holds. The checks reach it the way they reach the embedded fake, over plain HTTP
 * on loopback without a token: {@code kubectl proxy} runs inside the container and is published on 127.0.0.1 only.
 * Exposes {@code kubernetes.apiServer}, and {@code kubernetes.minReadyNodes} of 1, the node count k3s has.
 */
public final class K3sCluster implements Fake {

    /** Where {@code kubectl proxy} listens inside the container. */
    static final int PROXY_PORT = 8001;
    static final int NODES = 1;

    private static final Logger LOG = LoggerFactory.getLogger(K3sCluster.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROXY_BUDGET = Duration.ofSeconds(30);

    private final K3sContainer container;
    private final String url;

    private K3sCluster(K3sContainer container, String url) {
        this.container = container;
        this.url = url;
    }

    /**
     * {@code kubectl proxy} with its request filter off, because the runbook's {@code nc -z} is a pod exec, which
     * the filter refuses. Whoever reaches the port holds the cluster's admin rights: it is published on loopback
     * only, and the cluster is this run's own.
     */
    static List<String> proxyCommand() {
        return List.of("sh", "-c", "k3s kubectl proxy --address=0.0.0.0 --port=" + PROXY_PORT
                + " --accept-hosts='.*' --disable-filter=true > /var/log/kubectl-proxy.log 2>&1 &");
    }

    public static K3sCluster start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        K3sContainer container = new K3sContainer(ContainerImages.K3S)
                .withCreateContainerCmdModifier(LoopbackPorts.only())
                .withReuse(true);
        container.addExposedPort(PROXY_PORT);
        ContainerBoot.start("kubernetes", container);
        try {
            long started = System.nanoTime();
            Optional<InetSocketAddress> kafka = drills.contains(Drill.KAFKA_DOWN) ? Optional.empty()
                    : Optional.of(awaitKafka(env, services));
            try (KubernetesClient client = adminClient(container.getKubeConfigYaml(), env.timeouts())) {
                new K3sSeed(client, env, drills, kafka, Instant.now()).plant();
            }
            String url = "http://" + LoopbackPorts.LOOPBACK + ":" + container.getMappedPort(PROXY_PORT);
            startProxy(container, url);
            LOG.info("kubernetes: k3s seeded and proxied at {} in {} ms (drills: {})", url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), drills.isEmpty() ? "none" : drills);
            return new K3sCluster(container, url);
        } catch (RuntimeException | IOException failed) {
            ContainerBoot.release("kubernetes", container);
            throw new IllegalStateException("kubernetes: k3s could not be seeded: " + failed.getMessage(), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            ContainerBoot.release("kubernetes", container);
            throw new IllegalStateException("kubernetes: interrupted while seeding k3s", interrupted);
        }
    }

    /** The Kafka container registers its address once started; the two boot in parallel. */
    private static InetSocketAddress awaitKafka(Environment env, ServiceDirectory services) {
        String host = env.kafka().serviceHost();
        int port = env.kafka().servicePort();
        InetSocketAddress[] address = new InetSocketAddress[1];
        Awaitility.await("the Kafka container registers " + host + ":" + port)
                .atMost(K3sSeed.SETTLE_BUDGET).pollInterval(POLL).pollInSameThread()
                .until(() -> {
                    address[0] = services.resolve(host, port).orElse(null);
                    return address[0] != null;
                });
        return address[0];
    }

    private static KubernetesClient adminClient(String kubeconfig, Environment.Timeouts timeouts) {
        Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
                .withConnectionTimeout((int) timeouts.connect().toMillis())
                .withRequestTimeout((int) timeouts.request().toMillis())
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static void startProxy(K3sContainer container, String url) throws IOException, InterruptedException {
        Container.ExecResult launched = container.execInContainer(proxyCommand().toArray(String[]::new));
        if (launched.getExitCode() != 0) {
            throw new IllegalStateException("kubectl proxy did not launch (exit " + launched.getExitCode() + "): "
                    + launched.getStderr());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(POLL).build();
        HttpRequest version = HttpRequest.newBuilder(URI.create(url + "/version")).timeout(POLL.multipliedBy(4))
                .build();
        Awaitility.await("kubectl proxy answers at " + url).atMost(PROXY_BUDGET).pollInterval(POLL)
                .pollInSameThread().ignoreExceptions()
                .until(() -> http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("kubernetes.apiServer", url, "kubernetes.minReadyNodes", String.valueOf(NODES));
    }

    @Override
    public void close() {
        ContainerBoot.release("kubernetes", container);
    }
}
