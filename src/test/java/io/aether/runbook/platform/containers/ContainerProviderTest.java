package io.aether.runbook.platform.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.aether.runbook.platform.Drill;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The container provider's choices that hold without a Docker engine: images, drills, ports, the fail-fast. */
@DisplayName("Container provider")
class ContainerProviderTest {

    @Test
    @DisplayName("without a Docker engine the run stops with one message naming the fix and the embedded default")
    void failFastMessage() {
        assertThat(DockerEngine.missing(DockerEngine.DETECTION_BUDGET).getMessage()).isEqualTo(
                "-Dfakes=containers: no Docker engine was found by Testcontainers within 10s. Fix: start a Docker"
                        + " engine, or drop -Dfakes: the embedded default needs none");
        assertThat(DockerEngine.skipReason()).isEqualTo("no Docker engine was found by Testcontainers within 10s;"
                + " this self-test starts containers, and the embedded default needs none");
    }

    @Test
    @DisplayName("a detection that does not answer within its budget counts as no engine, within the budget")
    void detectionIsBounded() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();

        boolean found = DockerEngine.detect(() -> {
            try {
                never.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Duration.ofMillis(200));

        assertThat(found).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("a detection that answers, or throws, is taken at its word")
    void detectionAnswers() {
        assertThat(DockerEngine.detect(() -> true, Duration.ofSeconds(1))).isTrue();
        assertThat(DockerEngine.detect(() -> false, Duration.ofSeconds(1))).isFalse();
        assertThat(DockerEngine.detect(() -> {
            throw new IllegalStateException("no socket");
        }, Duration.ofSeconds(1))).isFalse();
    }

    @Test
    @DisplayName("every image is pinned to a tag")
    void imagesArePinned() {
        assertThat(ContainerImages.K3S.asCanonicalNameString()).isEqualTo("rancher/k3s:v1.31.4-k3s1");
        assertThat(ContainerImages.TIMESCALEDB.asCanonicalNameString())
                .isEqualTo("timescale/timescaledb:2.17.2-pg16");
        assertThat(ContainerImages.KAFKA.asCanonicalNameString()).isEqualTo("apache/kafka:4.1.1");
        assertThat(ContainerImages.NATS.asCanonicalNameString()).isEqualTo("nats:2.10.22");
        assertThat(ContainerImages.WORKLOAD).isEqualTo("busybox:1.36.1");
    }

    @Test
    @DisplayName("every drill of the catalogue is either expressed by the containers or refused with a reason")
    void everyDrillIsMapped() {
        assertThat(Arrays.stream(Drill.values()))
                .allSatisfy(drill -> assertThat(ContainerDrills.expression(drill).isPresent()
                        != ContainerDrills.refusal(drill).isPresent()).as("drill %s", drill).isTrue());
    }

    @Test
    @DisplayName("node-not-ready is refused on k3s, saying why; the data and HTTP drills are expressed")
    void drillMapping() {
        assertThat(ContainerDrills.refusal(Drill.NODE_NOT_READY)).contains("k3s runs one real node whose status"
                + " only its own kubelet posts, and stopping that kubelet stops the API server the checks read");
        assertThat(ContainerDrills.expression(Drill.KAFKA_DOWN)).contains("no Kafka container: the bootstrap is a"
                + " refused port and the kafka Service in k3s has no endpoints");
        assertThat(ContainerDrills.expression(Drill.KYVERNO_DOWN)).hasValueSatisfying(how ->
                assertThat(how).contains("exits 1"));
        assertThat(ContainerDrills.refusal(Drill.TICKS_EMPTY)).isEmpty();
        assertThat(ContainerDrills.refusal(Drill.ROLLOUT_STUCK)).isEmpty();
    }

    @Test
    @DisplayName("published ports are rebound to 127.0.0.1, keeping a fixed host port where one was asked for")
    void loopbackPorts() {
        HostConfig host = new HostConfig().withPortBindings(new Ports(ExposedPort.tcp(6443), Ports.Binding.empty()));
        host.getPortBindings().bind(ExposedPort.tcp(8001), Ports.Binding.bindPort(18001));

        LoopbackPorts.only().accept(command(host));

        assertThat(host.getPortBindings().getBindings().get(ExposedPort.tcp(6443)))
                .containsExactly(new Ports.Binding("127.0.0.1", null));
        assertThat(host.getPortBindings().getBindings().get(ExposedPort.tcp(8001)))
                .containsExactly(new Ports.Binding("127.0.0.1", "18001"));
    }

    private static CreateContainerCmd command(HostConfig host) {
        return (CreateContainerCmd) Proxy.newProxyInstance(CreateContainerCmd.class.getClassLoader(),
                new Class<?>[] {CreateContainerCmd.class},
                (proxy, method, args) -> "getHostConfig".equals(method.getName()) ? host : null);
    }
}
