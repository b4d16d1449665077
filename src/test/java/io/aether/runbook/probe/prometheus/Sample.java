package io.aether.runbook.probe.prometheus;

import java.time.Instant;
import java.util.Locale;

/**
 * One value of a Prometheus series at one evaluation time. Prometheus writes values as strings, including
 * {@code NaN} (no requests counted) and {@code +Inf} (above the highest bucket), which Java does not parse.
 */
public record Sample(Instant at, double value) {

    /** Prometheus's value string, {@code "0.5"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}, as a double. */
    public static double parseValue(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text.trim());
        };
    }

    /** A Prometheus timestamp, seconds since the epoch with a millisecond fraction, as an instant. */
    public static Instant parseTime(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }

    public boolean isNaN() {
        return Double.isNaN(value);
    }
}
