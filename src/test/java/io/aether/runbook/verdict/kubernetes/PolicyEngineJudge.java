package io.aether.runbook.verdict.kubernetes;

import io.aether.runbook.probe.kubernetes.DeploymentObservation;
import io.aether.runbook.probe.kubernetes.DeploymentState;
import io.aether.runbook.probe.kubernetes.WebhookConfiguration;
import io.aether.runbook.probe.kubernetes.WebhookConfigurations;
import io.aether.runbook.verdict.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges the policy engines (runbook 1.3): each engine's deployment is available, judged on its Available
 * condition and available replicas rather than on pod phase (a crash-looping pod is Running), and its admission
 * webhooks are registered. An engine that is down behind a webhook that fails open enforces nothing.
 */
public final class PolicyEngineJudge {

    private static final String IGNORE = "Ignore";

    private PolicyEngineJudge() {
    }

    /** @param engine the engine's name as operators say it ("Kyverno", "Gatekeeper") */
    public static Verdict available(String engine, DeploymentObservation observed) {
        if (!observed.reachable()) {
            return Verdict.inconclusive("Kubernetes API did not return deployment " + observed.ref() + ": "
                    + observed.error() + "; cannot tell whether " + engine + " is running; open "
                    + RunbookSteps.POLICY_ENGINES);
        }
        if (!observed.exists()) {
            return Verdict.fail("Deployment " + observed.ref() + " not found; expected " + engine + " to run there"
                    + " with at least one available replica; open " + RunbookSteps.POLICY_ENGINES);
        }
        DeploymentState state = observed.state();
        String counts = state.available() + " of " + state.desired() + " replicas available";
        if (isAvailable(state)) {
            return Verdict.pass(engine + " is available: deployment " + observed.ref() + " Available=True, "
                    + counts);
        }
        String condition = state.condition("Available")
                .map(c -> "Available=" + c.status() + (c.reason() == null ? "" : " (" + c.reason() + ")"))
                .orElse("no Available condition");
        return Verdict.fail(engine + " is not available: deployment " + observed.ref() + " " + condition + ", "
                + counts + "; expected Available=True with at least one available replica; open "
                + RunbookSteps.POLICY_ENGINES);
    }

    /**
     * Passes when a ValidatingWebhookConfiguration sends admission requests to a service in the engine's namespace
     * and the engine is up to answer them.
     *
     * @param engineNamespace the namespace of the engine's webhook service
     * @param deployment      the engine's deployment, to tell whether its webhooks are being answered
     */
    public static Verdict webhooks(String engine, String engineNamespace, WebhookConfigurations observed,
            DeploymentObservation deployment) {
        if (!observed.reachable()) {
            return Verdict.inconclusive("Kubernetes API did not list validating webhook configurations: "
                    + observed.error() + "; cannot tell whether " + engine + " receives admission requests; open "
                    + RunbookSteps.POLICY_ENGINES);
        }
        List<WebhookConfiguration> owned = observed.configurations().stream()
                .map(configuration -> servedFrom(configuration, engineNamespace)).flatMap(Optional::stream)
                .sorted(Comparator.comparing(WebhookConfiguration::name)).collect(Collectors.toList());
        if (owned.isEmpty()) {
            return Verdict.fail("No ValidatingWebhookConfiguration sends admission requests to a service in"
                    + " namespace " + engineNamespace + "; expected " + engine + "'s admission webhooks to be"
                    + " registered; open " + RunbookSteps.POLICY_ENGINES);
        }
        boolean down = deployment.reachable() && (!deployment.exists() || !isAvailable(deployment.state()));
        if (!down) {
            return Verdict.pass(engine + " admission webhooks registered: " + owned.stream()
                    .map(PolicyEngineJudge::describe).collect(Collectors.joining(", ")));
        }
        List<String> failingOpen = webhooks(owned, true);
        if (!failingOpen.isEmpty()) {
            return Verdict.fail(engine + " is down and " + (failingOpen.size() == 1 ? "webhook " : "webhooks ")
                    + String.join(", ", failingOpen) + " fail open (failurePolicy Ignore): policies are not"
                    + " enforced, matching requests are admitted unchecked; expected " + engine + " available"
                    + " behind its webhooks (deployment " + deployment.ref() + "); open "
                    + RunbookSteps.POLICY_ENGINES);
        }
        return Verdict.fail(engine + " is down and " + String.join(", ", webhooks(owned, false))
                + " fail closed (failurePolicy Fail): matching admission requests are rejected; expected " + engine
                + " available behind its webhooks (deployment " + deployment.ref() + "); open "
                + RunbookSteps.POLICY_ENGINES);
    }

    static boolean isAvailable(DeploymentState state) {
        return state.available() > 0 && state.condition("Available").map(c -> "True".equals(c.status()))
                .orElse(false);
    }

    private static Optional<WebhookConfiguration> servedFrom(WebhookConfiguration configuration, String namespace) {
        List<WebhookConfiguration.Webhook> served = configuration.webhooks().stream()
                .filter(webhook -> namespace.equals(webhook.serviceNamespace())).collect(Collectors.toList());
        return served.isEmpty() ? Optional.empty()
                : Optional.of(new WebhookConfiguration(configuration.name(), served));
    }

    /** Webhook names with their configuration, those that fail open ({@code ignoring}) or those that do not. */
    private static List<String> webhooks(List<WebhookConfiguration> configurations, boolean ignoring) {
        return configurations.stream().flatMap(configuration -> configuration.webhooks().stream()
                .filter(webhook -> IGNORE.equals(webhook.failurePolicy()) == ignoring)
                .map(webhook -> webhook.name() + " (" + configuration.name() + ")"))
                .collect(Collectors.toList());
    }

    private static String describe(WebhookConfiguration configuration) {
        return configuration.name() + " [" + configuration.webhooks().stream()
                .map(webhook -> webhook.name() + ": " + webhook.failurePolicy()).collect(Collectors.joining(", "))
                + "]";
    }
}
