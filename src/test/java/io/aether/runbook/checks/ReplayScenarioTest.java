package io.aether.runbook.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.RunSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Replays the seed directories under {@code src/test/resources/replay/} on the local platform, runs runbook
 * sections 1 to 3 through the JUnit test kit, and asserts that each replayed state changes exactly the verdicts
 * it should, and that a malformed seed stops the run with its path and the reason.
 */
@DisplayName("Replayed cluster states against sections 1 to 3")
class ReplayScenarioTest {

    private static final String SEEDS = "src/test/resources/replay/";

    @Test
    @DisplayName("a Deployment dumped while its rollout was stuck fails exactly the rollout check")
    void stuckRolloutFailsTheRolloutCheck() {
        Map<String, String> failures = DrillScenarioTest.failures(run("rollout-stuck"));

        assertThat(failures).containsOnlyKeys("every risk API deployment is fully rolled out");
        assertThat(failures.get("every risk API deployment is fully rolled out")).contains("risk-api-prod")
                .contains("progress deadline exceeded");
    }

    @Test
    @DisplayName("a dumped Deployment whose controller has not observed its latest generation fails the rollout")
    void unobservedGenerationFailsTheRollout() {
        Map<String, String> failures = DrillScenarioTest.failures(run("generation-unobserved"));

        assertThat(failures).containsOnlyKeys("every risk API deployment is fully rolled out");
        assertThat(failures.get("every risk API deployment is fully rolled out")).contains("risk-api-prod")
                .contains("the controller has not observed generation");
    }

    @Test
    @DisplayName("replayed ticks ten minutes old stop the feeder and fail exactly the freshness check")
    void backdatedTicksFailFreshness() {
        Map<String, String> failures = DrillScenarioTest.failures(run("ticks-backdated"));

        String ticks = "the newest market tick is within the market-data gap, on the database's clock";
        assertThat(failures).containsOnlyKeys(ticks);
        assertThat(failures.get(ticks)).contains("market data is stale").contains("10m");
    }

    @Test
    @DisplayName("an Argo CD mapping answering a Degraded application fails the application check")
    void degradedApplicationMappingFailsArgoCd() {
        Map<String, String> failures = DrillScenarioTest.failures(run("argocd-degraded"));

        String application = "the environment's application is Synced and Healthy";
        assertThat(failures).containsOnlyKeys(application);
        assertThat(failures.get(application)).contains("aether-risk-prod").contains("Degraded");
    }

    @Test
    @DisplayName("a malformed seed file stops every section with its path and the reason, before any check")
    void malformedSeedIsRefused() {
        EngineExecutionResults results = run("malformed");

        assertThat(results.testEvents().started().count()).isZero();
        assertThat(DrillScenarioTest.failures(results)).containsOnlyKeys("1. Environment validation",
                "2. Deployment health checks", "3. Data freshness verification").allSatisfy((section, message) ->
                assertThat(message).isEqualTo(SEEDS + "malformed/broken.yaml: refused as a replay seed: not valid"
                        + " YAML: expected <block end>, but found '<block mapping start>' at line 6, column 2. Fix:"
                        + " correct or remove the file (see the README's \"Replaying a cluster's state\")"));
    }

    @Test
    @DisplayName("a seed directory that does not exist is refused before anything starts")
    void missingSeedDirectoryIsRefused() {
        RunSettings settings = new RunSettings(key -> "local.seed".equals(key) ? Optional.of("no/such/seed")
                : Optional.empty());

        assertThatThrownBy(settings::validate).isInstanceOf(ConfigException.class).hasMessage("-Dlocal.seed="
                + "no/such/seed: no such directory (resolved to " + Path.of("no/such/seed").toAbsolutePath()
                + "). Fix: name a directory of Kubernetes objects, SQL and http/<service>/ mappings, or drop"
                + " -Dlocal.seed");
    }

    private static EngineExecutionResults run(String seed) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("env", "local")
                .configurationParameter("drill", "")
                .configurationParameter("local.seed", SEEDS + seed)
                .selectors(selectClass(EnvironmentValidationIT.class), selectClass(DeploymentHealthIT.class),
                        selectClass(DataFreshnessIT.class))
                .execute();
    }
}
