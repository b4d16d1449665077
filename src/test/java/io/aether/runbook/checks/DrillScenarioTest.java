package io.aether.runbook.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.aether.runbook.config.RunSettings;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.PlatformProvider;
import io.aether.runbook.platform.containers.ContainerDrills;
import io.aether.runbook.platform.data.NatsFake;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Boots the local platform with each drill of the catalogue, runs runbook sections 1 to 3 through the JUnit test
 * kit, and asserts exactly which checks fail and that each message names the broken component. These are the
 * drills the README lists; the two must agree.
 */
@DisplayName("Drills against sections 1 to 3")
class DrillScenarioTest {

    private static final String NODES = "every node is Ready";
    private static final String PROJECT = "every application of the project is Synced and Healthy";
    private static final String APPLICATION = "the environment's application is Synced and Healthy";
    private static final String KYVERNO = "Kyverno is available";
    private static final String GATEKEEPER = "Gatekeeper is available";
    private static final String KYVERNO_WEBHOOKS = "Kyverno's admission webhooks enforce policies";
    private static final String GATEKEEPER_WEBHOOKS = "Gatekeeper's admission webhooks enforce policies";
    private static final String ROLLOUT = "every risk API deployment is fully rolled out";
    private static final String HEALTHZ = "/api/healthz answers 200 through the ingress for the risk API's Host";
    private static final String KAFKA_FROM_POD = "Kafka is reachable from the market-data ingestor pod";
    private static final String KAFKA_METADATA = "Kafka answers with cluster metadata";
    private static final String TOPICS = "the market-data topics exist";
    private static final String BROKERS = "every advertised Kafka broker is reachable from the runner";
    private static final String PARTITIONS = "no Kafka partition is offline or under-replicated";
    private static final String LAG = "the ingestor's consumer group lag is within its threshold";
    private static final String NATS = "NATS answers a round trip";
    private static final String TICKS = "the newest market tick is within the market-data gap, on the database's clock";
    private static final String FEATURES = "every online feature is present and fresh for every entity";
    /**
     * Slack on top of a check's own timeout: closing the client, the evidence and the verdict. A generous bound on
     * the timeout, not a speed target: a check that waited twice its timeout would still be caught.
     */
    private static final Duration MARGIN = Duration.ofSeconds(4);
    /** Boot of the local platform (its own budget is 90s) plus every check of three sections, each bounded. */
    private static final Duration RUN_BOUND = Duration.ofMinutes(3);

    static Stream<Arguments> catalogue() {
        return Stream.of(
                drill("node-not-ready", Map.of(NODES, "aether-prod-worker-")),
                drill("argocd-out-of-sync", Map.of(PROJECT, "aether-risk-marketdata-prod")),
                drill("argocd-degraded", Map.of(PROJECT, "Degraded", APPLICATION, "aether-risk-prod")),
                drill("kyverno-down", Map.of(KYVERNO, "Kyverno", KYVERNO_WEBHOOKS, "Kyverno")),
                drill("gatekeeper-down", Map.of(GATEKEEPER, "Gatekeeper", GATEKEEPER_WEBHOOKS, "Gatekeeper")),
                drill("risk-api-rollout-stuck", Map.of(ROLLOUT, "risk-api-prod")),
                drill("healthz-failing", Map.of(HEALTHZ, "503")),
                drill("ingress-no-route", Map.of(HEALTHZ, "No ingress rule for Host risk.aether.local")),
                drill("kafka-down", Map.of(KAFKA_FROM_POD, "kafka-prod:9092", KAFKA_METADATA, "Kafka",
                        TOPICS, "Kafka", BROKERS, "advertised brokers are unknown", PARTITIONS,
                        "partitions are unknown", LAG, "consumer group marketdata-ingestor-prod")),
                drill("ingestor-lagging", Map.of(LAG, "lags 5000 messages behind, above the threshold of 1000")),
                drill("nats-down", Map.of(NATS, "NATS")),
                drill("postgres-down", Map.of(TICKS, "market_ticks")),
                drill("ticks-stale", Map.of(TICKS, "market data is stale")),
                drill("ticks-empty", Map.of(TICKS, "no ticks at all")),
                drill("feast-stale", Map.of(FEATURES, "market_features:")));
    }

