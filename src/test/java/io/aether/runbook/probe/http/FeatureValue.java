package io.aether.runbook.probe.http;

import java.time.Instant;

/**
 * One requested feature of one entity as the Feast feature server answered it.
 *
 * @param status PRESENT, NOT_FOUND, NULL_VALUE or OUTSIDE_MAX_AGE; "ABSENT" when the answer left the feature out
 * @param eventTimestamp when the value was observed upstream; {@code null} when the answer gave none
 */
public record FeatureValue(String entity, String entityKey, String feature, String status, Instant eventTimestamp) {
}
