package io.aether.runbook.verdict.http;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.http.FeatureFreshnessObservation;
import io.aether.runbook.probe.http.FeatureValue;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Judges Feast online features for runbook 3.2: every requested feature of every entity must be PRESENT with an
 * event timestamp no older than the staleness threshold. Ages are measured on the feature server's clock (its
 * Date header) when it gives one, so a runner with a skewed clock does not blame Feast.
 */
public final class FeastJudge {

    static final String STEP = "open runbook 3.2 Inspect Feast feature latency";
    static final String SERVER_CLOCK = "ages on the feature server's clock";
    static final String RUNNER_CLOCK = "ages on the runner's clock, the feature server sent no Date header";

    private FeastJudge() {
    }

    public static Verdict freshness(FeatureFreshnessObservation observation, Duration maxAge) {
        HttpExchange exchange = observation.exchange();
        if (!exchange.reachable()) {
            return Verdict.inconclusive("Cannot read online features: " + exchange.request() + " got no answer ("
                    + exchange.unreachableReason() + "); " + STEP);
        }
        if (exchange.status() != 200) {
            return Verdict.fail("The Feast feature server answered " + exchange.status() + " to "
                    + exchange.request() + " (expected 200 with the requested features; body: "
                    + exchange.bodyExcerpt(160) + "); " + STEP);
        }
        if (observation.problem() != null || observation.values().isEmpty()) {
            String problem = observation.problem() == null ? "no feature values in the answer" : observation.problem();
            return Verdict.inconclusive("Cannot read online features: " + exchange.request() + " answered 200 but "
                    + problem + "; " + STEP);
        }
        Instant clock = observation.serverDate() != null ? observation.serverDate() : observation.runnerTime();
        String clockName = observation.serverDate() != null ? SERVER_CLOCK : RUNNER_CLOCK;
        List<String> lines = new ArrayList<>();
        for (FeatureValue value : observation.values()) {
            problem(value, clock, maxAge).ifPresent(problem -> lines.add("- " + value.feature() + " for "
                    + value.entity() + " " + value.entityKey() + ": " + problem));
        }
        int total = observation.values().size();
        if (!lines.isEmpty()) {
            return Verdict.fail(lines.size() + " of " + total + " feature values are missing or stale (expected"
                    + " PRESENT and at most " + Durations.format(maxAge) + " old; " + clockName + "); " + STEP + "\n"
                    + String.join("\n", lines));
        }
        FeatureValue oldest = observation.values().stream()
                .max(Comparator.comparing(value -> age(value, clock))).orElseThrow();
        return Verdict.pass("All " + total + " feature values (" + scope(observation.values())
                + ") are PRESENT and at most " + Durations.format(maxAge) + " old; the oldest is "
                + Durations.format(age(oldest, clock)) + ", " + oldest.feature() + " for " + oldest.entity() + " "
                + oldest.entityKey() + " (" + clockName + ")");
    }

    private static Optional<String> problem(FeatureValue value, Instant clock, Duration maxAge) {
        if ("ABSENT".equals(value.status())) {
            return Optional.of("not in the answer (expected PRESENT)");
        }
        if (!"PRESENT".equals(value.status())) {
            String age = value.eventTimestamp() == null || value.eventTimestamp().equals(Instant.EPOCH) ? ""
                    : ", " + Durations.format(age(value, clock)) + " old";
            return Optional.of(value.status() + " (expected PRESENT)" + age);
        }
        if (value.eventTimestamp() == null) {
            return Optional.of("PRESENT without an event timestamp (expected one to judge its age)");
        }
        Duration age = age(value, clock);
        if (age.compareTo(maxAge) > 0) {
            return Optional.of(Durations.format(age) + " old (limit " + Durations.format(maxAge) + ")");
        }
        return Optional.empty();
    }

    /** Whole seconds, never negative: the Date header has one-second resolution. */
    static Duration age(FeatureValue value, Instant clock) {
        if (value.eventTimestamp() == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(value.eventTimestamp(), clock);
        return age.isNegative() ? Duration.ZERO : Duration.ofSeconds(age.toSeconds());
    }

    /** "market_features:last_price, market_features:volatility_1h for symbol AAPL, MSFT". */
    private static String scope(List<FeatureValue> values) {
        Set<String> features = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        values.forEach(value -> {
            features.add(value.feature());
            keys.add(value.entityKey());
        });
        return String.join(", ", features) + " for " + values.get(0).entity() + " " + String.join(", ", keys);
    }
}
