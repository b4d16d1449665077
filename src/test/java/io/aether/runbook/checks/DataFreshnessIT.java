package io.aether.runbook.checks;

import static io.aether.runbook.junit.Checks.require;
import static io.qameta.allure.Allure.step;

import io.aether.runbook.junit.GateCheck;
import io.aether.runbook.junit.Runbook;
import io.aether.runbook.junit.RunbookSection;
import io.aether.runbook.junit.Tags;
import io.aether.runbook.probe.data.TickReading;
import io.aether.runbook.probe.data.TimescaleCatalog;
import io.aether.runbook.probe.data.TimescaleCatalogProbe;
import io.aether.runbook.probe.http.FeatureFreshnessObservation;
import io.aether.runbook.verdict.data.TickFreshnessJudge;
import io.aether.runbook.verdict.data.TimescaleCatalogJudge;
import io.aether.runbook.verdict.http.FeastJudge;
import io.qameta.allure.Feature;
import io.qameta.allure.Story;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runbook section 3: market data is arriving and the online features are fresh. Read-only: the suite judges the
 * event timestamps the feature server returns instead of materialising features itself.
 */
@RunbookSection(3)
@Tag(Tags.FRESHNESS)
@Feature("3. Data freshness verification")
@DisplayName("3. Data freshness verification")
class DataFreshnessIT {

    @GateCheck
    @Story("3.1 Query TimescaleDB for the latest market tick")
    @DisplayName("the newest market tick is within the market-data gap, on the database's clock")
    void marketTicksAreFresh(Runbook runbook) {
        TickReading reading = step("read the newest tick and the database's clock",
                () -> runbook.timescale().latestTick());

        require(TickFreshnessJudge.judge(reading, runbook.environment()));
    }

    @GateCheck
    @Story("3.2 Inspect Feast feature latency")
    @DisplayName("every online feature is present and fresh for every entity")
    void onlineFeaturesAreFresh(Runbook runbook) {
        FeatureFreshnessObservation features = step("look up the online features at "
                + runbook.environment().feast().url(), () -> runbook.feast().readOnlineFeatures());

        require(FeastJudge.freshness(features, runbook.environment().thresholds().featureStaleness()));
    }

    @Test
    @Story("3.1 Query TimescaleDB for the latest market tick")
    @DisplayName("the market tick table is a TimescaleDB hypertable partitioned on its time column")
    void tickTableIsAHypertable(Runbook runbook) {
        TimescaleCatalog catalog = step("read the TimescaleDB catalog", () -> timescaleCatalog(runbook).read());
        TimescaleCatalogJudge.notApplicable(catalog).ifPresent(Assumptions::abort);

        require(TimescaleCatalogJudge.hypertable(catalog));
    }

    @Test
    @Story("3.1 Query TimescaleDB for the latest market tick")
    @DisplayName("no TimescaleDB background job failed its last run")
    void backgroundJobsAreNotFailing(Runbook runbook) {
        TimescaleCatalog catalog = step("read the TimescaleDB jobs and their statistics",
                () -> timescaleCatalog(runbook).read());
        TimescaleCatalogJudge.notApplicable(catalog).ifPresent(Assumptions::abort);

        require(TimescaleCatalogJudge.jobs(catalog));
    }

    private static TimescaleCatalogProbe timescaleCatalog(Runbook runbook) {
        return runbook.shared(TimescaleCatalogProbe.class,
                run -> new TimescaleCatalogProbe(run.timescale()));
    }
}
