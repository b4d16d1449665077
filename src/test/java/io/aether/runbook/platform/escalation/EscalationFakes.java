package io.aether.runbook.platform.escalation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.HttpServices;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.WireMockFake;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WireMock server on loopback answering as the four escalation targets under their real API paths, recording
 * every request: PagerDuty's Events API v2, a Slack incoming webhook, Jira's REST API (search, create issue,
 * comment, attachments behind the XSRF header, and what a post-incident review reads, creates and links) and
 * Alertmanager's alert list, where drills {@code risk-api-slow}
 * and {@code ticks-stale} make the matching Prometheus alert fire.
 */
public final class EscalationFakes extends WireMockFake implements HttpServices {

    /** The webhook path a real Slack URL has: the secret is the last segments, here a made-up one. */
    public static final String SLACK_PATH = "/services/T0AETHER/B0RISKOPS/local-webhook";
    public static final String PAGERDUTY_PATH = "/v2/enqueue";
    public static final String JIRA_PATH = "/jira";
    public static final String ALERTMANAGER_PATH = "/alertmanager";
    /** Alert names the local environment maps checks to; a drill makes its alert fire. */
    public static final Map<String, String> ALERT_OF_DRILL = Map.of(
            "risk-api-slow", "RiskApiP99LatencyHigh",
            "ticks-stale", "MarketDataGap");

    private static final Logger LOG = LoggerFactory.getLogger(EscalationFakes.class);
    private static final String TEMPLATE = "response-template";
    private static final String JIRA_SCENARIO = "jira-incident";
    private static final String SLACK_SCENARIO = "slack-rate-limit";
    private static final String INCIDENT_OPEN = "incident open";
    private static final String INCIDENT_KEY = "RISK-101";

    private final Duration startup;
    private final JiraIssues jiraIssues;

    private EscalationFakes(WireMockServer server, Duration startup, JiraIssues jiraIssues) {
        super(server);
        this.startup = startup;
        this.jiraIssues = jiraIssues;
    }

