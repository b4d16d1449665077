package io.aether.runbook.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.escalation.EscalationFakes;
import io.aether.runbook.report.ReportRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs stand-in section 4 checks through the JUnit Platform with the escalation listener against the local
 * escalation fakes, booted with the drills whose breaches the stand-ins simulate.
 */
@DisplayName("Escalation of a run")
class EscalationDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T09:30:00Z"), ZoneOffset.UTC);
    private static final String SLOW_KEY = "aether-runbook/local/RiskApiLatency.riskApiP99StaysWithinThreshold";
    private static final String GAP_KEY = "aether-runbook/local/MarketDataGap.marketDataGapWithinThreshold";

    /** Whether the stand-in checks breach; {@code null} outside this test, so they never run on their own. */
    static volatile Boolean breaching;

    @TempDir
    Path reports;

    private EscalationFakes fakes;

    @AfterEach
    void stop() {
        breaching = null;
        if (fakes != null) {
            fakes.close();
        }
    }

    @Test
    void dryRunWritesThePayloadsAndSendsNothing() throws IOException {
        fakes = startFakes(alertsFor("risk-api-slow", "ticks-stale"));

        EscalationResult result = run(true, Optional.empty(), Map.of()).orElseThrow();

        assertThat(result.dryRun()).isTrue();
        assertThat(fileNames()).containsExactly("jira-comment-if-open.json", "jira-issue.json",
                "pagerduty-trigger-MarketDataGap.marketDataGapWithinThreshold.json",
                "pagerduty-trigger-RiskApiLatency.riskApiP99StaysWithinThreshold.json", "slack-message.json",
                "summary.json");
        JsonNode trigger = read("pagerduty-trigger-RiskApiLatency.riskApiP99StaysWithinThreshold.json");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(SLOW_KEY);
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("error");
        assertThat(trigger.path("payload").path("custom_details").path("alert_id").asText())
                .isEqualTo(fingerprint("RiskApiP99LatencyHigh"));
        assertThat(read("slack-message.json").path("channel").asText()).isEqualTo("#risk-ops");
        assertThat(read("summary.json").path("mode").asText())
                .isEqualTo("dry run: nothing was sent (enable with -Descalate=true)");
        assertThat(fakes.received(EscalationFakes.PAGERDUTY_PATH)).isEmpty();
        assertThat(fakes.received(EscalationFakes.SLACK_PATH)).isEmpty();
        assertThat(fakes.received(EscalationFakes.JIRA_PATH)).isEmpty();
        assertThat(fakes.received(EscalationFakes.ALERTMANAGER_PATH)).hasSize(2);
    }

    @Test
    void enabledRunPagesNotifiesAndFilesOnceThenResolves() throws IOException {
        fakes = startFakes(alertsFor("risk-api-slow", "ticks-stale"));
        Files.writeString(reports.resolve(ReportRenderer.SINGLE_FILE), "<html>report</html>");

        EscalationResult first = run(true, Optional.of(true), Map.of()).orElseThrow();

        assertThat(first.undelivered()).isEmpty();
        List<JsonNode> events = bodies(EscalationFakes.PAGERDUTY_PATH);
        assertThat(events).extracting(event -> event.path("event_action").asText() + " "
                + event.path("payload").path("severity").asText() + " " + event.path("dedup_key").asText())
                .containsExactly("trigger error " + SLOW_KEY, "trigger warning " + GAP_KEY);
        assertThat(fakes.received(EscalationFakes.SLACK_PATH)).hasSize(1);
        List<EscalationFakes.Received> jira = fakes.received(EscalationFakes.JIRA_PATH);
        assertThat(jira).extracting(request -> request.method() + " " + request.url().replaceAll("\\?.*", ""))
                .containsExactly("GET /jira/rest/api/2/search/jql", "POST /jira/rest/api/2/issue",
                        "POST /jira/rest/api/2/issue/RISK-101/attachments");
        String description = JSON.readTree(jira.get(1).body()).path("fields").path("description").asText();
        assertThat(description).contains("Alert ID: " + fingerprint("RiskApiP99LatencyHigh") + "\n",
                "Alert ID: " + fingerprint("MarketDataGap") + "\n",
                "Report: the run's single-file Allure report is attached");
        assertThat(jira.get(2).headers()).containsEntry("X-Atlassian-Token", "no-check");
        assertThat(jira.get(2).body()).contains("<html>report</html>");
        assertThat(first.incident().key()).isEqualTo("RISK-101");

        EscalationResult second = run(true, Optional.of(true), Map.of()).orElseThrow();

        assertThat(second.incident().reused()).isTrue();
        assertThat(bodies(EscalationFakes.PAGERDUTY_PATH)).extracting(event -> event.path("dedup_key").asText())
                .containsExactly(SLOW_KEY, GAP_KEY, SLOW_KEY, GAP_KEY);
        assertThat(fakes.received(EscalationFakes.JIRA_PATH)).extracting(EscalationFakes.Received::url)
                .filteredOn(url -> url.endsWith("/issue")).hasSize(1);
        assertThat(fakes.received(EscalationFakes.JIRA_PATH)).extracting(EscalationFakes.Received::url)
                .filteredOn(url -> url.endsWith("/RISK-101/comment")).hasSize(1);

        EscalationResult healthy = run(false, Optional.of(true), Map.of()).orElseThrow();

        assertThat(healthy.undelivered()).isEmpty();
        List<JsonNode> all = bodies(EscalationFakes.PAGERDUTY_PATH);
        assertThat(all.subList(4, all.size())).extracting(event -> event.path("event_action").asText() + " "
                + event.path("dedup_key").asText()).containsExactly("resolve " + SLOW_KEY, "resolve " + GAP_KEY);
        assertThat(fakes.received(EscalationFakes.SLACK_PATH)).hasSize(2);
    }

    @Test
    void incidentSaysSoWhenNoAlertFired() throws IOException {
        fakes = startFakes(alertsFor("risk-api-slow"));

        run(true, Optional.of(true), Map.of()).orElseThrow();

        String description = JSON.readTree(fakes.received(EscalationFakes.JIRA_PATH).get(1).body())
                .path("fields").path("description").asText();
        assertThat(description).contains("Prometheus alert: no alert fired: Alertmanager has no active alert"
                + " MarketDataGap, so the alert rules did not fire for this breach\nAlert ID: none\n",
                "could not be attached here; it will be at "
                        + reports.resolve(ReportRenderer.SINGLE_FILE).toAbsolutePath());
    }

    @Test
    void slackRateLimitIsRetriedAfterRetryAfter() {
        fakes = startFakes(alertsFor("risk-api-slow", "ticks-stale"));
        fakes.rateLimitSlackOnce(Duration.ofSeconds(1));

        EscalationResult result = run(true, Optional.of(true), Map.of()).orElseThrow();

        Delivery slack = result.deliveries().stream().filter(delivery -> delivery.target().startsWith("Slack"))
                .findFirst().orElseThrow();
        assertThat(slack.delivered()).isTrue();
        assertThat(slack.attempts()).isEqualTo(2);
        assertThat(slack.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fakes.received(EscalationFakes.SLACK_PATH)).hasSize(2);
    }

    @Test
    void undeliverableTargetIsASuiteErrorNamingIt() throws IOException {
        fakes = startFakes(alertsFor("risk-api-slow", "ticks-stale"));
        String wrongWebhook = fakes.baseUrl() + "/services/T0AETHER/B0RISKOPS/revoked";

        EscalationResult result = run(true, Optional.of(true), Map.of("escalation.slack.webhookUrl", wrongWebhook))
                .orElseThrow();

        assertThat(result.undelivered()).extracting(error -> error.get("target") + " -> " + error.get("status"))
                .containsExactly("Slack webhook to #risk-ops (" + wrongWebhook + ") -> 404");
        assertThat(read("undelivered.json").get(0).path("problem").asText()).isEqualTo(
                "answered HTTP 404 'no_service', which is not an acceptance and is not retried");
        assertThat(bodies(EscalationFakes.PAGERDUTY_PATH)).hasSize(2);
    }

    @Test
    void plantedSecretsAppearNowhereInReportsOrOutput() throws IOException {
        fakes = startFakes(alertsFor("risk-api-slow", "ticks-stale"));
        Map<String, String> variables = Map.of("ESC_ROUTING_KEY", "planted-routing-key-5521",
                "ESC_SLACK_URL", fakes.endpoints().get("escalation.slack.webhookUrl"),
                "ESC_JIRA_USER", "planted-user-7734", "ESC_JIRA_TOKEN", "planted-token-9902");
        Map<String, String> named = Map.of("escalation.pagerDuty.routingKeyEnv", "ESC_ROUTING_KEY",
                "escalation.slack.webhookUrl", "", "escalation.slack.webhookUrlEnv", "ESC_SLACK_URL",
                "escalation.jira.userEnv", "ESC_JIRA_USER", "escalation.jira.tokenEnv", "ESC_JIRA_TOKEN");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        EscalationResult result;
        try {
            System.setOut(both);
            System.setErr(both);
            result = run(true, Optional.of(true), named, variables::get).orElseThrow();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(result.undelivered()).isEmpty();
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("the capture saw the run's log")
                .contains("escalation of 'local' delivered");
        assertThat(bodies(EscalationFakes.PAGERDUTY_PATH).get(0).path("routing_key").asText())
                .isEqualTo("planted-routing-key-5521");
        assertThat(fakes.received(EscalationFakes.JIRA_PATH).get(1).headers()).containsKey("Authorization");
        String written;
        try (Stream<Path> files = Files.walk(reports)) {
            written = files.filter(Files::isRegularFile).map(EscalationDeliveryTest::text)
                    .collect(Collectors.joining("\n"));
        }
        for (String secret : List.of("planted-routing-key-5521", EscalationFakes.SLACK_PATH, "planted-user-7734",
                "planted-token-9902")) {
            assertThat(written).as("reports").doesNotContain(secret);
            assertThat(captured.toString(StandardCharsets.UTF_8)).as("output").doesNotContain(secret);
        }
        assertThat(read("pagerduty-trigger-RiskApiLatency.riskApiP99StaysWithinThreshold.json")
                .path("routing_key").asText()).isEqualTo("****");
    }

    @Test
    void nothingHappensWithoutSeverityTagsOrInASelfTestRun() {
        fakes = startFakes(alertsFor("risk-api-slow"));
        EscalationListener untagged = listener(true, Optional.of(true), Map.of(), name -> null);
        EscalationListener selfTest = new EscalationListener(new EscalationListener.Context(false,
                enabled -> fail("a self-test run must not load the environment"), Optional.of(true), reports, null,
                CLOCK));
        breaching = true;

        execute(untagged, Untagged.class);
        execute(selfTest, RiskApiLatency.class);

        assertThat(untagged.result()).isEmpty();
        assertThat(selfTest.result()).isEmpty();
        assertThat(reports.resolve("escalation")).doesNotExist();
        assertThat(fakes.received("/")).isEmpty();
    }

    private Optional<EscalationResult> run(boolean breach, Optional<Boolean> escalate, Map<String, String> extra) {
        return run(breach, escalate, extra, name -> null);
    }

    private Optional<EscalationResult> run(boolean breach, Optional<Boolean> escalate, Map<String, String> extra,
            UnaryOperator<String> variables) {
        breaching = breach;
        EscalationListener listener = listener(true, escalate, extra, variables);
        execute(listener, RiskApiLatency.class, MarketDataGap.class);
        return listener.result();
    }

    private EscalationListener listener(boolean active, Optional<Boolean> escalate, Map<String, String> extra,
            UnaryOperator<String> variables) {
        return new EscalationListener(new EscalationListener.Context(active, enabled -> {
            Map<String, String> overrides = new HashMap<>(fakes.endpoints());
            overrides.put("escalation.alertmanager.alertNames.riskApiP99", "RiskApiP99LatencyHigh");
            overrides.put("escalation.alertmanager.alertNames.marketDataGap", "MarketDataGap");
            overrides.putAll(extra);
            if (enabled != null) {
                overrides.put("escalation.enabled", enabled.toString());
            }
            return new EnvironmentLoader(Path.of("environments"), variables).load("local", overrides);
        }, escalate, reports, null, CLOCK));
    }

    private static void execute(EscalationListener listener, Class<?>... checks) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(listener).build());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> check : checks) {
            request.selectors(selectClass(check));
        }
        launcher.execute(request.build());
    }

    private EscalationFakes startFakes(Set<Drill> drills) {
        return EscalationFakes.start(null, drills, new ServiceDirectory());
    }

    /** The drills by their catalogue names. */
    private static Set<Drill> alertsFor(String... drillIds) {
        return Stream.of(drillIds).map(Drill::byName).flatMap(Optional::stream).collect(Collectors.toSet());
    }

    private static String fingerprint(String alertName) {
        boolean gap = "MarketDataGap".equals(alertName);
        Map<String, String> labels = new HashMap<>(Map.of("alertname", alertName, "namespace", "aether-prod",
                "service", gap ? "marketdata-ingestor" : "risk-api", "severity", gap ? "sev3" : "sev2"));
        return EscalationFakes.fingerprint(labels);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(reports.resolve("escalation"))) {
            return files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private JsonNode read(String file) throws IOException {
        return JSON.readTree(reports.resolve("escalation").resolve(file).toFile());
    }

    private List<JsonNode> bodies(String path) {
        return fakes.received(path).stream().map(request -> {
            try {
                return JSON.readTree(request.body());
            } catch (IOException notJson) {
                throw new AssertionError("not JSON: " + request.body(), notJson);
            }
        }).collect(Collectors.toList());
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException unreadable) {
            throw new AssertionError(unreadable);
        }
    }

    /** Stand-in for the section 4 risk API latency check: breaches as drill risk-api-slow makes it. */
    @Tag("slo")
    @Tag("sev2")
    static class RiskApiLatency {
        @Test
        @DisplayName("risk API P99 latency stays within 500ms")
        void riskApiP99StaysWithinThreshold() {
            assumeTrue(breaching != null, "runs only inside EscalationDeliveryTest");
            if (breaching) {
                fail(EscalationPlanTest.SLOW);
            }
        }
    }

    /** Stand-in for the section 4 market-data gap check: breaches as drill ticks-stale makes it. */
    @Tag("slo")
    @Tag("sev3")
    static class MarketDataGap {
        @Test
        @DisplayName("market data gap stays within 2m")
        void marketDataGapWithinThreshold() {
            assumeTrue(breaching != null, "runs only inside EscalationDeliveryTest");
            if (breaching) {
                fail(EscalationPlanTest.STALE);
            }
        }
    }

    /** A check without a severity tag: its failure is not escalated. */
    @Tag("environment")
    static class Untagged {
        @Test
        void nodesAreReady() {
            assumeTrue(breaching != null, "runs only inside EscalationDeliveryTest");
            fail("3 nodes expected Ready, 2 observed");
        }
    }
}
