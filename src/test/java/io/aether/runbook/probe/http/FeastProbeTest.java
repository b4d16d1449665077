package io.aether.runbook.probe.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.http.HttpFakes;
import io.aether.runbook.platform.http.LocalHttpEnvironment;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.http.FeastJudge;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Feast probe on the local platform (runbook 3.2)")
class FeastProbeTest {

    private static final String STEP = "open runbook 3.2 Inspect Feast feature latency";

    @Test
    void freshFeaturesPassOnTheFeatureServersClock() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            Environment env = LocalHttpEnvironment.withFakes(fakes).environment();

            FeatureFreshnessObservation observation = new FeastProbe(env, Secrets.none()).readOnlineFeatures();

            assertThat(observation.serverDate()).isNotNull();
            assertThat(FeastJudge.freshness(observation, env.thresholds().featureStaleness())).isEqualTo(
                    Verdict.pass("All 4 feature values (market_features:last_price, market_features:volatility_1h for"
                            + " symbol AAPL, MSFT) are PRESENT and at most 15m old; the oldest is 4s,"
                            + " market_features:volatility_1h for symbol AAPL (ages on the feature server's clock)"));
            fakes.wireMock().verify(postRequestedFor(urlPathEqualTo("/get-online-features")).withRequestBody(
                    equalToJson("{\"features\":[\"market_features:last_price\",\"market_features:volatility_1h\"],"
                            + "\"entities\":{\"symbol\":[\"AAPL\",\"MSFT\"]}}")));
        }
    }

    @Test
    void feastStaleDrillFailsEveryFeatureWithItsAge() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(),
                Set.of(Drill.FEAST_STALE))) {
            Environment env = LocalHttpEnvironment.withFakes(fakes).environment();

            Verdict verdict = FeastJudge.freshness(new FeastProbe(env, Secrets.none()).readOnlineFeatures(),
                    env.thresholds().featureStaleness());

            assertThat(verdict).isEqualTo(Verdict.fail("4 of 4 feature values are missing or stale (expected"
                    + " PRESENT and at most 15m old; ages on the feature server's clock); " + STEP
                    + "\n- market_features:last_price for symbol AAPL: 1h2s old (limit 15m)"
                    + "\n- market_features:volatility_1h for symbol AAPL: 1h4s old (limit 15m)"
                    + "\n- market_features:last_price for symbol MSFT: 1h2s old (limit 15m)"
                    + "\n- market_features:volatility_1h for symbol MSFT: 1h4s old (limit 15m)"));
        }
    }

    @Test
    void anUnknownFeatureViewFailsWithTheServersDetail() {
        try (HttpFakes fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of())) {
            Environment env = LocalHttpEnvironment.withFakes(fakes,
                    Map.of("feast.features", "market_features:last_price,risk_features:var_99"), Map.of())
                    .environment();

            Verdict verdict = FeastJudge.freshness(new FeastProbe(env, Secrets.none()).readOnlineFeatures(),
                    env.thresholds().featureStaleness());

            assertThat(verdict).isEqualTo(Verdict.fail("The Feast feature server answered 500 to POST "
                    + fakes.baseUrl() + "/get-online-features (expected 200 with the requested features; body:"
                    + " {\"detail\":\"Feature view risk_features does not exist in project aether\"}); " + STEP));
        }
    }

    @Test
    void aClosedPortIsUnreachableNamingUrlAndTimeouts() throws IOException {
        int port = ArgoCdProbeTest.closedPort();
        Environment env = LocalHttpEnvironment.load(Map.of("feast.url", "http://127.0.0.1:" + port), Map.of())
                .environment();

        Verdict verdict = FeastJudge.freshness(new FeastProbe(env, Secrets.none()).readOnlineFeatures(),
                env.thresholds().featureStaleness());

        assertThat(verdict).isEqualTo(Verdict.inconclusive("Cannot read online features: POST http://127.0.0.1:"
                + port + "/get-online-features got no answer (connection refused; connect timeout 2s, request"
                + " timeout 5s); " + STEP));
    }
}
