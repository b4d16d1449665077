package io.aether.runbook.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.EnvironmentLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Escalation settings of the shipped environments")
class EscalationEnvironmentTest {

    private static final EnvironmentLoader NOTHING_EXPORTED = new EnvironmentLoader(Path.of("environments"),
            variable -> null);

    @Test
    void localEscalatesWithoutAnyExportedSecret() {
        Environment.Escalation escalation = NOTHING_EXPORTED.load("local", Map.of("escalation.enabled", "true"))
                .environment().escalation();

        assertThat(escalation.enabled()).isTrue();
        assertThat(escalation.policy().page()).containsExactly("sev2", "sev3");
        assertThat(escalation.slack().channel()).isEqualTo("#risk-ops");
        assertThat(escalation.alertmanager().alertNames()).containsEntry("riskApiP99", "RiskApiP99LatencyHigh");
    }

    @Test
    void prodDryRunNeedsNoEscalationSecretButEnablingItDoes() {
        EnvironmentLoader onlyChecks = new EnvironmentLoader(Path.of("environments"),
                variable -> variable.startsWith("ARGOCD") || variable.startsWith("TIMESCALE") ? "x" : null);

        assertThat(onlyChecks.load("prod", Map.of()).environment().escalation().enabled()).isFalse();
        assertThatThrownBy(() -> onlyChecks.load("prod", Map.of("escalation.enabled", "true")))
                .hasMessage("environments/prod.yaml: escalation.jira.tokenEnv: names the environment variable"
                        + " JIRA_API_TOKEN, which is not set. Fix: export JIRA_API_TOKEN before the run (the file"
                        + " holds only the variable's name)");
    }

    @Test
    void stagingOnlyNotifies() {
        Environment.Escalation staging = new EnvironmentLoader(Path.of("environments"), variable -> "x")
                .load("staging", Map.of()).environment().escalation();

        assertThat(staging.policy().page()).isEmpty();
        assertThat(staging.policy().notifyOnly()).isEqualTo(List.of("sev2", "sev3"));
    }

    @Test
    void aSeverityUnderBothPageAndNotifyIsRefused() {
        assertThatThrownBy(() -> NOTHING_EXPORTED.load("local", Map.of("escalation.policy.notifyOnly", "sev3")))
                .hasMessage("-Descalation.policy.notifyOnly=sev3: escalation.policy.notifyOnly: sev3 is listed"
                        + " under both page and notifyOnly. Fix: list sev3 under one of them");
    }
}
