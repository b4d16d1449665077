package io.aether.runbook.checks;

import static io.aether.runbook.junit.Checks.require;
import static io.qameta.allure.Allure.step;

import io.aether.runbook.config.Environment;
import io.aether.runbook.junit.Checks;
import io.aether.runbook.junit.GateCheck;
import io.aether.runbook.junit.Runbook;
import io.aether.runbook.junit.RunbookSection;
import io.aether.runbook.junit.Tags;
import io.aether.runbook.probe.data.BrokerConnection;
import io.aether.runbook.probe.data.ConsumerGroupLag;
import io.aether.runbook.probe.data.KafkaCluster;
import io.aether.runbook.probe.data.NatsRoundTrip;
import io.aether.runbook.probe.http.IngressObservation;
import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.ExecResult;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.Verdicts;
import io.aether.runbook.verdict.data.KafkaJudge;
import io.aether.runbook.verdict.data.NatsJudge;
import io.aether.runbook.verdict.http.IngressJudge;
import io.aether.runbook.verdict.kubernetes.PodConnectivityJudge;
import io.aether.runbook.verdict.kubernetes.RolloutJudge;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Runbook section 2: the risk API is rolled out and routed, and market data can flow through Kafka and NATS. */
@RunbookSection(2)
@Tag(Tags.DEPLOYMENT)
@Feature("2. Deployment health checks")
@DisplayName("2. Deployment health checks")
class DeploymentHealthIT {

    @GateCheck
    @Story("2.1 Check FastAPI services")
    @DisplayName("every risk API deployment is fully rolled out")
    void riskApiRolloutIsComplete(Runbook runbook) {
        Environment environment = runbook.environment();
        List<Verdict> verdicts = new ArrayList<>();

        for (String name : environment.riskApi().deployments()) {
            verdicts.add(step("wait for the rollout of deployment " + name, () -> Checks.await(
                    "rollout of " + name, environment.timeouts().rollout(),
                    () -> runbook.kubernetes().deployment(name), RolloutJudge::judge,
                    DeploymentHealthIT::stillProgressing)));
        }

        require(Verdicts.all(verdicts));
    }

    @GateCheck
    @Story("2.2 Inspect ingress routing via Grafana or curl")
    @DisplayName("/api/healthz answers 200 through the ingress for the risk API's Host")
    void healthzAnswersThroughTheIngress(Runbook runbook) {
        IngressObservation health = step("GET " + runbook.environment().riskApi().healthUrl() + " with Host "
                + runbook.environment().riskApi().host(), () -> runbook.ingress().check());

        require(IngressJudge.health(health, runbook.environment().riskApi().expectedBody()));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("Kafka is reachable from the market-data ingestor pod")
    void kafkaIsReachableFromTheIngestorPod(Runbook runbook) {
        Environment environment = runbook.environment();
        String host = environment.kafka().serviceHost();
        int port = environment.kafka().servicePort();

        ExecResult netcat = step("exec nc -z " + host + " " + port + " in deployment "
                + environment.marketData().ingestorDeployment(), () -> runbook.kubernetes().exec(
                environment.kubernetes().namespace(), environment.marketData().ingestorDeployment(),
                environment.timeouts().request(), "nc", "-z", host, String.valueOf(port)));

        require(PodConnectivityJudge.netcat(netcat, host, port));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("Kafka answers with cluster metadata")
    void kafkaAnswersWithClusterMetadata(Runbook runbook) {
        KafkaCluster cluster = step("describe the Kafka cluster at " + runbook.environment().kafka().bootstrap(),
                () -> runbook.kafka().describe());

        require(KafkaJudge.reachable(cluster));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("the market-data topics exist")
    void marketDataTopicsExist(Runbook runbook) {
        KafkaCluster cluster = step("list the Kafka topics", () -> runbook.kafka().describe());

        require(KafkaJudge.topicsPresent(cluster, runbook.environment().kafka().topics()));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("every advertised Kafka broker is reachable from the runner")
    void advertisedBrokersAreReachable(Runbook runbook) {
        KafkaCluster cluster = step("describe the Kafka cluster at " + runbook.environment().kafka().bootstrap(),
                () -> runbook.kafka().describe());

        List<BrokerConnection> connections = step("connect to each broker at its advertised address",
                () -> runbook.kafka().connectToBrokers(cluster.brokers()));

        require(KafkaJudge.advertisedBrokers(cluster, connections));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("no Kafka partition is offline or under-replicated")
    void partitionsAreLedAndInSync(Runbook runbook) {
        KafkaCluster cluster = step("describe the partitions of every topic", () -> runbook.kafka().describe());

        require(KafkaJudge.partitions(cluster));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("the ingestor's consumer group lag is within its threshold")
    void ingestorConsumerLagIsWithinThreshold(Runbook runbook) {
        Environment environment = runbook.environment();
        String group = environment.kafka().consumerGroup();
        if (group == null || group.isBlank()) {
            require(Verdict.inconclusive("no consumer group to judge: kafka.consumerGroup is not set in "
                    + environment.name() + "; name the market-data ingestor's group to measure its lag"));
        }

        ConsumerGroupLag lag = step("compare the committed offsets of consumer group " + group
                + " with the log-end offsets", () -> runbook.kafka().consumerLag(group));

        require(KafkaJudge.consumerLag(lag, environment.thresholds().consumerLag()));
    }

    @GateCheck
    @Story("2.3 Validate Kafka/NATS connectivity from the ingestor pod")
    @DisplayName("NATS answers a round trip")
    void natsAnswersARoundTrip(Runbook runbook) {
        runbook.unavailable("nats").ifPresent(reason -> Assumptions.abort(reason));

        NatsRoundTrip trip = step("publish to a fresh inbox at " + runbook.environment().nats().url()
                + " and wait for the echo", () -> runbook.nats().roundTrip());

        require(NatsJudge.roundTrip(trip));
    }

    /** A rollout within its progress deadline may still complete; a missing or stalled one will not. */
    private static boolean stillProgressing(DeploymentObservation observed) {
        return observed.reachable() && observed.exists() && observed.state().condition("Progressing")
                .filter(condition -> "ProgressDeadlineExceeded".equals(condition.reason())).isEmpty();
    }
}
