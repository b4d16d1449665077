package io.aether.runbook.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The minimum, median and maximum of repeated measurements. */
record Spread(double min, double median, double max) {

    static Spread of(List<Long> values) {
        return ofRatios(values.stream().map(Long::doubleValue).toList());
    }

    static Spread ofRatios(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(sorted.size() - 1));
    }

    @Override
    public String toString() {
        return format(min) + " / " + format(median) + " / " + format(max);
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.2f", value);
    }
}
