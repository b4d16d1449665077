package io.aether.runbook.probe.http;

import java.time.Instant;
import java.util.List;

/**
 * What the Feast feature server answered to one {@code get-online-features} call: the status and event time of
 * every requested feature for every entity, and both clocks an age can be measured on.
 *
 * @param serverDate the feature server's {@code Date} header, {@code null} when it sent none
 * @param runnerTime the runner's clock when the answer arrived
 * @param problem why an answered body could not be read, else {@code null}
 */
public record FeatureFreshnessObservation(
        String url,
        HttpExchange exchange,
        List<FeatureValue> values,
        Instant serverDate,
        Instant runnerTime,
        String problem) {

    public FeatureFreshnessObservation {
        values = List.copyOf(values);
    }
}
