package io.aether.runbook.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aether.runbook.probe.http.FeastProbe;
import io.aether.runbook.probe.http.FeatureFreshnessObservation;
import io.aether.runbook.probe.http.FeatureValue;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Feast feature freshness judge (runbook 3.2)")
class FeastJudgeTest {

    private static final String URL = "http://feast-online-prod.aether-prod.svc:6566/get-online-features";
    private static final List<String> FEATURES =
            List.of("market_features:last_price", "market_features:volatility_1h");
    private static final Map<String, List<String>> ENTITIES = Map.of("symbol", List.of("AAPL", "MSFT"));
    private static final Duration LIMIT = Duration.ofMinutes(15);
    private static final String STEP = "open runbook 3.2 Inspect Feast feature latency";
    private static final Instant SERVER_NOW = Instant.parse("2025-06-02T09:15:00Z");

    /** As the Python feature server answers: entity key column first, bare feature names, ISO timestamps. */
    private static final String ANSWER = """
            {"metadata":{"feature_names":["symbol","last_price","volatility_1h"]},
             "results":[
              {"values":["AAPL","MSFT"],"statuses":["PRESENT","PRESENT"],
               "event_timestamps":["1970-01-01T00:00:00Z","1970-01-01T00:00:00Z"]},
              {"values":[189.42,411.07],"statuses":["PRESENT","PRESENT"],
               "event_timestamps":["2025-06-02T09:14:58Z","2025-06-02T08:41:10Z"]},
              {"values":[0.0183,null],"statuses":["PRESENT","NOT_FOUND"],
               "event_timestamps":["2025-06-02T09:14:56.250000Z","1970-01-01T00:00:00Z"]}]}
            """;

    private static final String FRESH = """
            {"metadata":{"feature_names":["symbol","market_features__last_price","market_features__volatility_1h"]},
             "results":[
              {"values":["AAPL","MSFT"],"statuses":["PRESENT","PRESENT"],
               "event_timestamps":["1970-01-01T00:00:00Z","1970-01-01T00:00:00Z"]},
              {"values":[189.42,411.07],"statuses":["PRESENT","PRESENT"],
               "event_timestamps":["2025-06-02T09:14:58Z","2025-06-02T09:14:57Z"]},
              {"values":[0.0183,0.0141],"statuses":["PRESENT","PRESENT"],
               "event_timestamps":["2025-06-02T09:14:56Z","2025-06-02T09:14:55Z"]}]}
            """;

    @Test
    void freshPresentFeaturesPassOnTheServersClock() throws JsonProcessingException {
        Verdict verdict = FeastJudge.freshness(observation(FRESH, SERVER_NOW, SERVER_NOW.plusSeconds(600)), LIMIT);

        assertThat(verdict).isEqualTo(Verdict.pass("All 4 feature values (market_features:last_price,"
                + " market_features:volatility_1h for symbol AAPL, MSFT) are PRESENT and at most 15m old; the oldest"
                + " is 5s, market_features:volatility_1h for symbol MSFT (ages on the feature server's clock)"));
    }

    @Test
    void staleAndNotFoundValuesEachGetALine() throws JsonProcessingException {
        Verdict verdict = FeastJudge.freshness(observation(ANSWER, SERVER_NOW, SERVER_NOW), LIMIT);

        assertThat(verdict).isEqualTo(Verdict.fail("2 of 4 feature values are missing or stale (expected PRESENT"
                + " and at most 15m old; ages on the feature server's clock); " + STEP
                + "\n- market_features:last_price for symbol MSFT: 33m50s old (limit 15m)"
                + "\n- market_features:volatility_1h for symbol MSFT: NOT_FOUND (expected PRESENT)"));
    }