    public static EscalationFakes start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        long started = System.nanoTime();
        JiraIssues jiraIssues = new JiraIssues(INCIDENT_KEY);
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .notifier(new Slf4jNotifier(false)).maxRequestJournalEntries(1000).extensions(jiraIssues));
        try {
            server.start();
            pagerDuty(server);
            slack(server);
            jira(server);
            jiraReview(server);
            alertmanager(server, drills.stream().map(Drill::id).collect(Collectors.toSet()));
        } catch (RuntimeException failed) {
            server.stop();
            throw new IllegalStateException("the escalation fakes (WireMock on 127.0.0.1) did not start: "
                    + failed.getMessage(), failed);
        }
        services.register("alertmanager-operated.monitoring.svc", 9093,
                new InetSocketAddress("127.0.0.1", server.port()));
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("escalation fakes (PagerDuty, Slack, Jira, Alertmanager) on http://127.0.0.1:{} after {} ms,"
                + " drills {}", server.port(), startup.toMillis(), drills);
        return new EscalationFakes(server, startup, jiraIssues);
    }

    /** 202 with the dedup key echoed (or one made up) for a well-formed event; 400 as PagerDuty words it. */
    private static void pagerDuty(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo(PAGERDUTY_PATH)).atPriority(5)
                .withRequestBody(matchingJsonPath("$.routing_key"))
                .withRequestBody(matchingJsonPath("$[?(@.event_action =~ /trigger|acknowledge|resolve/)]"))
                .withRequestBody(matchingJsonPath("$.dedup_key"))
                .willReturn(json(202).withTransformers(TEMPLATE).withBody("{\"status\":\"success\","
                        + "\"message\":\"Event processed\","
                        + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")));
        server.stubFor(post(urlPathEqualTo(PAGERDUTY_PATH)).atPriority(6)
                .withRequestBody(matchingJsonPath("$.routing_key"))
                .withRequestBody(matchingJsonPath("$[?(@.event_action == 'trigger')]"))
                .willReturn(json(202).withTransformers(TEMPLATE).withBody("{\"status\":\"success\","
                        + "\"message\":\"Event processed\",\"dedup_key\":\"{{randomValue length=32 type='HEXADECIMAL'"
                        + "}}\"}")));
        server.stubFor(post(urlPathEqualTo(PAGERDUTY_PATH)).atPriority(9)
                .willReturn(json(400).withBody("{\"status\":\"invalid event\",\"message\":\"Event object is"
                        + " invalid\",\"errors\":[\"'routing_key', 'event_action' or 'dedup_key' is missing or"
                        + " invalid\"]}")));
    }

    private static void slack(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).atPriority(5)
                .withRequestBody(matchingJsonPath("$.text"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("ok")));
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).atPriority(6)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/html")
                        .withBody("invalid_payload")));
        server.stubFor(post(urlPathMatching("/services/.*")).atPriority(9)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/html")
                        .withBody("no_service")));
    }

    /**
     * No incident is open until one is created; after that the search finds it, as Jira's would, so a second
     * failing run comments on it instead of filing a second one.
     */
    private static void jira(WireMockServer server) {
        String api = JIRA_PATH + "/rest/api/2";
        server.stubFor(get(urlPathEqualTo(api + "/search/jql")).atPriority(5)
                .inScenario(JIRA_SCENARIO).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200).withBody("{\"issues\":[],\"isLast\":true}")));
        server.stubFor(get(urlPathEqualTo(api + "/search/jql")).atPriority(5)
                .inScenario(JIRA_SCENARIO).whenScenarioStateIs(INCIDENT_OPEN)
                .willReturn(json(200).withBody("{\"issues\":[{\"id\":\"10101\",\"key\":\"" + INCIDENT_KEY
                        + "\"}],\"isLast\":true}")));
        server.stubFor(post(urlPathEqualTo(api + "/issue")).atPriority(5)
                .withRequestBody(matchingJsonPath("$.fields.project.key"))
                .withRequestBody(matchingJsonPath("$.fields.summary"))
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name"))
                .inScenario(JIRA_SCENARIO).willSetStateTo(INCIDENT_OPEN)
                .willReturn(json(201).withTransformers(TEMPLATE).withBody("{\"id\":\"10101\",\"key\":\""
                        + INCIDENT_KEY + "\",\"self\":\"{{request.baseUrl}}" + api + "/issue/10101\"}")));
        server.stubFor(post(urlPathEqualTo(api + "/issue")).atPriority(6)
                .willReturn(json(400).withBody("{\"errorMessages\":[],\"errors\":{\"summary\":"
                        + "\"You must specify a summary of the issue.\"}}")));
        server.stubFor(post(urlPathMatching(api + "/issue/[A-Z]+-[0-9]+/comment")).atPriority(5)
                .withRequestBody(matchingJsonPath("$.body"))
                .willReturn(json(201).withBody("{\"id\":\"10200\",\"body\":\"(recorded)\"}")));
        server.stubFor(post(urlPathMatching(api + "/issue/[A-Z]+-[0-9]+/attachments")).atPriority(5)
                .withHeader("X-Atlassian-Token", equalTo("no-check"))
                .willReturn(json(200).withBody("[{\"id\":\"10300\",\"filename\":\"aether-runbook-report.html\"}]")));
        server.stubFor(post(urlPathMatching(api + "/issue/[A-Z]+-[0-9]+/attachments")).atPriority(6)
                .withHeader("X-Atlassian-Token", absent())
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/plain")
                        .withBody("XSRF check failed")));
    }

    /**
     * What a post-incident review asks of Jira, answered from the issues the fake holds: reading an issue, uploading
     * to it with the XSRF header (without it the stub above refuses with 403), creating and finding follow-up tasks
     * by their label, and linking issues.
     */
    private static void jiraReview(WireMockServer server) {
        String api = JIRA_PATH + "/rest/api/2";
        String issue = api + "/issue/[A-Z][A-Z0-9_]+-[0-9]+";
        server.stubFor(get(urlPathMatching(issue)).atPriority(4)
                .willReturn(aResponse().withTransformers(JiraIssues.NAME)));
        server.stubFor(post(urlPathMatching(issue + "/attachments")).atPriority(4)
                .withHeader("X-Atlassian-Token", equalTo("no-check"))
                .willReturn(aResponse().withTransformers(JiraIssues.NAME)));
        server.stubFor(post(urlPathEqualTo(api + "/issue")).atPriority(4)
                .withRequestBody(matchingJsonPath("$.fields.labels[?(@ =~ /followup-.*/)]"))
                .willReturn(aResponse().withTransformers(JiraIssues.NAME)));
        server.stubFor(post(urlPathEqualTo(api + "/issueLink")).atPriority(4)
                .willReturn(aResponse().withTransformers(JiraIssues.NAME)));
        server.stubFor(get(urlPathEqualTo(api + "/search/jql")).atPriority(4)
                .withQueryParam("jql", containing("followup-"))
                .willReturn(aResponse().withTransformers(JiraIssues.NAME)));
    }

    /** The file names Jira holds as attachments of issue {@code key}, oldest first. */
    public List<String> attachmentsOf(String key) {
        return jiraIssues.attachments(key);
    }

    private static void alertmanager(WireMockServer server, Set<String> drillIds) {
        Instant since = Instant.now().minus(12, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<String> alerts = new ArrayList<>();
        new TreeMap<>(ALERT_OF_DRILL).forEach((drill, alertName) -> {
            if (drillIds.contains(drill)) {
                alerts.add(alert(alertName, since));
            }
        });
        server.stubFor(get(urlPathEqualTo(ALERTMANAGER_PATH + "/api/v2/alerts")).atPriority(5)
                .willReturn(json(200).withBody("[" + String.join(",", alerts) + "]")));
    }

    private static String alert(String alertName, Instant since) {
        String severity = "MarketDataGap".equals(alertName) ? "sev3" : "sev2";
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName);
        labels.put("namespace", "aether-prod");
        labels.put("service", "MarketDataGap".equals(alertName) ? "marketdata-ingestor" : "risk-api");
        labels.put("severity", severity);
        String labelJson = labels.entrySet().stream().map(label -> "\"" + label.getKey() + "\":\"" + label.getValue()
                + "\"").collect(Collectors.joining(","));
        return "{\"annotations\":{\"summary\":\"" + alertName + " firing\"},\"endsAt\":\""
                + since.plus(1, ChronoUnit.HOURS) + "\",\"fingerprint\":\"" + fingerprint(labels)
                + "\",\"receivers\":[{\"name\":\"pagerduty-risk\"}],\"startsAt\":\"" + since
                + "\",\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"},\"updatedAt\":\""
                + since + "\",\"generatorURL\":\"http://prometheus.monitoring.svc:9090/graph?g0.expr=ALERTS\","
                + "\"labels\":{" + labelJson + "}}";
    }

    /** Alertmanager's fingerprint is a 16-hex-digit hash of the label set; stable for the same labels. */
    public static String fingerprint(Map<String, String> labels) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(new TreeMap<>(labels).toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("SHA-256 is part of every JDK", missing);
        }
    }

    /** Makes Slack answer the next message with 429 and {@code Retry-After}, then accept it again. */
    public void rateLimitSlackOnce(Duration retryAfter) {
        server.stubFor(post(urlPathEqualTo(SLACK_PATH)).atPriority(1)
                .inScenario(SLACK_SCENARIO).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(
                        retryAfter.toSeconds())).withHeader("Content-Type", "text/html").withBody("rate_limited")));
    }

    @Override
    public Map<String, WireMockServer> httpServices() {
        return Map.of("pagerduty", server, "slack", server, "jira", server, "alertmanager", server);
    }

    @Override
    public String name() {
        return "escalation";
    }

    @Override
    public Map<String, String> endpoints() {
        String base = baseUrl();
        return Map.of(
                "escalation.pagerDuty.eventsUrl", base + PAGERDUTY_PATH,
                "escalation.slack.webhookUrl", base + SLACK_PATH,
                "escalation.jira.url", base + JIRA_PATH,
                "escalation.alertmanager.url", base + ALERTMANAGER_PATH);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Duration startupTime() {
        return startup;
    }

    /** Every request received under {@code pathPrefix} (e.g. {@link #PAGERDUTY_PATH}), oldest first. */
    public List<Received> received(String pathPrefix) {
        return server.findAll(anyRequestedFor(urlPathMatching(Pattern.quote(pathPrefix) + ".*")))
                .stream().map(EscalationFakes::received).collect(Collectors.toList());
    }

    private static Received received(LoggedRequest request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getHeaders().all().forEach(header -> headers.put(header.key(), header.firstValue()));
        return new Received(request.getMethod().value(), request.getUrl(), headers, request.getBodyAsString());
    }

    /** One request a fake received. */
    public record Received(String method, String url, Map<String, String> headers, String body) {
    }

    private static ResponseDefinitionBuilder json(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json");
    }
}
