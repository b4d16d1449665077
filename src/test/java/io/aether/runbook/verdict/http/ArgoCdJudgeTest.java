package io.aether.runbook.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aether.runbook.probe.http.ApplicationListObservation;
import io.aether.runbook.probe.http.ApplicationObservation;
import io.aether.runbook.probe.http.ArgoCdApplication;
import io.aether.runbook.probe.http.ArgoCdProbe;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Argo CD judge (runbook 1.2)")
class ArgoCdJudgeTest {

    private static final String SERVER = "https://argocd.aether-prod.internal";
    private static final String LIST_URL = SERVER + "/api/v1/applications?projects=aether-risk";
    private static final String STEP = "open runbook 1.2 Validate ArgoCD application status";

    /** A child application whose Deployment is still rolling out. */
    private static final String PROGRESSING = """
            {"metadata":{"name":"aether-risk-feast-prod","namespace":"argocd","resourceVersion":"184470"},
             "spec":{"project":"aether-risk","source":{"repoURL":"https://git.aether.local/platform/aether-gitops.git",
               "path":"apps/aether-risk/feast/prod","targetRevision":"main"},
               "destination":{"server":"https://kubernetes.default.svc","namespace":"aether-prod"}},
             "status":{"resources":[
               {"group":"apps","version":"v1","kind":"Deployment","namespace":"aether-prod","name":"feast-online-prod",
                "status":"Synced","health":{"status":"Progressing",
                "message":"Waiting for rollout to finish: 1 of 2 updated replicas are available..."}},
               {"version":"v1","kind":"Service","namespace":"aether-prod","name":"feast-online-prod","status":"Synced",
                "health":{"status":"Healthy"}}],
              "sync":{"status":"Synced","revision":"3f9c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0"},
              "health":{"status":"Progressing"},
              "operationState":{"phase":"Succeeded","message":"successfully synced (all tasks run)",
               "startedAt":"2025-06-02T09:14:00Z","finishedAt":"2025-06-02T09:14:05Z"}}}
            """;

    /** Argo CD cannot render the manifests: sync Unknown and a ComparisonError, next to a harmless warning. */
    private static final String COMPARISON_ERROR = """
            {"metadata":{"name":"aether-risk-marketdata-prod","namespace":"argocd"},
             "spec":{"project":"aether-risk"},
             "status":{"resources":[],
              "sync":{"status":"Unknown"},
              "health":{"status":"Healthy"},
              "conditions":[
               {"type":"SharedResourceWarning","message":"ConfigMap/marketdata-ingestor-config is part of applications \
            argocd/aether-risk-marketdata-prod and aether-risk-prod","lastTransitionTime":"2025-06-02T09:00:00Z"},
               {"type":"ComparisonError","message":"Failed to load target state: failed to generate manifest for \
            source 1 of 1: rpc error: code = Unknown desc = authentication required",
                "lastTransitionTime":"2025-06-02T09:10:00Z"}]}}
            """;

    /** A sync that could not apply the new Deployment: the old pods keep serving, so health stays Healthy. */
    private static final String SYNC_FAILED = """
            {"metadata":{"name":"aether-risk-prod","namespace":"argocd"},
             "spec":{"project":"aether-risk"},
             "status":{"resources":[
               {"group":"apps","version":"v1","kind":"Deployment","namespace":"aether-prod","name":"risk-api-prod",
                "status":"OutOfSync","health":{"status":"Healthy"}}],
              "sync":{"status":"OutOfSync","revision":"9a41d07c2e5b4f3a8c1d6e7f0b2a3c4d5e6f7a8b"},
              "health":{"status":"Healthy"},
              "operationState":{"phase":"Failed","message":"one or more objects failed to apply, reason: \
            Deployment.apps \\"risk-api-prod\\" is invalid: spec.template.spec.containers[0].image: Required value",
               "startedAt":"2025-06-02T09:14:00Z","finishedAt":"2025-06-02T09:14:03Z"}}}
            """;

