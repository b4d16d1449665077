package io.aether.runbook.platform.data;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.containers.ContainerBoot;
import io.aether.runbook.platform.containers.ContainerImages;
import io.aether.runbook.platform.containers.LoopbackPorts;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The NATS server image for the container provider. Exposes {@code nats.url} on loopback; unlike the embedded
 * provider it needs no {@code nats-server} binary on the machine. The {@code nats-down} drill starts nothing.
 */
public final class NatsContainer implements Fake {

    static final int CLIENT_PORT = 4222;

    private static final Logger LOG = LoggerFactory.getLogger(NatsContainer.class);

    private final GenericContainer<?> container;
    private final String url;

    private NatsContainer(GenericContainer<?> container, String url) {
        this.container = container;
        this.url = url;
    }

    /** The container as configured before it starts: the client port only, no cluster or monitoring listeners. */
    static GenericContainer<?> configure() {
        return new GenericContainer<>(ContainerImages.NATS)
                .withCommand("--addr", "0.0.0.0", "--port", String.valueOf(CLIENT_PORT))
                .withExposedPorts(CLIENT_PORT)
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1))
                .withCreateContainerCmdModifier(LoopbackPorts.only())
                .withReuse(true);
    }

    public static NatsContainer start(Environment env, Set<Drill> drills) {
        if (drills.contains(Drill.NATS_DOWN)) {
            InetSocketAddress refused = RefusedPort.reserve();
            LOG.info("nats: drill {} - no container, refused port {}", Drill.NATS_DOWN, refused.getPort());
            return new NatsContainer(null, urlOf(refused.getPort()));
        }
        GenericContainer<?> container = configure();
        ContainerBoot.start("nats", container);
        return new NatsContainer(container, urlOf(container.getMappedPort(CLIENT_PORT)));
    }

    private static String urlOf(int port) {
        return "nats://" + LoopbackPorts.LOOPBACK + ":" + port;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("nats.url", url);
    }

    @Override
    public void close() {
        ContainerBoot.release("nats", container);
    }
}
