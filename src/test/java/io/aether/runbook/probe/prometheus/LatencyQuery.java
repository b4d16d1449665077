package io.aether.runbook.probe.prometheus;

import io.aether.runbook.config.Environment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The PromQL of the section 4 P99, written exactly as Prometheus prints a parsed expression (sorted label
 * matchers, {@code sum by (le) (...)}, durations such as {@code 1m30s}), so that an alerting rule's expression as
 * {@code /api/v1/rules} returns it can be compared with what the environment file implies.
 *
 * @param window the threshold window the P99 must stay above to count as sustained
 * @param step how often the P99 is evaluated across that window
 */
public record LatencyQuery(
        String metric,
        Map<String, String> labels,
        String aggregation,
        Duration rateWindow,
        Duration window,
        Duration step,
        double quantile) {

    /** The quantile of the section 4 threshold. */
    public static final double P99 = 0.99;

    public LatencyQuery {
        Objects.requireNonNull(metric, "metric");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        Objects.requireNonNull(aggregation, "aggregation");
    }

    public static LatencyQuery of(Environment env) {
        Environment.LatencyHistogram histogram = env.prometheus().latency();
        return new LatencyQuery(histogram.metric(), histogram.labels(), histogram.aggregation(),
                histogram.rateWindow(), env.thresholds().riskApiP99Window(), histogram.step(), P99);
    }

    /** {@code METRIC_bucket{a="b"}}: the bucket series the quantile is taken from. */
    public String bucketSelector() {
        List<String> matchers = labelMatchers();
        return metric + "_bucket" + (matchers.isEmpty() ? "" : "{" + String.join(",", matchers) + "}");
    }

    /** The label matchers as Prometheus prints them: {@code name="value"}, Go-quoted, sorted as strings. */
    public List<String> labelMatchers() {
        return labels.entrySet().stream().map(label -> label.getKey() + "=" + quote(label.getValue()))
                .sorted().collect(Collectors.toList());
    }

    /** One P99 evaluation: {@code histogram_quantile(0.99, sum by (le) (rate(METRIC_bucket{...}[1m])))}. */
    public String quantileExpression() {
        return "histogram_quantile(" + number(quantile) + ", " + aggregation + " (rate(" + bucketSelector() + "["
                + duration(rateWindow) + "])))";
    }

    /** Every evaluation over the window in one instant query: a subquery, whose answer is a matrix. */
    public String windowQuery() {
        return quantileExpression() + "[" + duration(window) + ":" + duration(step) + "]";
    }

    /** The alerting rule's expression for a threshold in seconds: {@code <quantile expression> > 0.5}. */
    public String alertExpression(Duration threshold) {
        return quantileExpression() + " > " + number(threshold.toNanos() / 1e9);
    }

    /** How many evaluations the window holds at the step: the number a sustained breach must reach. */
    public int evaluationsPerWindow() {
        return (int) (window.toMillis() / step.toMillis());
    }

    /** A number as Go's {@code fmt.Sprint} prints a float64 in the ranges PromQL thresholds use. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A duration as Prometheus's {@code model.Duration} prints it: {@code 10m}, {@code 1m30s}, {@code 1d}. */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] sizes = {365L * 24 * 3_600_000, 7L * 24 * 3_600_000, 24L * 3_600_000, 3_600_000, 60_000, 1000, 1};
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    /** A label value as Go's {@code %q} quotes it, for the characters a label value realistically holds. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
