package io.aether.runbook.platform.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aether.runbook.platform.Drill;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The risk API as the ingress controller exposes it: its health endpoint answers only for the risk API's Host;
 * any other Host, or every Host once the rule is gone, reaches ingress-nginx's default backend and its 404.
 */
final class RiskApiIngress {

    static final String HEALTH_PATH = "/api/healthz";
    static final String DEFAULT_BACKEND_BODY = "default backend - 404";

    private RiskApiIngress() {
    }

    static void register(WireMockServer server, String host, Set<Drill> drills) {
        if (drills.contains(Drill.HEALTHZ_FAILING)) {
            server.stubFor(get(urlPathEqualTo(HEALTH_PATH))
                    .withHeader("Host", matching("(?i)" + Pattern.quote(host) + "(:\\d+)?"))
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(503)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"status\":\"degraded\",\"service\":\"risk-api\","
                                    + "\"checks\":{\"kafka\":\"ok\",\"timescaledb\":\"timeout\",\"feast\":\"ok\"}}")));
        } else if (!drills.contains(Drill.INGRESS_NO_ROUTE)) {
            // a client may add the port to Host; the ingress rule matches the name either way
            server.stubFor(get(urlPathEqualTo(HEALTH_PATH))
                    .withHeader("Host", matching("(?i)" + Pattern.quote(host) + "(:\\d+)?"))
                    .atPriority(1)
                    .willReturn(aResponse().withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"status\":\"ok\",\"service\":\"risk-api\",\"version\":\"1.14.2\","
                                    + "\"checks\":{\"kafka\":\"ok\",\"timescaledb\":\"ok\",\"feast\":\"ok\"},"
                                    + "\"time\":\"{{now}}\"}")
                            .withTransformers("response-template")));
        }
        server.stubFor(any(urlPathEqualTo(HEALTH_PATH)).atPriority(10)
                .willReturn(aResponse().withStatus(404)
                        .withHeader("Content-Type", "text/plain; charset=utf-8")
                        .withBody(DEFAULT_BACKEND_BODY)));
    }
}
