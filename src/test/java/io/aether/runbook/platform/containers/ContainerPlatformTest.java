package io.aether.runbook.platform.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.platform.LocalPlatform;
import io.aether.runbook.platform.LocalPlatformStarters;
import io.aether.runbook.platform.PlatformProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The container provider for real: needs a Docker engine, and is skipped with that reason without one. Proves
 * that the same checks go green on the real images, the TimescaleDB-only ones included.
 */
@RequiresDockerEngine
@DisplayName("Container provider on a Docker engine")
class ContainerPlatformTest {

    private static final String HYPERTABLE = "the market tick table is a TimescaleDB hypertable partitioned on its"
            + " time column";
    private static final String JOBS = "no TimescaleDB background job failed its last run";

    @Test
    @DisplayName("sections 1 to 3 pass on the containers, and the TimescaleDB-only checks run rather than skip")
    void sectionsPassOnContainers() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("env", "local")
                .configurationParameter("fakes", "containers")
                .selectors(selectClass("io.aether.runbook.checks.EnvironmentValidationIT"),
                        selectClass("io.aether.runbook.checks.DeploymentHealthIT"),
                        selectClass("io.aether.runbook.checks.DataFreshnessIT"))
                .execute();

        assertThat(results.testEvents().failed().count()).isZero();
        assertThat(results.testEvents().skipped().count()).isZero();
        assertThat(results.testEvents().aborted().count()).isZero();
        Set<String> passed = results.testEvents().succeeded().stream()
                .map(event -> event.getTestDescriptor().getDisplayName()).collect(Collectors.toSet());
        assertThat(passed).contains(HYPERTABLE, JOBS);
    }

    @Test
    @DisplayName("the TimescaleDB container holds market_ticks as a hypertable, fed with ticks")
    void timescaleHoldsAHypertable() throws Exception {
        var environment = new EnvironmentLoader(Path.of("environments"), variable -> null).load("local", Map.of())
                .environment();
        Map<String, LocalPlatform.Starter> starters = Map.of("timescaledb",
                LocalPlatformStarters.containers().get("timescaledb"));
        try (LocalPlatform platform = LocalPlatform.start(environment, Set.of(), starters,
                PlatformProvider.CONTAINERS.bootBudget());
                Connection connection = DriverManager.getConnection(platform.endpoints().get("timescale.jdbcUrl"));
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from timescaledb_information.hypertables"
                        + " where hypertable_name = 'market_ticks'")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(1);
        }
    }
}