    @Test
    void withoutADateHeaderTheRunnersClockIsUsedAndSaid() throws JsonProcessingException {
        Instant runner = SERVER_NOW.plus(Duration.ofMinutes(20));

        Verdict verdict = FeastJudge.freshness(observation(FRESH, null, runner), LIMIT);

        assertThat(verdict).isEqualTo(Verdict.fail("4 of 4 feature values are missing or stale (expected PRESENT"
                + " and at most 15m old; ages on the runner's clock, the feature server sent no Date header); " + STEP
                + "\n- market_features:last_price for symbol AAPL: 20m2s old (limit 15m)"
                + "\n- market_features:volatility_1h for symbol AAPL: 20m4s old (limit 15m)"
                + "\n- market_features:last_price for symbol MSFT: 20m3s old (limit 15m)"
                + "\n- market_features:volatility_1h for symbol MSFT: 20m5s old (limit 15m)"));
    }

    @Test
    void anAgeExactlyAtTheLimitPasses() {
        FeatureValue value = new FeatureValue("symbol", "AAPL", "market_features:last_price", "PRESENT",
                SERVER_NOW.minus(LIMIT));
        FeatureFreshnessObservation observation = new FeatureFreshnessObservation(URL, answered(200, "{}"),
                List.of(value), SERVER_NOW, SERVER_NOW, null);

        assertThat(FeastJudge.freshness(observation, LIMIT).passed()).isTrue();
    }

    @Test
    void aFeatureLeftOutOfTheAnswerAndOutsideMaxAgeFail() {
        List<FeatureValue> values = List.of(
                new FeatureValue("symbol", "AAPL", "market_features:last_price", "ABSENT", null),
                new FeatureValue("symbol", "AAPL", "market_features:volatility_1h", "OUTSIDE_MAX_AGE",
                        SERVER_NOW.minus(Duration.ofHours(26))));
        FeatureFreshnessObservation observation = new FeatureFreshnessObservation(URL, answered(200, "{}"),
                values, SERVER_NOW, SERVER_NOW, null);

        assertThat(FeastJudge.freshness(observation, LIMIT)).isEqualTo(Verdict.fail("2 of 2 feature values are"
                + " missing or stale (expected PRESENT and at most 15m old; ages on the feature server's clock); "
                + STEP + "\n- market_features:last_price for symbol AAPL: not in the answer (expected PRESENT)"
                + "\n- market_features:volatility_1h for symbol AAPL: OUTSIDE_MAX_AGE (expected PRESENT), 26h old"));
    }

    @Test
    void anErrorStatusFailsWithTheServersDetail() {
        FeatureFreshnessObservation observation = new FeatureFreshnessObservation(URL,
                answered(500, "{\"detail\":\"Feature view market_features does not exist in project aether\"}"),
                List.of(), SERVER_NOW, SERVER_NOW, null);

        assertThat(FeastJudge.freshness(observation, LIMIT)).isEqualTo(Verdict.fail("The Feast feature server"
                + " answered 500 to POST " + URL + " (expected 200 with the requested features; body: {\"detail\":"
                + "\"Feature view market_features does not exist in project aether\"}); " + STEP));
    }

    @Test
    void unreachableIsInconclusiveNamingUrlAndTimeouts() {
        HttpExchange exchange = HttpExchange.unreachable("POST", URL, Duration.ofSeconds(3), Duration.ofSeconds(5),
                "connection refused", Duration.ofMillis(4));
        FeatureFreshnessObservation observation = new FeatureFreshnessObservation(URL, exchange, List.of(), null,
                SERVER_NOW, null);

        assertThat(FeastJudge.freshness(observation, LIMIT)).isEqualTo(Verdict.inconclusive("Cannot read online"
                + " features: POST " + URL + " got no answer (connection refused; connect timeout 3s, request"
                + " timeout 5s); " + STEP));
    }

    private static FeatureFreshnessObservation observation(String answer, Instant serverDate, Instant runnerTime)
            throws JsonProcessingException {
        return new FeatureFreshnessObservation(URL, answered(200, answer),
                FeastProbe.parseAnswer(answer, FEATURES, ENTITIES), serverDate, runnerTime, null);
    }

    private static HttpExchange answered(int status, String body) {
        return HttpExchange.answered("POST", URL, Duration.ofSeconds(3), Duration.ofSeconds(5), status,
                Map.of("content-type", List.of("application/json")), body, Duration.ofMillis(9));
    }
}