    /**
     * The blackhole drills: each check of the silent system must fail naming the endpoint and the timeout it waited,
     * within that timeout plus {@link #MARGIN}; the local environment's timeouts are connect 2s, request 5s.
     */
    static Stream<Arguments> blackholes() {
        String httpTimeouts = "no answer within the request timeout; connect timeout 2s, request timeout 5s";
        return Stream.of(
                blackhole("kafka-blackhole", Duration.ofSeconds(5), Map.of(
                        KAFKA_METADATA, "Kafka at 127\\.0\\.0\\.1:\\d+ did not answer within 5s",
                        TOPICS, "Kafka at 127\\.0\\.0\\.1:\\d+ did not answer within 5s",
                        BROKERS, "Kafka at 127\\.0\\.0\\.1:\\d+ did not answer within 5s.*advertised brokers",
                        PARTITIONS, "Kafka at 127\\.0\\.0\\.1:\\d+ did not answer within 5s.*partitions",
                        LAG, "Kafka at 127\\.0\\.0\\.1:\\d+ did not answer within 5s for consumer group")),
                blackhole("postgres-blackhole", Duration.ofSeconds(2), Map.of(
                        TICKS, "at jdbc:postgresql://127\\.0\\.0\\.1:\\d+/marketdata\\?user=postgres within 2s:"
                                + " Connection attempt timed out")),
                blackhole("http-blackhole", Duration.ofSeconds(5), Map.of(
                        PROJECT, "http://127\\.0\\.0\\.1:\\d+/api/v1/applications\\?projects=aether-risk got no"
                                + " answer \\(" + httpTimeouts,
                        APPLICATION, "http://127\\.0\\.0\\.1:\\d+/api/v1/applications/aether-risk-prod got no"
                                + " answer \\(" + httpTimeouts,
                        HEALTHZ, "http://127\\.0\\.0\\.1:\\d+/api/healthz with Host risk\\.aether\\.local got no"
                                + " answer \\(" + httpTimeouts,
                        FEATURES, "http://127\\.0\\.0\\.1:\\d+/get-online-features got no answer \\("
                                + httpTimeouts)));
    }

    private static Arguments blackhole(String name, Duration timeout, Map<String, String> messagePatterns) {
        return Arguments.of(name, timeout, new TreeMap<>(messagePatterns));
    }

    private static Arguments drill(String name, Map<String, String> failures) {
        return Arguments.of(name, new TreeMap<>(failures));
    }

    @Test
    @DisplayName("the healthy local platform passes every check of sections 1 to 3")
    void healthyPlatformPasses() {
        EngineExecutionResults results = run("");

        assertThat(failures(results)).isEmpty();
        boolean natsRuns = NatsFake.locateBinary().isPresent() || containers();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(natsRuns ? 18 : 17);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    @DisplayName("a drill fails exactly its checks, naming the broken component")
    void drillFailsExactlyItsChecks(String drill, Map<String, String> expected) {
        if (containers()) {
            ContainerDrills.refusal(Drill.byName(drill).orElseThrow()).ifPresent(Assumptions::abort);
        }
        Map<String, String> failures = failures(run(drill));

        assertThat(failures.keySet()).as("checks failed by drill %s: %s", drill, failures).isEqualTo(expected.keySet());
        expected.forEach((check, keyword) -> assertThat(failures.get(check))
                .as("message of '%s' under drill %s", check, drill).contains(keyword));
    }

    /** Whether this run chose the container provider ({@code -Dfakes=containers}), which these scenarios follow. */
    private static boolean containers() {
        return RunSettings.fromSystem().provider() == PlatformProvider.CONTAINERS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blackholes")
    @DisplayName("a blackhole drill fails its checks within their timeout, naming the endpoint and the timeout")
    void blackholeFailsItsChecksWithinTheirTimeout(String drill, Duration timeout, Map<String, String> patterns) {
        long started = System.nanoTime();
        EngineExecutionResults results = run(drill);
        Duration run = Duration.ofNanos(System.nanoTime() - started);

        Map<String, String> failures = failures(results);
        assertThat(failures.keySet()).as("checks failed by drill %s: %s", drill, failures)
                .isEqualTo(patterns.keySet());
        patterns.forEach((check, pattern) -> assertThat(failures.get(check))
                .as("message of '%s' under drill %s", check, drill).containsPattern(pattern));
        Map<String, Duration> durations = durations(results);
        patterns.keySet().forEach(check -> assertThat(durations.get(check))
                .as("time '%s' took under drill %s, bound: its %s timeout plus %s", check, drill, timeout, MARGIN)
                .isLessThanOrEqualTo(timeout.plus(MARGIN)));
        assertThat(results.allEvents().started().count()).as("every started check and class ended")
                .isEqualTo(results.allEvents().finished().count());
        assertThat(run).as("the whole run under drill %s", drill).isLessThan(RUN_BOUND);
    }

    private static EngineExecutionResults run(String drill) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("env", "local")
                .configurationParameter("drill", drill)
                // in parallel, as mvn verify runs them: a dead dependency then costs one timeout, not one per check
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
                .selectors(selectClass(EnvironmentValidationIT.class), selectClass(DeploymentHealthIT.class),
                        selectClass(DataFreshnessIT.class))
                .execute();
    }

    /** How long each check ran, from its started event to its finished event, by display name. */
    private static Map<String, Duration> durations(EngineExecutionResults results) {
        Map<String, Instant> starts = new TreeMap<>();
        results.testEvents().started().stream()
                .forEach(event -> starts.put(event.getTestDescriptor().getDisplayName(), event.getTimestamp()));
        Map<String, Duration> durations = new TreeMap<>();
        results.testEvents().finished().stream().forEach(event -> {
            String check = event.getTestDescriptor().getDisplayName();
            durations.put(check, Duration.between(starts.get(check), event.getTimestamp()));
        });
        return durations;
    }

    /** Display name of each check that did not pass, to its message; a class that failed as a whole counts too. */
    static Map<String, String> failures(EngineExecutionResults results) {
        Map<String, String> failures = new TreeMap<>();
        Stream.concat(results.testEvents().failed().stream(), results.containerEvents().failed().stream())
                .forEach(event -> failures.put(event.getTestDescriptor().getDisplayName(), message(event)));
        return failures;
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }
}
