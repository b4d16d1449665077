package io.aether.runbook.probe.http;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.LoadedEnvironment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.http.HttpFakes;
import io.aether.runbook.platform.http.LocalHttpEnvironment;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.http.IngressJudge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Ingress probe on the local platform (runbook 2.2)")
class IngressProbeTest {

    private static final Logger LOG = LoggerFactory.getLogger(IngressProbeTest.class);
    private static final String EXPECTED = "\"status\":\"ok\"";

    @Test
    void theRiskApiHostIsRoutedToTheHealthEndpoint() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            Environment env = LocalHttpEnvironment.withFakes(fakes).environment();

            IngressObservation observation = new IngressProbe(env, Secrets.none()).check();

            LOG.info("the Host header went out via {}", observation.via());
            assertThat(observation.via()).isIn("jdk-httpclient", "socket");
            assertThat(IngressJudge.health(observation, EXPECTED)).isEqualTo(Verdict.pass("GET " + fakes.baseUrl()
                    + "/api/healthz with Host risk.aether.local answered 200 with \"status\":\"ok\""));
            fakes.wireMock().verify(getRequestedFor(urlPathEqualTo("/api/healthz"))
                    .withHeader("Host", equalTo("risk.aether.local")));
        }
    }

    @Test
    void theSocketFallbackSendsTheSameHostAndGetsTheSameAnswer() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            Environment env = LocalHttpEnvironment.withFakes(fakes).environment();

            IngressObservation observation = new IngressProbe(env, Secrets.none()).overSocket();

            assertThat(observation.via()).isEqualTo("socket");
            assertThat(observation.exchange().header("content-type")).contains("application/json");
            assertThat(IngressJudge.health(observation, EXPECTED)).isEqualTo(Verdict.pass("GET " + fakes.baseUrl()
                    + "/api/healthz with Host risk.aether.local answered 200 with \"status\":\"ok\""));
        }
    }

    @Test
    void ingressNoRouteDrillIsReportedAsAMissingRule() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(),
                Set.of(Drill.INGRESS_NO_ROUTE))) {
            Environment env = LocalHttpEnvironment.withFakes(fakes).environment();

            Verdict verdict = IngressJudge.health(new IngressProbe(env, Secrets.none()).check(), EXPECTED);

            assertThat(verdict).isEqualTo(Verdict.fail("No ingress rule for Host risk.aether.local: GET "
                    + fakes.baseUrl() + "/api/healthz answered 404 from the ingress default backend (expected 200 with"
                    + " \"status\":\"ok\"); open runbook 2.2 Inspect ingress routing"));
        }
    }

    @Test
    void anotherHostReachesTheDefaultBackend() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            LoadedEnvironment loaded = LocalHttpEnvironment.withFakes(fakes,
                    Map.of("riskApi.host", "risk-staging.aether.local"), Map.of());

            Verdict verdict = IngressJudge.health(new IngressProbe(loaded.environment(), Secrets.none()).check(),
                    EXPECTED);

            assertThat(verdict).isEqualTo(Verdict.fail("No ingress rule for Host risk-staging.aether.local: GET "
                    + fakes.baseUrl() + "/api/healthz answered 404 from the ingress default backend (expected 200 with"
                    + " \"status\":\"ok\"); open runbook 2.2 Inspect ingress routing"));
        }
    }

    @Test
    void aClosedPortIsUnreachableNamingUrlAndTimeouts() throws IOException {
        int port = ArgoCdProbeTest.closedPort();
        String url = "http://127.0.0.1:" + port + "/api/healthz";
        Environment env = LocalHttpEnvironment.load(Map.of("riskApi.healthUrl", url), Map.of()).environment();
        IngressProbe probe = new IngressProbe(env, Secrets.none());

        Verdict viaClient = IngressJudge.health(probe.check(), EXPECTED);
        Verdict viaSocket = IngressJudge.health(probe.overSocket(), EXPECTED);

        Verdict expected = Verdict.fail("The risk API ingress is unreachable: GET " + url
                + " with Host risk.aether.local got no answer"
                + " (connection refused; connect timeout 2s, request timeout 5s); open runbook 2.2 Inspect ingress"
                + " routing");
        assertThat(viaClient).isEqualTo(expected);
        assertThat(viaSocket).isEqualTo(expected);
    }

    @Test
    void aSilentIngressCostsNoMoreThanTheRequestTimeoutOnEitherPath() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/api/healthz";
            Environment env = LocalHttpEnvironment.load(Map.of("riskApi.healthUrl", url, "timeouts.request", "300ms"),
                    Map.of()).environment();
            IngressProbe probe = new IngressProbe(env, Secrets.none());

            IngressObservation viaClient = probe.check();
            IngressObservation viaSocket = probe.overSocket();

            Verdict expected = Verdict.fail("The risk API ingress is unreachable: GET " + url
                    + " with Host risk.aether.local got no answer (no"
                    + " answer within the request timeout; connect timeout 2s, request timeout 300ms); open runbook"
                    + " 2.2 Inspect ingress routing");
            assertThat(IngressJudge.health(viaClient, EXPECTED)).isEqualTo(expected);
            assertThat(IngressJudge.health(viaSocket, EXPECTED)).isEqualTo(expected);
            assertThat(viaClient.exchange().duration()).isLessThan(Duration.ofSeconds(2));
            assertThat(viaSocket.exchange().duration()).isLessThan(Duration.ofSeconds(2));
        }
    }
}
