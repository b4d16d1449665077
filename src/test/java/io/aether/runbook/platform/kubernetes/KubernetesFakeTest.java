package io.aether.runbook.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.probe.kubernetes.ExecResult;
import io.aether.runbook.probe.kubernetes.KubernetesProbe;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.kubernetes.NodeJudge;
import io.aether.runbook.verdict.kubernetes.PodConnectivityJudge;
import io.aether.runbook.verdict.kubernetes.PolicyEngineJudge;
import io.aether.runbook.verdict.kubernetes.RolloutJudge;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("KubernetesFake: the local Kubernetes API")
class KubernetesFakeTest {

    private static final String NS = "aether-prod";
    private static final String INGESTOR = "marketdata-ingestor-prod";
    private static final Duration EXEC_BUDGET = Duration.ofSeconds(5);

    private static Environment environment(Map<String, String> overrides) {
        return new EnvironmentLoader(Path.of("environments"), variable -> null).load("local", overrides)
                .environment();
    }

    /** A probe connected the way a check connects: through the environment key the fake fills in. */
    private static KubernetesProbe probeOf(KubernetesFake running) {
        Environment connected = environment(running.endpoints());
        return KubernetesProbe.connect(connected, Secrets.none());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("healthy seed")
    class HealthySeed {

        private final ServiceDirectory services = new ServiceDirectory();
        private final Environment env = environment(Map.of());
        private KubernetesFake fake;
        private KubernetesProbe probe;

        @BeforeAll
        void boot() {
            fake = KubernetesFake.start(env, Set.of(), services);
            probe = probeOf(fake);
        }

        @AfterAll
        void stop() {
            probe.close();
            fake.close();
        }

        @Test
        @DisplayName("names itself and exposes its URL as kubernetes.apiServer on 127.0.0.1")
        void endpoint() {
            assertThat(fake.name()).isEqualTo("kubernetes");
            assertThat(fake.endpoints()).containsOnlyKeys("kubernetes.apiServer");
            assertThat(fake.endpoints().get("kubernetes.apiServer")).matches("http://127\\.0\\.0\\.1:\\d+");
        }

        @Test
        @DisplayName("nc -z through exec reaches a server registered after boot, and exits 1 once it is closed")
        void netcatFollowsTheServer() throws IOException {
            ExecResult open;
            ExecResult closed;
            try (ServerSocket kafka = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                services.register("kafka-prod", 9092, (InetSocketAddress) kafka.getLocalSocketAddress());

                open = probe.exec(NS, INGESTOR, EXEC_BUDGET, "nc", "-z", "kafka-prod", "9092");
            }

            closed = probe.exec(NS, INGESTOR, EXEC_BUDGET, "nc", "-z", "kafka-prod", "9092");

            assertThat(open.exitCode()).as("exit code while listening").isEqualTo(0);
            assertThat(open.pod()).startsWith(INGESTOR + "-");
            assertThat(PodConnectivityJudge.netcat(open, "kafka-prod", 9092).passed()).isTrue();
            assertThat(closed.exitCode()).as("exit code once closed").isEqualTo(1);
            assertThat(closed.stderr()).isEqualTo(
                    "nc: connect to kafka-prod port 9092 (tcp) failed: Connection refused\n");
            assertThat(PodConnectivityJudge.netcat(closed, "kafka-prod", 9092)).isEqualTo(Verdict.fail(
                    "Pod " + NS + "/" + open.pod() + " cannot reach kafka-prod:9092: `nc -z kafka-prod 9092`"
                            + " exited 1 with stderr \"nc: connect to kafka-prod port 9092 (tcp) failed: Connection"
                            + " refused\"; expected exit 0; open runbook 2.3 Validate Kafka/NATS connectivity from"
                            + " the ingestor pod"));
        }

        @Test
        @DisplayName("nc to a host the cluster cannot resolve fails as nc does")
        void unknownHost() {
            ExecResult result = probe.exec(NS, INGESTOR, EXEC_BUDGET, "nc", "-z", "nats-prod", "4222");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).isEqualTo(
                    "nc: getaddrinfo for host \"nats-prod\" port 4222: Name or service not known\n");
        }

        @Test
        @DisplayName("a program the image does not have exits 127")
        void unknownCommand() {
            ExecResult result = probe.exec(NS, INGESTOR, EXEC_BUDGET, "nats-server", "--help");

            assertThat(result.exitCode()).isEqualTo(127);
            assertThat(result.stderr()).isEqualTo("sh: nats-server: command not found\n");
        }

        @Test
        @DisplayName("a connection that hangs makes nc time out in 2 s, and an exec budget below that inconclusive")
        void hangingConnection() throws IOException {
            List<Socket> backlog = new ArrayList<>();
            try (ServerSocket saturated = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                InetSocketAddress address = (InetSocketAddress) saturated.getLocalSocketAddress();
                fill(saturated, backlog);
                services.register("slow-prod", 9092, address);

                ExecResult waited = probe.exec(NS, INGESTOR, EXEC_BUDGET, "nc", "-z", "slow-prod", "9092");
                ExecResult impatient = probe.exec(NS, INGESTOR, Duration.ofMillis(500), "nc", "-z", "slow-prod",
                        "9092");

                assertThat(waited.exitCode()).isEqualTo(1);
                assertThat(waited.stderr()).isEqualTo(
                        "nc: connect to slow-prod port 9092 (tcp) timed out: Operation now in progress\n");
                assertThat(impatient.timedOut()).isTrue();
                assertThat(PodConnectivityJudge.netcat(impatient, "slow-prod", 9092)).isEqualTo(
                        Verdict.inconclusive("`nc -z slow-prod 9092` in pod " + NS + "/" + impatient.pod()
                                + " did not exit within 500ms; no evidence either way about slow-prod:9092; open"
                                + " runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod"));
            } finally {
                for (Socket socket : backlog) {
                    socket.close();
                }
            }
        }

        @Test
        @DisplayName("the judges pass on the seeded nodes, risk API rollout and policy engines")
        void judgesPass() {
            Environment.Workload kyverno = env.policyEngines().kyverno();
            Environment.Workload gatekeeper = env.policyEngines().gatekeeper();

            Verdict nodes = NodeJudge.judge(probe.nodes(), env.kubernetes().minReadyNodes(), Instant.now());
            Verdict rollout = RolloutJudge.judge(probe.deployment("risk-api-prod"));
            Verdict kyvernoUp = PolicyEngineJudge.available("Kyverno",
                    probe.deployment(kyverno.namespace(), kyverno.deployment()));
            Verdict gatekeeperUp = PolicyEngineJudge.available("Gatekeeper",
                    probe.deployment(gatekeeper.namespace(), gatekeeper.deployment()));
            Verdict webhooks = PolicyEngineJudge.webhooks("Kyverno", kyverno.namespace(),
                    probe.validatingWebhooks(), probe.deployment(kyverno.namespace(), kyverno.deployment()));

            assertThat(nodes).isEqualTo(Verdict.pass("3 of 3 nodes Ready (at least 3 expected):"
                    + " aether-prod-worker-1, aether-prod-worker-2, aether-prod-worker-3"));
            assertThat(rollout).isEqualTo(Verdict.pass("Deployment aether-prod/risk-api-prod rollout is complete:"
                    + " generation 1 observed, 3 of 3 replicas updated, ready and available"));
            assertThat(kyvernoUp).isEqualTo(Verdict.pass("Kyverno is available: deployment kyverno/kyverno"
                    + " Available=True, 1 of 1 replicas available"));
            assertThat(gatekeeperUp).isEqualTo(Verdict.pass("Gatekeeper is available: deployment"
                    + " gatekeeper-system/gatekeeper-controller-manager Available=True, 3 of 3 replicas available"));
            assertThat(webhooks).isEqualTo(Verdict.pass("Kyverno admission webhooks registered:"
                    + " kyverno-policy-validating-webhook-cfg [validate-policy.kyverno.svc: Fail],"
                    + " kyverno-resource-validating-webhook-cfg [validate.kyverno.svc-fail: Fail,"
                    + " validate.kyverno.svc-ignore: Ignore]"));
        }

        @Test
        @DisplayName("the seeded deployments, statefulset and Argo CD Applications are there")
        void seededObjects() {
            try (KubernetesClient client = client(fake)) {
                assertThat(client.apps().deployments().inNamespace(NS).list().getItems())
                        .extracting(d -> d.getMetadata().getName())
                        .containsExactlyInAnyOrder("risk-api-prod", INGESTOR, "feast-online-prod");
                assertThat(client.pods().inNamespace(NS).withName("timescaledb-prod-0").get().getStatus()
                        .getPhase()).isEqualTo("Running");
                GenericKubernetesResource app = application(client, "aether-risk-prod");
                assertThat(app.get("spec", "project").toString()).isEqualTo("aether-risk");
                assertThat(app.get("status", "sync", "status").toString()).isEqualTo("Synced");
                assertThat(app.get("status", "health", "status").toString()).isEqualTo("Healthy");
                assertThat(application(client, "aether-risk-marketdata-prod")).isNotNull();
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("drills node-not-ready, kyverno-down, rollout-stuck and argocd-degraded")
    class Drilled {

        private final Environment env = environment(Map.of());
        private KubernetesFake fake;
        private KubernetesProbe probe;

        @BeforeAll
        void boot() {
            fake = KubernetesFake.start(env, EnumSet.of(Drill.NODE_NOT_READY, Drill.KYVERNO_DOWN,
                    Drill.ROLLOUT_STUCK, Drill.ARGOCD_DEGRADED), new ServiceDirectory());
            probe = probeOf(fake);
        }

        @AfterAll
        void stop() {
            probe.close();
            fake.close();
        }

        @Test
        @DisplayName("node-not-ready: the node judge names the node, NodeStatusUnknown and the heartbeat age")
        void nodeNotReady() {
            Verdict verdict = NodeJudge.judge(probe.nodes(), env.kubernetes().minReadyNodes(), Instant.now());

            assertThat(verdict).isEqualTo(Verdict.fail("Node aether-prod-worker-3 is not Ready: Ready=Unknown"
                    + " (NodeStatusUnknown), last heartbeat 5m ago; expected every node Ready=True and at least 3"
                    + " Ready, observed 2 of 3 Ready; open runbook 1.1 Confirm cluster access"));
        }

        @Test
        @DisplayName("kyverno-down: Kyverno is unavailable and its fail-open webhook enforces nothing")
        void kyvernoDown() {
            Environment.Workload kyverno = env.policyEngines().kyverno();

            Verdict available = PolicyEngineJudge.available("Kyverno",
                    probe.deployment(kyverno.namespace(), kyverno.deployment()));
            Verdict webhooks = PolicyEngineJudge.webhooks("Kyverno", kyverno.namespace(),
                    probe.validatingWebhooks(), probe.deployment(kyverno.namespace(), kyverno.deployment()));

            assertThat(available).isEqualTo(Verdict.fail("Kyverno is not available: deployment kyverno/kyverno"
                    + " Available=False (MinimumReplicasUnavailable), 0 of 1 replicas available; expected"
                    + " Available=True with at least one available replica; open runbook 1.3 Ensure policy engines"
                    + " are running"));
            assertThat(webhooks).isEqualTo(Verdict.fail("Kyverno is down and webhook validate.kyverno.svc-ignore"
                    + " (kyverno-resource-validating-webhook-cfg) fail open (failurePolicy Ignore): policies are"
                    + " not enforced, matching requests are admitted unchecked; expected Kyverno available behind"
                    + " its webhooks (deployment kyverno/kyverno); open runbook 1.3 Ensure policy engines are"
                    + " running"));
        }

        @Test
        @DisplayName("rollout-stuck: the rollout judge reports the deadline, the counts and the old ReplicaSet")
        void rolloutStuck() {
            String revisionOne = "risk-api-prod-" + WorkloadController.hash("risk-api-prod/1", 10);
            String revisionTwo = "risk-api-prod-" + WorkloadController.hash("risk-api-prod/2", 10);

            Verdict verdict = RolloutJudge.judge(probe.deployment("risk-api-prod"));

            assertThat(verdict).isEqualTo(Verdict.fail("Deployment aether-prod/risk-api-prod rollout is not"
                    + " complete: progress deadline exceeded (ReplicaSet \"" + revisionTwo + "\" has timed out"
                    + " progressing.), 1 of 3 replicas updated, 2 of 3 ready, 2 of 3 available, 2 replicas still on"
                    + " older ReplicaSet " + revisionOne + "; expected generation 2 with 3 replicas updated, ready"
                    + " and available and none on an older ReplicaSet; open runbook 2.1 Check FastAPI services"));
        }

        @Test
        @DisplayName("the policy engine that is not drilled still passes")
        void gatekeeperUnaffected() {
            Environment.Workload gatekeeper = env.policyEngines().gatekeeper();

            Verdict verdict = PolicyEngineJudge.available("Gatekeeper",
                    probe.deployment(gatekeeper.namespace(), gatekeeper.deployment()));

            assertThat(verdict.passed()).as(verdict.message()).isTrue();
        }

        @Test
        @DisplayName("argocd-degraded: the parent Application CR is OutOfSync and Degraded, its child untouched")
        void argoCdDegraded() {
            try (KubernetesClient client = client(fake)) {
                GenericKubernetesResource parent = application(client, "aether-risk-prod");
                GenericKubernetesResource child = application(client, "aether-risk-marketdata-prod");

                assertThat(parent.get("status", "sync", "status").toString()).isEqualTo("OutOfSync");
                assertThat(parent.get("status", "health", "status").toString()).isEqualTo("Degraded");
                assertThat(child.get("status", "health", "status").toString()).isEqualTo("Healthy");
            }
        }
    }

    private static KubernetesClient client(KubernetesFake running) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(running.endpoints()
                .get("kubernetes.apiServer")).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static GenericKubernetesResource application(KubernetesClient client, String name) {
        return client.genericKubernetesResources("argoproj.io/v1alpha1", "Application").inNamespace("argocd")
                .withName(name).get();
    }

    /** Opens connections nobody accepts until the listen queue is full, so the next SYN goes unanswered. */
    private static void fill(ServerSocket saturated, List<Socket> backlog) throws IOException {
        for (int i = 0; i < 8; i++) {
            Socket socket = new Socket();
            backlog.add(socket);
            try {
                socket.connect(saturated.getLocalSocketAddress(), 200);
            } catch (IOException queueFull) {
                return;
            }
        }
    }
}
