package io.aether.runbook.probe.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.LoadedEnvironment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.http.HttpFakes;
import io.aether.runbook.platform.http.LocalHttpEnvironment;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.http.ArgoCdJudge;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Argo CD probe on the local platform (runbook 1.2)")
class ArgoCdProbeTest {

    private static final String STEP = "open runbook 1.2 Validate ArgoCD application status";
    private static final String TOKEN = "argocd-selftest-token-7f3a";

    @Test
    void healthyPlatformPassesListAndGet() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            LoadedEnvironment loaded = LocalHttpEnvironment.withFakes(fakes);
            ArgoCdProbe probe = new ArgoCdProbe(loaded.environment(), loaded.secrets());

            ApplicationListObservation list = probe.listApplications();
            ApplicationObservation app = probe.getApplication("aether-risk-prod");

            assertThat(list.applications()).extracting(ArgoCdApplication::name).containsExactly("aether-risk-prod",
                    "aether-risk-marketdata-prod", "aether-risk-feast-prod");
            assertThat(list.exchange().body()).contains("\"reconciledAt\"").doesNotContain("{{now");
            assertThat(ArgoCdJudge.project(list, "aether-risk-prod")).isEqualTo(Verdict.pass("All 3 applications of"
                    + " project aether-risk are Synced and Healthy: aether-risk-feast-prod,"
                    + " aether-risk-marketdata-prod, aether-risk-prod"));
            assertThat(ArgoCdJudge.application(app, "aether-risk")).isEqualTo(Verdict.pass("Application"
                    + " aether-risk-prod is Synced and Healthy at revision 3f9c2e1 (project aether-risk)"));
        }
    }

    @Test
    void argocdDegradedDrillFailsNamingTheDegradedDeployment() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(),
                Set.of(Drill.ARGOCD_DEGRADED))) {
            LoadedEnvironment loaded = LocalHttpEnvironment.withFakes(fakes);
            ArgoCdProbe probe = new ArgoCdProbe(loaded.environment(), loaded.secrets());

            Verdict project = ArgoCdJudge.project(probe.listApplications(), "aether-risk-prod");
            Verdict app = ArgoCdJudge.application(probe.getApplication("aether-risk-prod"), "aether-risk");

            String problem = "sync OutOfSync (expected Synced), health Degraded (expected Healthy); out of sync:"
                    + " Deployment aether-prod/risk-api-prod; resources not healthy: Deployment"
                    + " aether-prod/risk-api-prod Degraded (Deployment \"risk-api-prod\" exceeded its progress"
                    + " deadline)";
            assertThat(project).isEqualTo(Verdict.fail("Argo CD project aether-risk: 1 of 3 applications failing"
                    + " (each must be Synced and Healthy, with no error condition and no running or failed"
                    + " operation); " + STEP + "\n- Application aether-risk-prod: " + problem));
            assertThat(app).isEqualTo(Verdict.fail("Application aether-risk-prod is not Synced and Healthy: "
                    + problem + "; " + STEP));
        }
    }

    @Test
    void anExpectedApplicationThatDoesNotExistFails() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            LoadedEnvironment loaded = LocalHttpEnvironment.withFakes(fakes);
            ArgoCdProbe probe = new ArgoCdProbe(loaded.environment(), loaded.secrets());

            Verdict app = ArgoCdJudge.application(probe.getApplication("aether-risk-staging"), "aether-risk");
            Verdict project = ArgoCdJudge.project(probe.listApplications(), "aether-risk-staging");

            assertThat(app).isEqualTo(Verdict.fail("Application aether-risk-staging does not exist on Argo CD "
                    + fakes.baseUrl() + " (404: applications.argoproj.io \"aether-risk-staging\" not found);"
                    + " expected it in project aether-risk; " + STEP));
            assertThat(project.message()).endsWith("\n- Application aether-risk-staging: not found in project"
                    + " aether-risk (expected it to exist)");
        }
    }

    @Test
    void theNamedTokenIsSentAndNeverShown() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of(), TOKEN)) {
            LoadedEnvironment loaded = LocalHttpEnvironment.withFakes(fakes,
                    Map.of("argocd.tokenEnv", "ARGOCD_AUTH_TOKEN"), Map.of("ARGOCD_AUTH_TOKEN", TOKEN));
            LoadedEnvironment withoutToken = LocalHttpEnvironment.withFakes(fakes);
            HttpRequest request = HttpRequest.newBuilder(URI.create(fakes.baseUrl()))
                    .header("Authorization", "Bearer " + TOKEN).build();

            Verdict authorised = ArgoCdJudge.project(
                    new ArgoCdProbe(loaded.environment(), loaded.secrets()).listApplications(), "aether-risk-prod");
            Verdict anonymous = ArgoCdJudge.project(
                    new ArgoCdProbe(withoutToken.environment(), Secrets.none()).listApplications(),
                    "aether-risk-prod");

            assertThat(authorised.passed()).isTrue();
            assertThat(anonymous).isEqualTo(Verdict.inconclusive("Cannot list the applications of project"
                    + " aether-risk: GET " + fakes.baseUrl() + "/api/v1/applications?projects=aether-risk answered"
                    + " 401 (no session information); check the token named by argocd.tokenEnv and its project role;"
                    + " " + STEP));
            assertThat(HttpTransport.describe(request, "", loaded.secrets()))
                    .isEqualTo("GET " + fakes.baseUrl() + "\nAuthorization: Bearer ****");
        }
    }

    @Test
    void aClosedPortIsUnreachableNamingUrlAndTimeouts() throws IOException {
        int port = closedPort();
        Environment env = LocalHttpEnvironment.load(Map.of("argocd.server", "http://127.0.0.1:" + port), Map.of())
                .environment();

        Verdict verdict = ArgoCdJudge.project(new ArgoCdProbe(env, Secrets.none()).listApplications(),
                "aether-risk-prod");

        assertThat(verdict).isEqualTo(Verdict.inconclusive("Cannot list the applications of project aether-risk:"
                + " GET http://127.0.0.1:" + port + "/api/v1/applications?projects=aether-risk got no answer"
                + " (connection refused; connect timeout 2s, request timeout 5s); " + STEP));
    }

    @Test
    void aServerThatNeverAnswersCostsNoMoreThanTheRequestTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Environment env = LocalHttpEnvironment.load(Map.of("argocd.server",
                    "http://127.0.0.1:" + silent.getLocalPort(), "timeouts.request", "300ms"), Map.of()).environment();

            ApplicationObservation observation =
                    new ArgoCdProbe(env, Secrets.none()).getApplication("aether-risk-prod");

            assertThat(observation.exchange().duration()).isLessThan(Duration.ofSeconds(2));
            assertThat(ArgoCdJudge.application(observation, "aether-risk")).isEqualTo(Verdict.inconclusive("Cannot"
                    + " get application aether-risk-prod: GET http://127.0.0.1:" + silent.getLocalPort()
                    + "/api/v1/applications/aether-risk-prod got no answer (no answer within the request timeout;"
                    + " connect timeout 2s, request timeout 300ms); " + STEP));
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
