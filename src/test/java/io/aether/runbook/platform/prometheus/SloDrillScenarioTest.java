package io.aether.runbook.platform.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.aether.runbook.junit.InconclusiveCheck;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.LocalPlatformStarters;
import io.aether.runbook.platform.ServiceDirectory;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs the section 4 checks through the JUnit test kit on the local platform, healthy and under each risk API
 * drill, and asserts exactly which checks do not pass and what they say. Where the platform does not start the
 * Prometheus fake itself, this test starts one with the same drills and points the run at it.
 */
@DisplayName("Drills against section 4 thresholds")
class SloDrillScenarioTest {

    /** The section 4 check class, by name: check classes are package-private to their package. */
    private static final String CHECKS = "io.aether.runbook.checks.SloThresholdsIT";
    private static final String P99 = "risk API P99 latency has not been above its SEV-2 threshold for the whole"
            + " window (Prometheus)";
    private static final String MEASURED = "risk API P99 latency measured by the suite is within its SEV-2 threshold";
    private static final String GAP = "market-data gap is within its SEV-3 threshold";
    private static final String P99_RULE = "Prometheus holds the SEV-2 alerting rule on risk API P99 latency, as the"
            + " environment expects";
    private static final String GAP_RULE = "Prometheus holds the SEV-3 alerting rule on the market-data gap, as the"
            + " environment expects";

    @Test
    @DisplayName("the healthy local platform passes every section 4 check")
    void healthyPasses() {
        EngineExecutionResults results = run();

        assertThat(notPassed(results)).isEmpty();
        assertThat(results.testEvents().succeeded().stream().map(SloDrillScenarioTest::name))
                .containsExactlyInAnyOrder(P99, MEASURED, GAP, P99_RULE, GAP_RULE);
    }

    @Test
    @DisplayName("risk-api-slow fails the P99 checks, naming P99, the value and the threshold")
    void slowFailsP99() {
        Map<String, String> notPassed = notPassed(run(Drill.RISK_API_SLOW));

        assertThat(notPassed.keySet()).containsExactlyInAnyOrder(P99, MEASURED);
        assertThat(notPassed.get(P99)).contains("the risk API P99 of ", " has been above the 500ms SEV-2 threshold"
                + " for the whole 10m window", "worst 898ms");
        assertThat(notPassed.get(MEASURED)).contains("the risk API P99 measured by the suite is ",
                "above the 500ms SEV-2 threshold");
    }

    @Test
    @DisplayName("risk-api-spike passes, with the spike in the message")
    void spikePasses() {
        EngineExecutionResults results = run(Drill.RISK_API_SPIKE);

        assertThat(notPassed(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(5);
    }

    @Test
    @DisplayName("risk-api-no-traffic leaves the Prometheus P99 check inconclusive, never green")
    void noTrafficIsInconclusive() {
        Map<String, String> notPassed = notPassed(run(Drill.RISK_API_NO_TRAFFIC));

        assertThat(notPassed.keySet()).containsExactly(P99);
        assertThat(notPassed.get(P99)).startsWith(InconclusiveCheck.PREFIX + "no traffic: the risk API P99 of ")
                .contains("is NaN at the latest evaluation", "the 500ms SEV-2 threshold");
    }

    private static EngineExecutionResults run(Drill... drills) {
        Set<Drill> injected = drills.length == 0 ? Set.of() : EnumSet.of(drills[0], drills);
        Optional<PrometheusFake> own = LocalPlatformStarters.embedded().containsKey("prometheus") ? Optional.empty()
                : Optional.of(PrometheusFake.start(LocalSloEnvironment.unbooted(), injected, new ServiceDirectory()));
        own.ifPresent(fake -> fake.endpoints().forEach(System::setProperty));
        try {
            return EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("env", "local")
                    .configurationParameter("drill", String.join(",", Stream.of(drills).map(Drill::id).toList()))
                    .selectors(selectClass(CHECKS))
                    .execute();
        } finally {
            own.ifPresent(fake -> {
                fake.endpoints().keySet().forEach(System::clearProperty);
                fake.close();
            });
        }
    }

    /** Display name of each check that did not pass, to its message; a class that failed as a whole counts too. */
    private static Map<String, String> notPassed(EngineExecutionResults results) {
        Map<String, String> failures = new TreeMap<>();
        Stream.concat(results.testEvents().failed().stream(), results.containerEvents().failed().stream())
                .forEach(event -> failures.put(name(event), event.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")));
        return failures;
    }

    private static String name(Event event) {
        return event.getTestDescriptor().getDisplayName();
    }
}
