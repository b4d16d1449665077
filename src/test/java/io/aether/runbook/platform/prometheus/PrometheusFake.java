package io.aether.runbook.platform.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.HttpServices;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.WireMockFake;
import io.aether.runbook.probe.prometheus.LatencyQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's HTTP API on loopback (one WireMock server): the risk API's P99 per evaluation of the section 4
 * window, following the latency the drills give the risk API, and the two alerting rules the environment expects.
 * The same server answers a read-only risk API endpoint with that latency, for the suite's own latency probe.
 * Fills {@code prometheus.url} and {@code latencyProbe.url}.
 */
public final class PrometheusFake extends WireMockFake implements HttpServices {

    /** The read-only risk API endpoint the suite's latency probe measures. */
    public static final String RISK_API_PATH = "/api/healthz";
    /** The rule group the fake's alerting rules live in, as a PrometheusRule would name it. */
    static final String RULE_GROUP = "aether-risk-slo";
    /** The expression of the market-data gap rule; the gap exporter's metric is this fake's own invention. */
    static final String GAP_METRIC = "marketdata_last_tick_timestamp_seconds";

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusFake.class);
    private static final ObjectMapper JSON = new ObjectMapper();


    private PrometheusFake(WireMockServer server) {
        super(server);
    }

    public static PrometheusFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        long started = System.nanoTime();
        RiskApiLatencyProfile profile = RiskApiLatencyProfile.of(drills);
        LatencyQuery latency = LatencyQuery.of(env);
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new Slf4jNotifier(false))
                .maxRequestJournalEntries(500)
                .extensions(new PrometheusQueryApi(latency, profile)));
        try {
            server.start();
            server.stubFor(any(urlPathEqualTo("/api/v1/query"))
                    .willReturn(aResponse().withTransformers(PrometheusQueryApi.NAME)));
            server.stubFor(get(urlPathEqualTo("/api/v1/rules")).willReturn(json(rules(env, profile, Instant.now()))));
            server.stubFor(get(urlPathEqualTo("/-/ready")).willReturn(aResponse().withStatus(200)
                    .withBody("Prometheus Server is Ready.\n")));
            server.stubFor(get(urlPathEqualTo(RISK_API_PATH)).willReturn(json("{\"status\":\"ok\","
                    + "\"service\":\"risk-api\"}").withUniformRandomDelay((int) profile.fastest().toMillis(),
                    (int) profile.slowest().toMillis())));
        } catch (RuntimeException failed) {
            server.stop();
            throw new IllegalStateException("the Prometheus fake (WireMock on 127.0.0.1) did not start: "
                    + failed.getMessage(), failed);
        }
        LOG.info("prometheus: HTTP API and risk API latency endpoint on http://127.0.0.1:{} after {} ms, risk API"
                + " answering in {}-{} ms, drills {}", server.port(), Duration.ofNanos(System.nanoTime() - started)
                .toMillis(), profile.fastest().toMillis(), profile.slowest().toMillis(), drills);
        return new PrometheusFake(server);
    }

    /** The {@code /api/v1/rules} answer: the two section 4 rules as the environment expects them. */
    static String rules(Environment env, RiskApiLatencyProfile profile, Instant now) {
        Environment.AlertRules expected = env.prometheus().rules();
        ObjectNode body = JSON.createObjectNode().put("status", "success");
        ObjectNode group = body.putObject("data").putArray("groups").addObject()
                .put("name", RULE_GROUP)
                .put("file", "/etc/prometheus/rules/prometheus-" + RULE_GROUP + ".yaml");
        ArrayNode rules = group.putArray("rules");
        Duration p99For = expected.riskApiP99().pendingFor() == null ? env.thresholds().riskApiP99Window()
                : expected.riskApiP99().pendingFor();
        ObjectNode p99 = rule(rules, expected.riskApiP99(), expected.severityLabel(),
                LatencyQuery.of(env).alertExpression(env.thresholds().riskApiP99()), p99For, now);
        if (profile.traffic() && profile.p99Seconds() > env.thresholds().riskApiP99().toNanos() / 1e9) {
            p99.put("state", "firing");
            ObjectNode alert = ((ArrayNode) p99.get("alerts")).addObject();
            alert.putObject("labels").put("alertname", expected.riskApiP99().name())
                    .put(expected.severityLabel(), expected.riskApiP99().severity());
            alert.putObject("annotations");
            alert.put("state", "firing").put("activeAt", now.minus(p99For).minusSeconds(60).toString())
                    .put("value", PrometheusQueryApi.value(profile.p99Seconds()));
        }
        Duration gapFor = expected.marketDataGap().pendingFor() == null ? Duration.ZERO
                : expected.marketDataGap().pendingFor();
        rule(rules, expected.marketDataGap(), expected.severityLabel(), "time() - max(" + GAP_METRIC + ") > "
                + LatencyQuery.number(env.thresholds().marketDataGap().toSeconds()), gapFor, now);
        group.put("interval", 30).put("limit", 0).put("evaluationTime", 0.000731).put("lastEvaluation",
                now.toString());
        return body.toString();
    }

    private static ObjectNode rule(ArrayNode rules, Environment.AlertRule expected, String severityLabel,
            String query, Duration pendingFor, Instant now) {
        ObjectNode rule = rules.addObject().put("state", "inactive").put("name", expected.name())
                .put("query", query).put("duration", pendingFor.toMillis() / 1000.0);
        rule.putObject("labels").put(severityLabel, expected.severity());
        rule.putObject("annotations").put("runbook", "runbook 4 Incident response and escalation");
        rule.putArray("alerts");
        return rule.put("health", "ok").put("evaluationTime", 0.000412).put("lastEvaluation", now.toString())
                .put("type", "alerting");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public Map<String, WireMockServer> httpServices() {
        return Map.of("prometheus", server);
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("prometheus.url", baseUrl(), "latencyProbe.url", baseUrl() + RISK_API_PATH);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The server itself, for self-tests that assert on the requests it received. */
    public WireMockServer wireMock() {
        return server;
    }
}
