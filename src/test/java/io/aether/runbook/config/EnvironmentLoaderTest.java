package io.aether.runbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("EnvironmentLoader")
class EnvironmentLoaderTest {

    private static final String REMOTE = String.join("\n",
            "platform: remote",
            "kubernetes:",
            "  context: aether-qa",
            "  namespace: aether-qa",
            "argocd:",
            "  server: https://argocd.example.test",
            "  tokenEnv: QA_ARGOCD_TOKEN",
            "  application: aether-risk-qa",
            "riskApi:",
            "  deployments: [risk-api-qa]",
            "  healthUrl: https://risk.example.test/api/healthz",
            "  host: risk.example.test",
            "marketData:",
            "  ingestorDeployment: marketdata-ingestor-qa",
            "kafka:",
            "  bootstrap: kafka-qa:9092",
            "  serviceHost: kafka-qa",
            "  topics: [marketdata.ticks]",
            "nats:",
            "  url: nats://nats-qa:4222",
            "timescale:",
            "  jdbcUrl: jdbc:postgresql://db-qa:5432/marketdata",
            "feast:",
            "  url: http://feast-qa:6566",
            "  features: [\"market_features:last_price\"]",
            "  entities:",
            "    symbol: [AAPL]",
            "");

    @TempDir
    Path directory;

    private final Map<String, String> variables = Map.of("QA_ARGOCD_TOKEN", "token-value");

