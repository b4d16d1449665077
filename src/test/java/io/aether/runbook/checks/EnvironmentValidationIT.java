package io.aether.runbook.checks;

import static io.aether.runbook.junit.Checks.require;
import static io.qameta.allure.Allure.step;

import io.aether.runbook.config.Environment;
import io.aether.runbook.junit.Checks;
import io.aether.runbook.junit.GateCheck;
import io.aether.runbook.junit.Runbook;
import io.aether.runbook.junit.RunbookSection;
import io.aether.runbook.junit.Tags;
import io.aether.runbook.probe.http.ApplicationListObservation;
import io.aether.runbook.probe.http.ApplicationObservation;
import io.aether.runbook.probe.http.ArgoCdApplication;
import io.aether.runbook.probe.kubernetes.ClusterNodes;
import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.WebhookConfigurations;
import io.aether.runbook.verdict.http.ArgoCdJudge;
import io.aether.runbook.verdict.kubernetes.NodeJudge;
import io.aether.runbook.verdict.kubernetes.PolicyEngineJudge;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Runbook section 1: the cluster answers, Argo CD has applied Git, and the admission policy engines run. */
@RunbookSection(1)
@Tag(Tags.ENVIRONMENT)
@Feature("1. Environment validation")
@DisplayName("1. Environment validation")
class EnvironmentValidationIT {

    @GateCheck
    @Story("1.1 Confirm cluster access")
    @DisplayName("every node is Ready")
    void nodesAreReady(Runbook runbook) {
        ClusterNodes nodes = step("list the nodes", () -> runbook.kubernetes().nodes());

        require(NodeJudge.judge(nodes, runbook.environment().kubernetes().minReadyNodes(), Instant.now()));
    }

    @GateCheck
    @Story("1.2 Validate ArgoCD application status")
    @DisplayName("every application of the project is Synced and Healthy")
    void projectApplicationsAreSyncedAndHealthy(Runbook runbook) {
        Environment.ArgoCd argocd = runbook.environment().argocd();

        ApplicationListObservation applications = step("list the applications of project " + argocd.project(),
                () -> runbook.argocd().listApplications());

        require(ArgoCdJudge.project(applications, argocd.application()));
    }

    @GateCheck
    @Story("1.2 Validate ArgoCD application status")
    @DisplayName("the environment's application is Synced and Healthy")
    void applicationIsSyncedAndHealthy(Runbook runbook) {
        Environment.ArgoCd argocd = runbook.environment().argocd();

        require(step("get application " + argocd.application() + ", waiting out a sync in progress",
                () -> Checks.await("Argo CD application " + argocd.application(), runbook.environment().timeouts()
                                .sync(), () -> runbook.argocd().getApplication(argocd.application()),
                        observed -> ArgoCdJudge.application(observed, argocd.project()),
                        EnvironmentValidationIT::syncInProgress)));
    }

    @GateCheck
    @Story("1.3 Ensure policy engines are running")
    @DisplayName("Kyverno is available")
    void kyvernoIsAvailable(Runbook runbook) {
        Environment.Workload kyverno = runbook.environment().policyEngines().kyverno();

        DeploymentObservation deployment = step("get deployment " + kyverno.namespace() + "/"
                + kyverno.deployment(), () -> engineDeployment(runbook, kyverno));

        require(PolicyEngineJudge.available("Kyverno", deployment));
    }

    @GateCheck
    @Story("1.3 Ensure policy engines are running")
    @DisplayName("Gatekeeper is available")
    void gatekeeperIsAvailable(Runbook runbook) {
        Environment.Workload gatekeeper = runbook.environment().policyEngines().gatekeeper();

        DeploymentObservation deployment = step("get deployment " + gatekeeper.namespace() + "/"
                + gatekeeper.deployment(), () -> engineDeployment(runbook, gatekeeper));

        require(PolicyEngineJudge.available("Gatekeeper", deployment));
    }

    @GateCheck
    @Story("1.3 Ensure policy engines are running")
    @DisplayName("Kyverno's admission webhooks enforce policies")
    void kyvernoWebhooksEnforce(Runbook runbook) {
        requireWebhooks(runbook, "Kyverno", runbook.environment().policyEngines().kyverno());
    }

    @GateCheck
    @Story("1.3 Ensure policy engines are running")
    @DisplayName("Gatekeeper's admission webhooks enforce policies")
    void gatekeeperWebhooksEnforce(Runbook runbook) {
        requireWebhooks(runbook, "Gatekeeper", runbook.environment().policyEngines().gatekeeper());
    }

    private static void requireWebhooks(Runbook runbook, String engine, Environment.Workload workload) {
        WebhookConfigurations webhooks = step("list the validating webhook configurations",
                () -> runbook.once("validatingwebhookconfigurations", () -> runbook.kubernetes()
                        .validatingWebhooks()));

        DeploymentObservation deployment = step("get deployment " + workload.namespace() + "/"
                + workload.deployment(), () -> engineDeployment(runbook, workload));

        require(PolicyEngineJudge.webhooks(engine, workload.namespace(), webhooks, deployment));
    }

    /** A policy engine's deployment, read once per run for the checks of its availability and of its webhooks. */
    private static DeploymentObservation engineDeployment(Runbook runbook, Environment.Workload engine) {
        return runbook.once("deployment " + engine.namespace() + "/" + engine.deployment(),
                () -> runbook.kubernetes().deployment(engine.namespace(), engine.deployment()));
    }

    /** A sync still running, or resources still Progressing, may settle within the budget; nothing else will. */
    private static boolean syncInProgress(ApplicationObservation observed) {
        return observed.application().map(ArgoCdApplication::operationPhase).filter("Running"::equals).isPresent()
                || observed.application().map(ArgoCdApplication::healthStatus).filter("Progressing"::equals)
                .isPresent();
    }
}