    /** A sync still applying its hooks; sync and health have not moved yet. */
    private static final String SYNC_RUNNING = """
            {"metadata":{"name":"aether-risk-prod","namespace":"argocd"},
             "spec":{"project":"aether-risk"},
             "status":{"resources":[],
              "sync":{"status":"Synced","revision":"3f9c2e1a7b4d5c6e8f90a1b2c3d4e5f6a7b8c9d0"},
              "health":{"status":"Healthy"},
              "operationState":{"phase":"Running","message":"waiting for completion of hook batch/Job/db-migrate",
               "startedAt":"2025-06-02T09:14:00Z"}}}
            """;

    @Test
    void projectPassesWhenEveryApplicationIsSyncedAndHealthy() throws IOException {
        Verdict verdict = ArgoCdJudge.project(list(fake("aether-risk-prod"), fake("aether-risk-marketdata-prod"),
                fake("aether-risk-feast-prod")), "aether-risk-prod");

        assertThat(verdict).isEqualTo(Verdict.pass("All 3 applications of project aether-risk are Synced and"
                + " Healthy: aether-risk-feast-prod, aether-risk-marketdata-prod, aether-risk-prod"));
    }

    @Test
    void degradedAppOfAppsIsReportedWithItsDegradedDeployment() throws IOException {
        Verdict verdict = ArgoCdJudge.project(list(fake("aether-risk-prod-degraded"),
                fake("aether-risk-marketdata-prod"), fake("aether-risk-feast-prod")), "aether-risk-prod");

        assertThat(verdict).isEqualTo(Verdict.fail("Argo CD project aether-risk: 1 of 3 applications failing (each"
                + " must be Synced and Healthy, with no error condition and no running or failed operation); " + STEP
                + "\n- Application aether-risk-prod: sync OutOfSync (expected Synced), health Degraded (expected"
                + " Healthy); out of sync: Deployment aether-prod/risk-api-prod; resources not healthy: Deployment"
                + " aether-prod/risk-api-prod Degraded (Deployment \"risk-api-prod\" exceeded its progress deadline)"));
    }

    @Test
    void everyFailingApplicationGetsItsOwnLineAndAMissingExpectedOneFails() throws IOException {
        Verdict verdict = ArgoCdJudge.project(list(PROGRESSING, COMPARISON_ERROR), "aether-risk-prod");

        assertThat(verdict).isEqualTo(Verdict.fail("Argo CD project aether-risk: 3 of 3 applications failing (each"
                + " must be Synced and Healthy, with no error condition and no running or failed operation); " + STEP
                + "\n- Application aether-risk-prod: not found in project aether-risk (expected it to exist)"
                + "\n- Application aether-risk-feast-prod: health Progressing (expected Healthy); resources not"
                + " healthy: Deployment aether-prod/feast-online-prod Progressing (Waiting for rollout to finish: 1 of"
                + " 2 updated replicas are available...)"
                + "\n- Application aether-risk-marketdata-prod: sync Unknown (expected Synced), condition"
                + " ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: rpc"
                + " error: code = Unknown desc = authentication required"));
    }

    @Test
    void aFailedSyncFailsTheApplicationEvenWhileItIsHealthy() throws IOException {
        Verdict verdict = ArgoCdJudge.application(found(SYNC_FAILED), "aether-risk");

        assertThat(verdict).isEqualTo(Verdict.fail("Application aether-risk-prod is not Synced and Healthy: sync"
                + " OutOfSync (expected Synced), last operation Failed: one or more objects failed to apply, reason:"
                + " Deployment.apps \"risk-api-prod\" is invalid: spec.template.spec.containers[0].image: Required"
                + " value; out of sync: Deployment aether-prod/risk-api-prod; " + STEP));
    }

    @Test
    void aRunningSyncFailsTheApplication() throws IOException {
        Verdict verdict = ArgoCdJudge.application(found(SYNC_RUNNING), "aether-risk");

        assertThat(verdict).isEqualTo(Verdict.fail("Application aether-risk-prod is not Synced and Healthy:"
                + " operation Running (expected none in progress); " + STEP));
    }

    @Test
    void aHealthyApplicationPassesWithItsRevision() throws IOException {
        Verdict verdict = ArgoCdJudge.application(found(fake("aether-risk-prod")), "aether-risk");

        assertThat(verdict).isEqualTo(Verdict.pass("Application aether-risk-prod is Synced and Healthy at revision"
                + " 3f9c2e1 (project aether-risk)"));
    }

