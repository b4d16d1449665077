package io.aether.runbook.verdict.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.KubernetesObservations;
import io.aether.runbook.probe.kubernetes.WebhookConfiguration;
import io.aether.runbook.probe.kubernetes.WebhookConfigurations;
import io.aether.runbook.verdict.Verdict;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PolicyEngineJudge (runbook 1.3)")
class PolicyEngineJudgeTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /** {@code kubectl get deploy -n kyverno kyverno -o yaml}, status as the controller reports it. */
    private static DeploymentObservation kyverno(int ready, String available, String reason) {
        Deployment deployment = YAML.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: kyverno
                  namespace: kyverno
                  generation: 1
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app.kubernetes.io/component: admission-controller
                status:
                  observedGeneration: 1
                  replicas: 1
                  updatedReplicas: 1
                  readyReplicas: %1$d
                  availableReplicas: %1$d
                  unavailableReplicas: %2$d
                  conditions:
                  - type: Available
                    status: "%3$s"
                    reason: %4$s
                  - type: Progressing
                    status: "True"
                    reason: NewReplicaSetAvailable
                """.formatted(ready, 1 - ready, available, reason), Deployment.class);
        return DeploymentObservation.found(KubernetesObservations.state(deployment, List.of()));
    }

    private static final DeploymentObservation UP = kyverno(1, "True", "MinimumReplicasAvailable");
    private static final DeploymentObservation DOWN = kyverno(0, "False", "MinimumReplicasUnavailable");

    /** Kyverno's resource webhook configuration as its Helm chart registers it. */
    private static WebhookConfiguration kyvernoWebhooks(String secondPolicy) {
        return KubernetesObservations.webhooks(YAML.unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: kyverno-resource-validating-webhook-cfg
                webhooks:
                - name: validate.kyverno.svc-fail
                  failurePolicy: Fail
                  sideEffects: NoneOnDryRun
                  admissionReviewVersions: [v1]
                  clientConfig:
                    service: {name: kyverno-svc, namespace: kyverno, path: /validate/fail}
                - name: validate.kyverno.svc-ignore
                  failurePolicy: %s
                  sideEffects: NoneOnDryRun
                  admissionReviewVersions: [v1]
                  clientConfig:
                    service: {name: kyverno-svc, namespace: kyverno, path: /validate/ignore}
                """.formatted(secondPolicy), ValidatingWebhookConfiguration.class));
    }

    private static final WebhookConfiguration GATEKEEPER = KubernetesObservations.webhooks(YAML.unmarshal("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: gatekeeper-validating-webhook-configuration
            webhooks:
            - name: validation.gatekeeper.sh
              failurePolicy: Ignore
              sideEffects: None
              admissionReviewVersions: [v1]
              clientConfig:
                service: {name: gatekeeper-webhook-service, namespace: gatekeeper-system, path: /v1/admit}
            """, ValidatingWebhookConfiguration.class));

    @Test
    @DisplayName("an engine with Available=True and an available replica passes")
    void availablePasses() {
        assertThat(PolicyEngineJudge.available("Kyverno", UP)).isEqualTo(Verdict.pass(
                "Kyverno is available: deployment kyverno/kyverno Available=True, 1 of 1 replicas available"));
    }

    @Test
    @DisplayName("an engine without available replicas fails on its Available condition")
    void downFails() {
        assertThat(PolicyEngineJudge.available("Kyverno", DOWN)).isEqualTo(Verdict.fail(
                "Kyverno is not available: deployment kyverno/kyverno Available=False (MinimumReplicasUnavailable),"
                        + " 0 of 1 replicas available; expected Available=True with at least one available"
                        + " replica; open runbook 1.3 Ensure policy engines are running"));
    }

    @Test
    @DisplayName("a missing engine deployment fails naming namespace and name")
    void missingFails() {
        DeploymentObservation missing = DeploymentObservation.missing("gatekeeper-system",
                "gatekeeper-controller-manager");

        assertThat(PolicyEngineJudge.available("Gatekeeper", missing)).isEqualTo(Verdict.fail(
                "Deployment gatekeeper-system/gatekeeper-controller-manager not found; expected Gatekeeper to run"
                        + " there with at least one available replica; open runbook 1.3 Ensure policy engines are"
                        + " running"));
    }

    @Test
    @DisplayName("registered webhooks of a running engine pass")
    void webhooksPass() {
        WebhookConfigurations all = WebhookConfigurations.listed(List.of(GATEKEEPER, kyvernoWebhooks("Ignore")));

        assertThat(PolicyEngineJudge.webhooks("Kyverno", "kyverno", all, UP)).isEqualTo(Verdict.pass(
                "Kyverno admission webhooks registered: kyverno-resource-validating-webhook-cfg"
                        + " [validate.kyverno.svc-fail: Fail, validate.kyverno.svc-ignore: Ignore]"));
    }

    @Test
    @DisplayName("a webhook that fails open while its engine is down is called out: policies are not enforced")
    void failOpenWhileDownFails() {
        WebhookConfigurations all = WebhookConfigurations.listed(List.of(GATEKEEPER, kyvernoWebhooks("Ignore")));

        assertThat(PolicyEngineJudge.webhooks("Kyverno", "kyverno", all, DOWN)).isEqualTo(Verdict.fail(
                "Kyverno is down and webhook validate.kyverno.svc-ignore (kyverno-resource-validating-webhook-cfg)"
                        + " fail open (failurePolicy Ignore): policies are not enforced, matching requests are"
                        + " admitted unchecked; expected Kyverno available behind its webhooks (deployment"
                        + " kyverno/kyverno); open runbook 1.3 Ensure policy engines are running"));
    }

    @Test
    @DisplayName("webhooks that fail closed while their engine is down reject admissions")
    void failClosedWhileDownFails() {
        WebhookConfigurations all = WebhookConfigurations.listed(List.of(kyvernoWebhooks("Fail")));

        assertThat(PolicyEngineJudge.webhooks("Kyverno", "kyverno", all, DOWN)).isEqualTo(Verdict.fail(
                "Kyverno is down and validate.kyverno.svc-fail (kyverno-resource-validating-webhook-cfg),"
                        + " validate.kyverno.svc-ignore (kyverno-resource-validating-webhook-cfg) fail closed"
                        + " (failurePolicy Fail): matching admission requests are rejected; expected Kyverno"
                        + " available behind its webhooks (deployment kyverno/kyverno); open runbook 1.3 Ensure"
                        + " policy engines are running"));
    }

    @Test
    @DisplayName("no webhook pointing at the engine's namespace fails")
    void unregisteredFails() {
        WebhookConfigurations all = WebhookConfigurations.listed(List.of(GATEKEEPER));

        assertThat(PolicyEngineJudge.webhooks("Kyverno", "kyverno", all, UP)).isEqualTo(Verdict.fail(
                "No ValidatingWebhookConfiguration sends admission requests to a service in namespace kyverno;"
                        + " expected Kyverno's admission webhooks to be registered; open runbook 1.3 Ensure policy"
                        + " engines are running"));
    }
}
