package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.platform.PlatformRequest;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes the local API server's requests: the {@code exec} subresource of a pod is answered by {@link PodShell}
 * over a WebSocket; everything else goes to the mock server's CRUD store (and its few fixed expectations). Once
 * {@link #record() recording}, every request's method and path is kept, so self-tests can prove what clients sent.
 */
final class PodExecDispatcher extends Dispatcher implements CustomResourceAware, Resetable {

    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/exec\\?(.*)");
    private static final int NOT_FOUND = 404;

    private final KubernetesMixedDispatcher cluster;
    private final PodShell shell;
    private final Executor executor;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Queue<PlatformRequest> received = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    PodExecDispatcher(KubernetesMixedDispatcher cluster, PodShell shell, Executor executor) {
        this.cluster = cluster;
        this.shell = shell;
        this.executor = executor;
    }

    /** Starts keeping requests: called once the cluster is seeded, so the seed's own writes are not counted. */
    void record() {
        recording = true;
    }

    List<PlatformRequest> received() {
        return List.copyOf(received);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (recording) {
            received.add(new PlatformRequest("kubernetes", request.getMethod(), request.getPath()));
        }
        Matcher exec = EXEC.matcher(request.getPath());
        if (!exec.matches()) {
            return cluster.dispatch(request);
        }
        String namespace = exec.group(1);
        String pod = exec.group(2);
        if (!podExists(namespace, pod)) {
            return notFound(pod);
        }
        List<String> argv = new ArrayList<>();
        boolean stdout = false;
        boolean stderr = false;
        for (String parameter : exec.group(3).split("&")) {
            String[] pair = parameter.split("=", 2);
            String value = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "";
            switch (pair[0]) {
                case "command" -> argv.add(value);
                case "stdout" -> stdout = Boolean.parseBoolean(value);
                case "stderr" -> stderr = Boolean.parseBoolean(value);
                default -> {
                    // stdin and tty are accepted and ignored: the runbook's commands read no input.
                }
            }
        }
        return new MockResponse().withWebSocketUpgrade(
                new PodExecSession(namespace + "/" + pod, argv, stdout, stderr, shell, executor));
    }

    private boolean podExists(String namespace, String pod) {
        RecordedRequest get = new RecordedRequest("HTTP/1.1", HttpMethod.GET,
                "/api/v1/namespaces/" + namespace + "/pods/" + pod, Headers.builder().build(), new Buffer());
        return cluster.dispatch(get).code() != NOT_FOUND;
    }

    private MockResponse notFound(String pod) {
        String body = serialization.asJson(new StatusBuilder().withStatus("Failure").withReason("NotFound")
                .withMessage("pods \"" + pod + "\" not found").withCode(NOT_FOUND)
                .withNewDetails().withName(pod).withKind("pods").endDetails().build());
        return new MockResponse().setResponseCode(NOT_FOUND).setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
        cluster.expectCustomResource(context);
    }

    @Override
    public void reset() {
        cluster.reset();
    }

    @Override
    public void shutdown() {
        cluster.shutdown();
    }
}
