package io.aether.runbook.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code exec} stream of the local API server, spoken in the Kubernetes channel protocol (v4): each binary
 * frame starts with its channel, 1 for stdout, 2 for stderr, 3 for the final Status carrying the exit code.
 * The command runs off the server's event loop, since a connection attempt may take seconds.
 */
final class PodExecSession extends WebSocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(PodExecSession.class);
    private static final byte STDOUT = 1;
    private static final byte STDERR = 2;
    private static final byte STATUS = 3;
    private static final int NORMAL_CLOSURE = 1000;

    private final String pod;
    private final List<String> argv;
    private final boolean stdout;
    private final boolean stderr;
    private final PodShell shell;
    private final Executor executor;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    PodExecSession(String pod, List<String> argv, boolean stdout, boolean stderr, PodShell shell,
            Executor executor) {
        this.pod = pod;
        this.argv = argv;
        this.stdout = stdout;
        this.stderr = stderr;
        this.shell = shell;
        this.executor = executor;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        executor.execute(() -> answer(webSocket));
    }

    private void answer(WebSocket webSocket) {
        CommandOutcome outcome = shell.run(argv);
        LOG.debug("exec in pod {}: {} exited {}", pod, argv, outcome.exitCode());
        try {
            if (stdout && !outcome.stdout().isEmpty()) {
                webSocket.send(frame(STDOUT, outcome.stdout()));
            }
            if (stderr && !outcome.stderr().isEmpty()) {
                webSocket.send(frame(STDERR, outcome.stderr()));
            }
            webSocket.send(frame(STATUS, serialization.asJson(status(outcome.exitCode()))));
            webSocket.close(NORMAL_CLOSURE, "");
        } catch (RuntimeException streamGone) {
            // The client gave up waiting (its exec budget ran out) or the fake was stopped meanwhile.
            LOG.debug("exec in pod {}: {} finished after its stream was gone", pod, argv, streamGone);
        }
    }

    /** The Status the kubelet reports on the error channel: Success, or NonZeroExitCode with the code as cause. */
    private Status status(int exitCode) {
        if (exitCode == 0) {
            return new StatusBuilder().withStatus("Success").withNewMetadata().endMetadata().build();
        }
        return new StatusBuilder().withStatus("Failure").withReason("NonZeroExitCode")
                .withMessage("command terminated with non-zero exit code: error executing command "
                        + argv + ", exit code " + exitCode)
                .withNewMetadata().endMetadata()
                .withNewDetails().addNewCause().withReason("ExitCode").withMessage(String.valueOf(exitCode))
                .endCause().endDetails()
                .build();
    }

    private static byte[] frame(byte channel, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }
}