    @Test
    void anApplicationOfAnotherProjectFails() throws IOException {
        Verdict verdict = ArgoCdJudge.application(found(fake("aether-risk-prod")), "aether-payments");

        assertThat(verdict).isEqualTo(Verdict.fail("Application aether-risk-prod belongs to project aether-risk"
                + " (expected aether-payments); " + STEP));
    }

    @Test
    void aMissingApplicationFailsWithArgoCdsOwnError() {
        String body = "{\"error\":\"applications.argoproj.io \\\"aether-risk-prod\\\" not found\",\"code\":5,"
                + "\"message\":\"applications.argoproj.io \\\"aether-risk-prod\\\" not found\"}";
        ApplicationObservation observation = new ApplicationObservation(SERVER, "aether-risk-prod",
                answered(SERVER + "/api/v1/applications/aether-risk-prod", 404, body), Optional.empty(),
                "applications.argoproj.io \"aether-risk-prod\" not found", null);

        assertThat(ArgoCdJudge.application(observation, "aether-risk")).isEqualTo(Verdict.fail("Application"
                + " aether-risk-prod does not exist on Argo CD https://argocd.aether-prod.internal (404:"
                + " applications.argoproj.io \"aether-risk-prod\" not found); expected it in project aether-risk; "
                + STEP));
    }

    @Test
    void anUnreachableServerIsInconclusiveNamingUrlAndTimeouts() {
        HttpExchange exchange = HttpExchange.unreachable("GET", LIST_URL, Duration.ofSeconds(3),
                Duration.ofSeconds(5), "no connection within the connect timeout", Duration.ofSeconds(3));
        ApplicationListObservation observation = new ApplicationListObservation(SERVER, "aether-risk", exchange,
                List.of(), null, null);

        assertThat(ArgoCdJudge.project(observation, "aether-risk-prod")).isEqualTo(Verdict.inconclusive("Cannot"
                + " list the applications of project aether-risk: GET " + LIST_URL + " got no answer (no connection"
                + " within the connect timeout; connect timeout 3s, request timeout 5s); " + STEP));
    }

    @Test
    void aRefusedTokenIsInconclusiveAndPointsAtTheTokenVariable() {
        ApplicationListObservation observation = new ApplicationListObservation(SERVER, "aether-risk",
                answered(LIST_URL, 401, "{\"error\":\"no session information\",\"code\":16,"
                        + "\"message\":\"no session information\"}"), List.of(), "no session information", null);

        assertThat(ArgoCdJudge.project(observation, "aether-risk-prod")).isEqualTo(Verdict.inconclusive("Cannot"
                + " list the applications of project aether-risk: GET " + LIST_URL + " answered 401 (no session"
                + " information); check the token named by argocd.tokenEnv and its project role; " + STEP));
    }

    private static ApplicationListObservation list(String... applications) throws JsonProcessingException {
        String body = "{\"metadata\":{\"resourceVersion\":\"184532\"},\"items\":[" + String.join(",", applications)
                + "]}";
        List<ArgoCdApplication> parsed = new ArrayList<>(ArgoCdProbe.parseList(body));
        return new ApplicationListObservation(SERVER, "aether-risk", answered(LIST_URL, 200, body), parsed, null,
                null);
    }

    private static ApplicationObservation found(String body) throws JsonProcessingException {
        ArgoCdApplication application = ArgoCdProbe.parseApplication(body);
        return new ApplicationObservation(SERVER, application.name(),
                answered(SERVER + "/api/v1/applications/" + application.name(), 200, body),
                Optional.of(application), null, null);
    }

    private static HttpExchange answered(String url, int status, String body) {
        return HttpExchange.answered("GET", url, Duration.ofSeconds(3), Duration.ofSeconds(5), status,
                Map.of("content-type", List.of("application/json")), body, Duration.ofMillis(42));
    }

    /** An application as the local platform's Argo CD serves it, its timestamps fixed instead of templated. */
    private static String fake(String name) throws IOException {
        try (InputStream in = ArgoCdJudgeTest.class.getResourceAsStream("/platform/http/argocd/" + name + ".json")) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return template.replaceAll("\\{\\{now[^}]*}}", "2025-06-02T09:15:00Z");
        }
    }
}
