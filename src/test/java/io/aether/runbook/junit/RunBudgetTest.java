package io.aether.runbook.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

@DisplayName("The whole-run budget")
class RunBudgetTest {

    private static final Duration BUDGET = Duration.ofSeconds(3);
    /** The watchdog interrupts at the budget; the margin covers the interrupted wait unwinding, not speed. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    @Test
    @DisplayName("stops the check still running when it is spent, and starts none after it, naming the budget")
    void stopsTheRunWhenSpent() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("env", "local")
                .configurationParameter("drill", "")
                .configurationParameter("timeouts.run", "3s")
                .selectors(selectClass(SlowSection.class))
                .execute();

        Map<String, String> failures = new TreeMap<>();
        results.testEvents().failed().stream().forEach(event -> failures.put(
                event.getTestDescriptor().getDisplayName(), message(event)));
        assertThat(failures).containsOnly(
                Map.entry("a check that waits for a state that never comes",
                        "Run budget spent: the run budget of 3s (timeouts.run) was spent while this check was still"
                                + " running, so it was stopped; raise timeouts.run (e.g. -Dtimeouts.run=20m) or"
                                + " select fewer checks with -Dgroups"),
                Map.entry("a check due after the budget is spent",
                        "Run budget spent: the run budget of 3s (timeouts.run) was spent before this check started,"
                                + " so it did not run; raise timeouts.run (e.g. -Dtimeouts.run=20m) or select fewer"
                                + " checks with -Dgroups"));
        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        Duration stopped = Duration.between(started(results, "a check that waits for a state that never comes"),
                finished(results, "a check that waits for a state that never comes"));
        assertThat(stopped).as("how long the slow check ran; its own wait budget was 10 minutes")
                .isLessThan(BUDGET.plus(MARGIN));
    }

    private static java.time.Instant started(EngineExecutionResults results, String check) {
        return results.testEvents().started().stream().filter(event -> named(event, check)).findFirst()
                .orElseThrow().getTimestamp();
    }

    private static java.time.Instant finished(EngineExecutionResults results, String check) {
        return results.testEvents().finished().stream().filter(event -> named(event, check)).findFirst()
                .orElseThrow().getTimestamp();
    }

    private static boolean named(Event event, String check) {
        return event.getTestDescriptor().getDisplayName().equals(check);
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("");
    }

    /** A section whose second check would outlast any run budget; run only through the test kit above. */
    @RunbookSection(0)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SlowSection {

        @Test
        @Order(1)
        @DisplayName("a check within the budget")
        void quick(Runbook runbook) {
            assertThat(runbook.budget().budget()).isEqualTo(BUDGET);
        }

        @Test
        @Order(2)
        @DisplayName("a check that waits for a state that never comes")
        void slow(Runbook runbook) {
            Checks.require(Checks.await("a state that never comes", Duration.ofMinutes(10), () -> "still waiting",
                    waiting -> Verdict.fail("the state never came"), waiting -> true));
        }

        @Test
        @Order(3)
        @DisplayName("a check due after the budget is spent")
        void late(Runbook runbook) {
            assertThat(runbook.environment().name()).isEqualTo("local");
        }
    }
}
