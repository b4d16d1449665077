package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.PlatformRequest;
import io.aether.runbook.platform.ServiceDirectory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local platform's Kubernetes API: fabric8's mock API server in CRUD mode on 127.0.0.1, seeded with the Aether
 * namespaces, nodes, workloads and their pods, Argo CD Applications and admission webhooks, the drills applied.
 * Pod {@code exec} is answered for real: {@code nc -z HOST PORT} opens a TCP connection to the service directory's
 * address for HOST:PORT. Exposes its URL as {@code kubernetes.apiServer}.
 */
public final class KubernetesFake implements Fake {

    /** The Argo CD Application kind, so the CRUD store lists and serves it under argoproj.io/v1alpha1. */
    public static final CustomResourceDefinitionContext APPLICATION = new CustomResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
            .withName("applications.argoproj.io").withScope("Namespaced").withStatusSubresource(false).build();

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesFake.class);
    /**
     * The mock server logs every request at INFO through java.util.logging, straight to the console; held here so
     * the level set below is not lost to garbage collection. Requests are still visible at DEBUG in the probes.
     */
    private static final java.util.logging.Logger REQUEST_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());
    private static final AtomicInteger EXEC_THREADS = new AtomicInteger();

    private final KubernetesMockServer server;
    private final PodExecDispatcher dispatcher;
    private final ExecutorService exec;
    private final String url;

    private KubernetesFake(KubernetesMockServer server, PodExecDispatcher dispatcher, ExecutorService exec,
            String url) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.exec = exec;
        this.url = url;
    }

    public static KubernetesFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        long begin = System.nanoTime();
        REQUEST_LOG.setLevel(Level.WARNING);
        ExecutorService exec = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "kubernetes-fake-exec-" + EXEC_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(expectations);
        PodExecDispatcher dispatcher = new PodExecDispatcher(crud, new PodShell(services), exec);
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), expectations, dispatcher, false);
        server.expectCustomResource(APPLICATION);
        server.start(loopback(), 0);
        String url = "http://127.0.0.1:" + server.getPort();
        LOG.debug("kubernetes fake listening at {} after {} ms", url, millisSince(begin));
        KubernetesFake fake = new KubernetesFake(server, dispatcher, exec, url);
        try (KubernetesClient client = seedClient(url, env.timeouts())) {
            new ClusterSeed(client, env, drills, Instant.now()).plant();
        } catch (RuntimeException broken) {
            fake.close();
            throw new IllegalStateException("the local Kubernetes API at " + url + " could not be seeded", broken);
        }
        dispatcher.record();
        LOG.info("kubernetes fake up at {} in {} ms (drills: {})", url, millisSince(begin),
                drills.isEmpty() ? "none" : drills);
        return fake;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("kubernetes.apiServer", url);
    }

    /** Every API request since seeding ended: method and path with query, as the API server received them. */
    @Override
    public List<PlatformRequest> received() {
        return dispatcher.received();
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (RuntimeException alreadyStopped) {
            LOG.debug("kubernetes fake at {} was already stopped", url, alreadyStopped);
        }
        exec.shutdownNow();
    }

    private static KubernetesClient seedClient(String url, Environment.Timeouts timeouts) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
                .withConnectionTimeout((int) timeouts.connect().toMillis())
                .withRequestTimeout((int) timeouts.request().toMillis())
                .withRequestRetryBackoffLimit(0).withHttp2Disable(true).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static long millisSince(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin).toMillis();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("127.0.0.1 is not a valid address", impossible);
        }
    }

    @Override
    public OptionalLong requestCount() {
        return OptionalLong.of(server.getRequestCount());
    }
}
