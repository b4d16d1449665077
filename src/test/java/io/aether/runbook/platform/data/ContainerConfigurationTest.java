package io.aether.runbook.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.aether.runbook.probe.data.TickTable;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The data systems' containers as configured before they start: built and inspected without a Docker engine. */
@DisplayName("Container provider: data systems' configuration")
class ContainerConfigurationTest {

    @Test
    @DisplayName("TimescaleDB runs the pinned image with trust auth, telemetry off, on 5432, reusable")
    void timescaleDbContainer() {
        PostgreSQLContainer container = TimescaleDbContainer.configure(LocalDataEnvironment.unbooted().timescale());

        assertThat(imageOf(container)).isEqualTo("timescale/timescaledb:2.17.2-pg16");
        assertThat(container.getExposedPorts()).containsExactly(5432);
        assertThat(container.getEnvMap()).containsEntry("POSTGRES_HOST_AUTH_METHOD", "trust");
        assertThat(container.getDatabaseName()).isEqualTo("marketdata");
        assertThat(container.getUsername()).isEqualTo("postgres");
        assertThat(container.getCommandParts()).containsExactly("postgres", "-c", "fsync=off", "-c", "timezone=UTC",
                "-c", "timescaledb.telemetry_level=off");
        assertThat(container.isShouldBeReused()).isTrue();
    }

    @Test
    @DisplayName("Kafka runs the pinned apache/kafka image in KRaft mode on 9092, without auto-created topics")
    void kafkaContainer() {
        KafkaContainer container = KafkaBrokerContainer.configure();

        assertThat(imageOf(container)).isEqualTo("apache/kafka:4.1.1");
        assertThat(container.getExposedPorts()).containsExactly(9092);
        assertThat(container.getEnvMap()).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_NUM_PARTITIONS", "1");
        assertThat(container.isShouldBeReused()).isTrue();
    }

    @Test
    @DisplayName("NATS runs the pinned image with only its client port, 4222")
    void natsContainer() {
        GenericContainer<?> container = NatsContainer.configure();

        assertThat(imageOf(container)).isEqualTo("nats:2.10.22");
        assertThat(container.getExposedPorts()).containsExactly(4222);
        assertThat(container.getCommandParts()).containsExactly("--addr", "0.0.0.0", "--port", "4222");
        assertThat(container.isShouldBeReused()).isTrue();
    }

    @Test
    @DisplayName("every data container publishes its ports on 127.0.0.1 only")
    void portsOnLoopback() {
        for (GenericContainer<?> container : List.of(NatsContainer.configure(), KafkaBrokerContainer.configure(),
                TimescaleDbContainer.configure(LocalDataEnvironment.unbooted().timescale()))) {
            CreateContainerCmd command = createCommand(new HostConfig().withPortBindings(new Ports(
                    ExposedPort.tcp(container.getExposedPorts().get(0)), Ports.Binding.empty())));

            container.getCreateContainerCmdModifiers().forEach(modifier -> modifier.modify(command));

            assertThat(command.getHostConfig().getPortBindings().getBindings().values())
                    .as("bindings of %s", imageOf(container))
                    .allSatisfy(bindings -> assertThat(bindings).extracting("hostIp").containsOnly("127.0.0.1"));
        }
    }

    @Test
    @DisplayName("the tick table becomes a hypertable on its time column, from an empty table on every boot")
    void hypertableStatements() {
        assertThat(TickHypertable.statements(new TickTable("market_ticks", "event_time"))).containsExactly(
                "create extension if not exists timescaledb",
                "drop table if exists \"market_ticks\"",
                "create table \"market_ticks\" (\"event_time\" timestamptz not null, symbol text not null,"
                        + " price numeric not null, size int)",
                "select create_hypertable('\"market_ticks\"'::regclass, 'event_time'::name)");
    }

    @Test
    @DisplayName("a schema-qualified tick table gets its schema, and quotes in names stay inside literals")
    void qualifiedHypertableStatements() {
        assertThat(TickHypertable.statements(new TickTable("md.o'ticks", "event_time"))).containsExactly(
                "create extension if not exists timescaledb",
                "create schema if not exists \"md\"",
                "drop table if exists \"md\".\"o'ticks\"",
                "create table \"md\".\"o'ticks\" (\"event_time\" timestamptz not null, symbol text not null,"
                        + " price numeric not null, size int)",
                "select create_hypertable('\"md\".\"o''ticks\"'::regclass, 'event_time'::name)");
    }

    /**
     * The image a container was configured with. {@code getDockerImageName()} would resolve it through the Docker
     * engine, which these tests must not need; the unresolved image describes itself by name.
     */
    static String imageOf(GenericContainer<?> container) {
        return container.getImage().toString().replaceAll(".*imageName=([^,)]*).*", "$1");
    }

    /** A create command holding only {@code host}, as Testcontainers hands it to the modifiers. */
    static CreateContainerCmd createCommand(HostConfig host) {
        return (CreateContainerCmd) Proxy.newProxyInstance(CreateContainerCmd.class.getClassLoader(),
                new Class<?>[] {CreateContainerCmd.class},
                (proxy, method, args) -> "getHostConfig".equals(method.getName()) ? host : null);
    }
}