    @Test
    void loadsTheShippedEnvironmentFiles() {
        EnvironmentLoader shipped = new EnvironmentLoader(Path.of("environments"),
                name -> "value-of-" + name);

        for (String name : List.of("local", "staging", "prod")) {
            Environment environment = shipped.load(name, Map.of()).environment();
            assertThat(environment.name()).isEqualTo(name);
            assertThat(environment.argocd().project()).isEqualTo("aether-risk");
            assertThat(environment.thresholds().marketDataGap()).isEqualTo(Duration.ofMinutes(2));
            assertThat(environment.thresholds().riskApiP99()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void appliesDefaultsAndResolvesSecretsByVariableName() throws IOException {
        LoadedEnvironment loaded = load(REMOTE, Map.of());

        assertThat(loaded.environment().policyEngines().kyverno())
                .isEqualTo(new Environment.Workload("kyverno", "kyverno"));
        assertThat(loaded.environment().timeouts().connect()).isEqualTo(Duration.ofSeconds(3));
        assertThat(loaded.secrets().value("QA_ARGOCD_TOKEN")).contains("token-value");
        assertThat(loaded.effective()).containsEntry("argocd.tokenEnv", "QA_ARGOCD_TOKEN")
                .doesNotContainValue("token-value");
    }

    @Test
    void systemPropertiesOverrideByKeyPath() throws IOException {
        Map<String, String> properties = Map.of("kafka.topics", "a, b", "timeouts.request", "750ms",
                "kubernetes.minReadyNodes", "5", "java.version", "17", "env", "qa");

        Environment environment = load(REMOTE, properties).environment();

        assertThat(environment.kafka().topics()).containsExactly("a", "b");
        assertThat(environment.timeouts().request()).isEqualTo(Duration.ofMillis(750));
        assertThat(environment.kubernetes().minReadyNodes()).isEqualTo(5);
    }

    @Test
    void missingFileNamesTheKnownEnvironments() throws IOException {
        Files.writeString(directory.resolve("prod.yaml"), REMOTE);

        assertThatThrownBy(() -> loader().load("qa", Map.of()))
                .hasMessage(file("qa") + ": no such environment file. Fix: name one of prod with -Denv=NAME,"
                        + " or create " + file("qa"));
    }

    @Test
    void invalidEnvironmentName() {
        assertThatThrownBy(() -> loader().load("../etc", Map.of()))
                .hasMessage("-Denv=../etc: not a valid environment name. Fix: name one of (none found in "
                        + directory.toAbsolutePath() + ") with -Denv=NAME");
    }

    @Test
    void emptyFile() throws IOException {
        assertThatThrownBy(() -> load("", Map.of()))
                .hasMessage(file("qa") + ": the file is empty."
                        + " Fix: copy environments/staging.yaml and adapt it, or delete the file");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() throws IOException {
        assertThatThrownBy(() -> load("kafka:\n  topics: [a, b\nnats: {}\n", Map.of()))
                .hasMessageStartingWith(file("qa") + ": is not valid YAML at line 3, column 5: while parsing a flow"
                        + " sequence; expected ',' or ']', but got :.")
                .hasMessageEndingWith("Fix: correct the YAML syntax there (indentation, quoting, a missing colon)");
    }

    @Test
    void duplicateKey() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "nats:\n  url: nats://other:4222\n", Map.of()))
                .hasMessage(file("qa") + ": nats: the key is given twice (line 28)."
                        + " Fix: keep one `nats` entry in that mapping");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("  bootstrap:", "  bootstrp:"), Map.of()))
                .hasMessage(file("qa") + ": kafka.bootstrp: unknown key."
                        + " Fix: rename it to `kafka.bootstrap`, or remove it");
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "grafana:\n  url: http://grafana\n", Map.of()))
                .hasMessageStartingWith(file("qa") + ": grafana: unknown key. Fix: remove it; the known keys here are");
    }

    @Test
    void wrongTypeNamesTheExpectedType() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "kubernetes:\n  minReadyNodes: three\n", Map.of()))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> load(REMOTE.replace("  serviceHost: kafka-qa", "  serviceHost: kafka-qa\n"
                + "  servicePort: nine"), Map.of()))
                .hasMessage(file("qa") + ": kafka.servicePort: expected a whole number but found 'nine'."
                        + " Fix: give `kafka.servicePort` a whole number");
    }

    @Test
    void listExpectedButTextGiven() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("  topics: [marketdata.ticks]", "  topics:\n    a: b"),
                Map.of()))
                .hasMessage(file("qa") + ": kafka.topics: expected a list but found {\"a\":\"b\"}."
                        + " Fix: give `kafka.topics` a list");
    }

    @Test
    void badDuration() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "thresholds:\n  marketDataGap: two minutes\n", Map.of()))
                .hasMessage(file("qa") + ": thresholds.marketDataGap: expected a duration but found 'two minutes'."
                        + " Fix: write a duration such as 500ms, 10s, 2m or 1h (or ISO-8601, PT2M)");
    }

    @Test
    void badUrl() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("https://argocd.example.test", "argocd.example.test"),
                Map.of()))
                .hasMessage(file("qa") + ": argocd.server: 'argocd.example.test' is not a valid https or http URL."
                        + " Fix: write it as https://HOST[:PORT][/PATH]");
    }

    @Test
    void missingSecretVariable() throws IOException {
        Files.writeString(directory.resolve("qa.yaml"), REMOTE);

        assertThatThrownBy(() -> new EnvironmentLoader(directory, name -> null).load("qa", Map.of()))
                .hasMessage(file("qa") + ": argocd.tokenEnv: names the environment variable QA_ARGOCD_TOKEN,"
                        + " which is not set. Fix: export QA_ARGOCD_TOKEN before the run"
                        + " (the file holds only the variable's name)");
    }

    @Test
    void remoteEnvironmentNeedsItsAddresses() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("  url: nats://nats-qa:4222\n", "  url: null\n"), Map.of()))
                .hasMessage(file("qa") + ": nats.url: a remote environment needs this address. Fix: set `nats.url`");
    }

    @Test
    void requiredListMissing() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("  deployments: [risk-api-qa]\n", ""), Map.of()))
                .hasMessage(file("qa") + ": riskApi.deployments: a required list is missing or empty."
                        + " Fix: set `riskApi.deployments` to at least one entry");
    }

    @Test
    void badOverrideIsBlamedOnTheSystemProperty() throws IOException {
        assertThatThrownBy(() -> load(REMOTE, Map.of("timeouts.connect", "soon")))
                .hasMessage("-Dtimeouts.connect=soon: timeouts.connect: expected a duration but found 'soon'."
                        + " Fix: write a duration such as 500ms, 10s, 2m or 1h (or ISO-8601, PT2M)");
        assertThatThrownBy(() -> load(REMOTE, Map.of("nats.adress", "nats://x:1")))
                .hasMessage("-Dnats.adress=nats://x:1: nats.adress: unknown key. Fix: remove it;"
                        + " the known keys here are [url]");
    }

    @Test
    void aFileThatIsNotAMapping() throws IOException {
        assertThatThrownBy(() -> load("- kafka\n- nats\n", Map.of()))
                .hasMessage(file("qa") + ": the file holds a list where a mapping of keys is expected."
                        + " Fix: write the file as `key: value` mappings");
    }

    @Test
    void aZeroRunBudgetIsRefused() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "timeouts:\n  run: 0s\n", Map.of()))
                .hasMessage(file("qa") + ": timeouts.run: must be a positive duration."
                        + " Fix: set `timeouts.run` to a duration such as 5s or 2m");
    }

    @Test
    void aBadRunBudgetOnTheCommandLineIsBlamedOnTheProperty() throws IOException {
        assertThatThrownBy(() -> load(REMOTE, Map.of("timeouts.run", "ten minutes")))
                .hasMessage("-Dtimeouts.run=ten minutes: timeouts.run: expected a duration but found 'ten minutes'."
                        + " Fix: write a duration such as 500ms, 10s, 2m or 1h (or ISO-8601, PT2M)");
    }

    @Test
    void anUnknownPlatformNamesTheKnownOnes() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("platform: remote", "platform: cloud"), Map.of()))
                .hasMessage(file("qa") + ": platform: expected one of local, remote but found 'cloud'."
                        + " Fix: give `platform` one of local, remote");
    }

    @Test
    void aJdbcUrlOfAnotherDatabase() throws IOException {
        assertThatThrownBy(() -> load(REMOTE.replace("jdbc:postgresql://db-qa", "jdbc:mysql://db-qa"), Map.of()))
                .hasMessage(file("qa") + ": timescale.jdbcUrl: 'jdbc:mysql://db-qa:5432/marketdata' is not a"
                        + " PostgreSQL JDBC URL. Fix: write it as jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void aPortOutOfRange() throws IOException {
        assertThatThrownBy(() -> load(REMOTE, Map.of("kafka.servicePort", "70000")))
                .hasMessage("-Dkafka.servicePort=70000: kafka.servicePort: expected a port from 1 to 65535 but found"
                        + " 70000. Fix: set `kafka.servicePort` to a valid port");
    }

    @Test
    void aWebhookUrlInARemoteFileIsACredential() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "escalation:\n  slack:\n    webhookUrl: https://hooks.example.test/T1\n",
                Map.of()))
                .hasMessage(file("qa") + ": escalation.slack.webhookUrl: a real webhook URL is a credential and must"
                        + " not be in a file. Fix: remove it and name the variable holding it in"
                        + " `escalation.slack.webhookUrlEnv`");
    }

    @Test
    void aMissingEscalationSecretIsNamedOnlyWhenEscalationIsOn() throws IOException {
        String escalating = REMOTE + String.join("\n",
                "escalation:",
                "  enabled: true",
                "  pagerDuty:",
                "    eventsUrl: https://events.example.test/v2/enqueue",
                "    routingKeyEnv: QA_ROUTING_KEY",
                "  slack:",
                "    webhookUrlEnv: QA_SLACK_WEBHOOK",
                "  jira:",
                "    url: https://jira.example.test",
                "    project: RISK",
                "    userEnv: QA_JIRA_USER",
                "    tokenEnv: QA_JIRA_TOKEN",
                "  alertmanager:",
                "    url: https://alertmanager.example.test",
                "");

        assertThat(load(escalating, Map.of("escalation.enabled", "false")).environment().escalation().enabled())
                .isFalse();
        assertThatThrownBy(() -> load(escalating, Map.of()))
                .hasMessage(file("qa") + ": escalation.jira.tokenEnv: names the environment variable QA_JIRA_TOKEN,"
                        + " which is not set. Fix: export QA_JIRA_TOKEN before the run"
                        + " (the file holds only the variable's name)");
    }

    @Test
    void aCaBundleThatIsNotAFile() throws IOException {
        String missing = directory.resolve("argocd-ca.pem").toString();

        assertThatThrownBy(() -> load(REMOTE, Map.of("tls.argocd.caBundle", missing)))
                .hasMessage("-Dtls.argocd.caBundle=" + missing + ": tls.argocd.caBundle: '" + missing + "' is not a"
                        + " readable file. Fix: name the PEM file of the CA certificates that sign this endpoint's"
                        + " certificate");
    }

    @Test
    void aCaBundleWithVerificationOffIsAContradiction() throws IOException {
        Path bundle = Files.writeString(directory.resolve("argocd-ca.pem"), "");

        assertThatThrownBy(() -> load(REMOTE + "tls:\n  argocd:\n    caBundle: " + bundle
                + "\n    insecureSkipVerify: true\n", Map.of()))
                .hasMessage(file("qa") + ": tls.argocd.insecureSkipVerify: verification is turned off and a CA bundle"
                        + " is named for the same endpoint. Fix: keep one: `tls.argocd.caBundle` (verification on) or"
                        + " `tls.argocd.insecureSkipVerify: true`");
    }

    @Test
    void anUnknownTlsEndpointSuggestsTheClosestOne() throws IOException {
        assertThatThrownBy(() -> load(REMOTE + "tls:\n  argo:\n    insecureSkipVerify: true\n", Map.of()))
                .hasMessage(file("qa") + ": tls.argo: unknown key. Fix: rename it to `tls.argocd`, or remove it");
    }

    @Test
    void verificationIsOnForEveryEndpointByDefault() throws IOException {
        Environment.Tls tls = load(REMOTE, Map.of()).environment().tls();

        assertThat(List.of(tls.argocd(), tls.riskApi(), tls.feast(), tls.prometheus(), tls.latencyProbe()))
                .containsOnly(new Environment.TlsEndpoint(null, false));
    }

    private LoadedEnvironment load(String yaml, Map<String, String> properties) throws IOException {
        Files.writeString(directory.resolve("qa.yaml"), yaml);
        return loader().load("qa", properties);
    }

    private EnvironmentLoader loader() {
        return new EnvironmentLoader(directory, variables::get);
    }

    private String file(String name) {
        return directory.resolve(name + ".yaml").toAbsolutePath().toString();
    }
}
