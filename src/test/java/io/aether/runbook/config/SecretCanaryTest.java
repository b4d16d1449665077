package io.aether.runbook.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aether.runbook.escalation.EscalationListener;
import io.aether.runbook.escalation.EscalationTargets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Puts a distinct random canary into every secret an environment file can name, runs sections 1 to 4 against the
 * local platform with escalation on and a breach to escalate, and searches every file under {@code target/} and
 * {@code reports/} and everything the run printed for each canary. The canaries are made at run time, so no
 * compiled class holds one.
 */
@DisplayName("Secret canaries")
class SecretCanaryTest {

    /** Every key path that names a secret's variable, to the variable this test sets. */
    private static final Map<String, String> SECRET_KEYS = new TreeMap<>(Map.of(
            "kubernetes.tokenEnv", "RUNBOOK_CANARY_KUBERNETES_TOKEN",
            "argocd.tokenEnv", "RUNBOOK_CANARY_ARGOCD_TOKEN",
            "timescale.userEnv", "RUNBOOK_CANARY_TIMESCALE_USER",
            "timescale.passwordEnv", "RUNBOOK_CANARY_TIMESCALE_PASSWORD",
            "escalation.pagerDuty.routingKeyEnv", "RUNBOOK_CANARY_PAGERDUTY_ROUTING_KEY",
            "escalation.slack.webhookUrlEnv", "RUNBOOK_CANARY_SLACK_WEBHOOK_URL",
            "escalation.jira.userEnv", "RUNBOOK_CANARY_JIRA_USER",
            "escalation.jira.tokenEnv", "RUNBOOK_CANARY_JIRA_TOKEN"));
    private static final List<String> SECTIONS = List.of("EnvironmentValidationIT", "DeploymentHealthIT",
            "DataFreshnessIT", "SloThresholdsIT");

    private final Map<String, String> variables = new LinkedHashMap<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private WireMockServer slackWebhook;
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void makeCanaries() {
        // the Slack webhook URL is itself the secret; it leads to a webhook this test owns, which accepts any post
        slackWebhook = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        slackWebhook.start();
        slackWebhook.stubFor(post(urlPathMatching("/services/.*")).willReturn(aResponse().withStatus(200)
                .withBody("ok")));
        SECRET_KEYS.values().forEach(variable -> variables.put(variable, canary(variable)));
        variables.put("RUNBOOK_CANARY_SLACK_WEBHOOK_URL", "http://127.0.0.1:" + slackWebhook.port()
                + "/services/TCANARY/BCANARY/" + canary("slack"));
    }

    @AfterEach
    void stopWebhook() {
        slackWebhook.stop();
    }

    @Test
    @DisplayName("the canaries cover every secret an environment can name")
    void canariesCoverEverySecretReference() {
        Map<String, String> overrides = new TreeMap<>(SECRET_KEYS);
        overrides.put("escalation.enabled", "true");

        Environment local = new EnvironmentLoader(Path.of("environments"), variables::get).load("local", overrides)
                .environment();

        assertThat(EnvironmentLoader.secretReferences(local)).isEqualTo(SECRET_KEYS);
    }

    @Test
    @DisplayName("no canary reaches a report, a file under target/ or reports/, or the run's output")
    void noCanaryLeaks() throws Exception {
        Path records = Files.createDirectories(Path.of("target", "canary-reports"));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        EscalationListener escalation = new EscalationListener(new EscalationListener.Context(true,
                enabled -> escalationEnvironment(), Optional.of(true), records, null, Clock.systemUTC()));

        captureOutput();
        try (AutoCloseable secrets = EnvironmentLoader.resolvingVariablesFrom(variables::get)) {
            launcher(escalation).execute(request(), summary);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(summary.getSummary().getTestsSucceededCount()).as("checks that passed with the canary tokens")
                .isGreaterThan(10);
        assertThat(escalation.result()).as("the escalation walked with the canary secrets").isPresent();
        slackWebhook.verify(postRequestedFor(urlPathMatching("/services/TCANARY/BCANARY/.*")));
        List<String> leaks = new ArrayList<>();
        for (String canary : searched()) {
            if (printed.toString(StandardCharsets.UTF_8).contains(canary)) {
                leaks.add("the run's output holds " + canary);
            }
            leaks.addAll(filesHolding(Path.of("target"), canary));
            leaks.addAll(filesHolding(Path.of("reports"), canary));
        }
        assertThat(leaks).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("the run printed its probes' lines").contains(
                "kubernetes probe:");
    }

    private LoadedEnvironment escalationEnvironment() {
        Map<String, String> overrides = new TreeMap<>(EscalationTargets.published());
        overrides.putAll(SECRET_KEYS);
        overrides.put("escalation.enabled", "true");
        return new EnvironmentLoader(Path.of("environments"), variables::get).load("local", overrides);
    }

    private static Launcher launcher(EscalationListener escalation) {
        return LauncherFactory.create(LauncherConfig.builder().addTestExecutionListeners(escalation).build());
    }

    /** Sections 1 to 4 with a sustained SEV-2 breach, so that the escalation pages, posts and files. */
    private static LauncherDiscoveryRequest request() {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(SECTIONS.stream().map(name -> selectClass("io.aether.runbook.checks." + name)).toList())
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter("env", "local")
                .configurationParameter("drill", "risk-api-slow");
        SECRET_KEYS.forEach(request::configurationParameter);
        return request.build();
    }

    /** Each canary as set, and the Jira credentials as a Basic authorization header carries them. */
    private List<String> searched() {
        List<String> canaries = new ArrayList<>(variables.values());
        canaries.add(Base64.getEncoder().encodeToString((variables.get("RUNBOOK_CANARY_JIRA_USER") + ":"
                + variables.get("RUNBOOK_CANARY_JIRA_TOKEN")).getBytes(StandardCharsets.UTF_8)));
        canaries.add(variables.get("RUNBOOK_CANARY_SLACK_WEBHOOK_URL").replaceAll(".*/", ""));
        return canaries;
    }

    private static List<String> filesHolding(Path root, String canary) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        byte[] wanted = canary.getBytes(StandardCharsets.UTF_8);
        List<String> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(file) < 64L << 20 && contains(Files.readAllBytes(file), wanted)) {
                    holding.add(file + " holds " + canary);
                }
            }
        }
        return holding;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Everything printed during the run goes both to the console and to {@link #printed}. */
    private void captureOutput() {
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
    }

    private static String canary(String name) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "canary" + name.replaceAll("[^A-Za-z]", "").toLowerCase() + HexFormat.of().formatHex(random);
    }

    /** Writes to the console and to the capture alike. */
    private static final class Tee extends OutputStream {

        private final OutputStream console;
        private final OutputStream capture;

        Tee(OutputStream console, OutputStream capture) {
            this.console = console;
            this.capture = capture;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (capture) {
                capture.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            console.write(bytes, offset, length);
            synchronized (capture) {
                capture.write(bytes, offset, length);
            }
        }
    }
}
