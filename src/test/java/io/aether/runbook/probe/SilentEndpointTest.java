package io.aether.runbook.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.escalation.Delivery;
import io.aether.runbook.escalation.DeliveryClient;
import io.aether.runbook.platform.SilentPort;
import io.aether.runbook.platform.http.LocalHttpEnvironment;
import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.probe.data.KafkaProbe;
import io.aether.runbook.probe.data.NatsProbe;
import io.aether.runbook.probe.data.NatsRoundTrip;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TimescaleProbe;
import io.aether.runbook.probe.http.ArgoCdProbe;
import io.aether.runbook.probe.http.FeastProbe;
import io.aether.runbook.probe.http.IngressProbe;
import io.aether.runbook.probe.kubernetes.ClusterNodes;
import io.aether.runbook.probe.kubernetes.ExecResult;
import io.aether.runbook.probe.kubernetes.KubernetesProbe;
import io.aether.runbook.probe.prometheus.LatencySample;
import io.aether.runbook.probe.prometheus.PrometheusProbe;
import io.aether.runbook.probe.prometheus.RiskApiLatencyProbe;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every probe, aimed at a loopback port that accepts connections and never answers, gives up within the
 * environment's timeouts (here connect 1s, request 1s) plus {@link #MARGIN}, and reports the endpoint as
 * unreachable instead of hanging: the claim that every network call is bounded, checked call by call.
 */
@DisplayName("Probes against an endpoint that never answers")
class SilentEndpointTest {

    /** A bound on the timeout, generous for a loaded machine; not a speed target. */
    private static final Duration MARGIN = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static SilentPort silent;
    private static Environment environment;

    @BeforeAll
    static void openSilentPort() {
        silent = SilentPort.open("probe self-test");
        String http = "http://127.0.0.1:" + silent.port();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("timeouts.connect", "1s");
        overrides.put("timeouts.request", "1s");
        overrides.put("argocd.server", http);
        overrides.put("riskApi.healthUrl", http + "/api/healthz");
        overrides.put("feast.url", http);
        overrides.put("prometheus.url", http);
        overrides.put("latencyProbe.url", http + "/api/healthz");
        overrides.put("latencyProbe.requests", "2");
        overrides.put("latencyProbe.ratePerSecond", "2");
        overrides.put("kafka.bootstrap", "127.0.0.1:" + silent.port());
        overrides.put("nats.url", "nats://127.0.0.1:" + silent.port());
        overrides.put("timescale.jdbcUrl", "jdbc:postgresql://127.0.0.1:" + silent.port() + "/marketdata");
        environment = LocalHttpEnvironment.load(overrides, Map.of()).environment();
    }

    @AfterAll
    static void close() {
        silent.close();
    }

    @Test
    void kubernetesListsAndExecsGiveUp() {
        KubernetesProbe kubernetes = KubernetesProbe.forApiServer("http://127.0.0.1:" + silent.port(),
                Optional.empty(), "aether-prod", environment.timeouts());

        ClusterNodes nodes = bounded(TIMEOUT, kubernetes::nodes);
        ExecResult exec = bounded(TIMEOUT, () -> kubernetes.exec("aether-prod", "marketdata-ingestor-prod",
                TIMEOUT, "nc", "-z", "kafka-prod", "9092"));

        assertThat(nodes.reachable()).isFalse();
        assertThat(nodes.error()).isNotBlank();
        assertThat(exec.problem()).startsWith("the API server did not list its pods:");
        kubernetes.close();
    }

    @Test
    void httpProbesGiveUp() {
        assertThat(bounded(TIMEOUT, () -> new ArgoCdProbe(environment, Secrets.none()).listApplications())
                .exchange().unreachableReason())
                .isEqualTo("no answer within the request timeout; connect timeout 1s, request timeout 1s");
        assertThat(bounded(TIMEOUT, () -> new IngressProbe(environment, Secrets.none()).check()).exchange()
                .reachable()).isFalse();
        assertThat(bounded(TIMEOUT, () -> new FeastProbe(environment, Secrets.none()).readOnlineFeatures())
                .exchange().reachable()).isFalse();
        assertThat(bounded(TIMEOUT, () -> new PrometheusProbe(environment, Secrets.none()).alertingRules())
                .exchange().reachable()).isFalse();
    }

    @Test
    void theLatencySampleGivesUpWithinItsBudget() {
        RiskApiLatencyProbe latency = new RiskApiLatencyProbe(environment, Secrets.none());

        LatencySample sample = bounded(latency.budget(), latency::measure);

        assertThat(sample.failures()).containsExactly("no answer within the 1000 ms request timeout",
                "no answer within the 1000 ms request timeout");
    }

    @Test
    void kafkaGivesUp() {
        KafkaCluster cluster = bounded(TIMEOUT.plus(TIMEOUT), () -> new KafkaProbe(environment).describe());

        assertThat(cluster.reachable()).isFalse();
    }

    @Test
    void natsGivesUp() {
        NatsRoundTrip trip = bounded(TIMEOUT, () -> new NatsProbe(environment).roundTrip());

        assertThat(trip.result()).isEqualTo(NatsRoundTrip.Result.NO_INFO);
    }

    @Test
    void timescaleGivesUp() {
        TickReading reading = bounded(TIMEOUT, () -> new TimescaleProbe(environment, Secrets.none()).latestTick());

        assertThat(reading.succeeded()).isFalse();
        assertThat(reading.timeout()).isEqualTo(TIMEOUT);
    }

    @Test
    void anEscalationDeliveryGivesUpWithinItsRetryBudget() {
        Duration retryBudget = Duration.ofSeconds(2);
        DeliveryClient client = new DeliveryClient(environment.timeouts(),
                new Environment.Escalation.Retry(4, retryBudget), Secrets.none());
        URI target = URI.create("http://127.0.0.1:" + silent.port() + "/v2/enqueue");

        Delivery delivery = bounded(retryBudget.plus(TIMEOUT), () -> client.send("PagerDuty",
                () -> client.newRequest(target).GET().build(), response -> true));

        assertThat(delivery.delivered()).isFalse();
    }

    /** Runs the call and asserts it ended within {@code timeout} plus {@link #MARGIN}. */
    private static <T> T bounded(Duration timeout, Supplier<T> call) {
        long started = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time the call took against a silent port")
                .isLessThanOrEqualTo(timeout.plus(MARGIN));
        return result;
    }
}
