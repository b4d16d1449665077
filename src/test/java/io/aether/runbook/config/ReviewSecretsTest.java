package io.aether.runbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EnvironmentLoader: the secrets of a post-incident review")
class ReviewSecretsTest {

    /** What prod needs exported for its checks, and nothing of section 5. */
    private static final Map<String, String> CHECKS_ONLY = Map.of("ARGOCD_AUTH_TOKEN", "argocd-token-1",
            "TIMESCALE_USER", "runbook", "TIMESCALE_PASSWORD", "timescale-password-2");

    private static EnvironmentLoader loader(Map<String, String> variables) {
        return new EnvironmentLoader(Path.of("environments"), variables::get);
    }

    @Test
    @DisplayName("a run that reviews no incident does not ask for the Grafana, pipeline or Jira tokens")
    void checksAloneNeedNoReviewSecrets() {
        Secrets secrets = loader(CHECKS_ONLY).load("prod", Map.of(), false).secrets();

        assertThat(secrets.value("GRAFANA_SERVICE_ACCOUNT_TOKEN")).isEmpty();
    }

    @Test
    @DisplayName("a review resolves them, and one that is not exported stops the run naming its key")
    void reviewResolvesItsSecrets() {
        Map<String, String> all = new java.util.HashMap<>(CHECKS_ONLY);
        all.putAll(Map.of("GRAFANA_SERVICE_ACCOUNT_TOKEN", "grafana-token-3", "CI_ARTIFACT_TOKEN", "ci-token-4",
                "JIRA_USER", "runbook-bot", "JIRA_API_TOKEN", "jira-token-5"));

        Secrets secrets = loader(all).load("prod", Map.of(), true).secrets();

        assertThat(secrets.redact("grafana-token-3 ci-token-4 jira-token-5")).isEqualTo("**** **** ****");
        assertThatThrownBy(() -> loader(CHECKS_ONLY).load("prod", Map.of(), true)).hasMessage("environments/"
                + "prod.yaml: escalation.jira.tokenEnv: names the environment variable JIRA_API_TOKEN, which is not"
                + " set. Fix: export JIRA_API_TOKEN before the run (the file holds only the variable's name)");
    }
}
