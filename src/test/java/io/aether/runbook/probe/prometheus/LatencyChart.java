package io.aether.runbook.probe.prometheus;

import java.time.Duration;
import java.util.Locale;

/**
 * Draws a latency sample as an SVG histogram the Allure report shows inline: the count of requests per latency
 * bin, the P50, P90 and P99 marks, and the threshold they are compared with.
 */
public final class LatencyChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 300;
    private static final int LEFT = 50;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 40;
    private static final int BINS = 24;

    private LatencyChart() {
    }

    public static String svg(LatencySample sample, Duration threshold) {
        LatencySample.LatencyDistribution distribution = sample.distribution();
        double upper = roundUp(Math.max(millis(distribution.max()), millis(threshold)) * 1.1);
        int[] counts = new int[BINS];
        sample.latencies().forEach(latency -> counts[Math.min(BINS - 1, (int) (millis(latency) / upper * BINS))]++);
        int highest = 1;
        for (int count : counts) {
            highest = Math.max(highest, count);
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"12\">risk API latency, %d of %d"
                + " requests answered: P50 %s, P90 %s, P99 %s, max %s</text>%n", LEFT, distribution.count(),
                sample.requested(), label(distribution.p50()), label(distribution.p90()), label(distribution.p99()),
                label(distribution.max())));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double binWidth = (double) plotWidth / BINS;
        for (int bin = 0; bin < BINS; bin++) {
            double height = (double) counts[bin] / highest * plotHeight;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"#4c78a8\"><title>%d requests</title></rect>%n", LEFT + bin * binWidth + 1,
                    TOP + plotHeight - height, binWidth - 2, height, counts[bin]));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double x = LEFT + plotWidth * tick / 4.0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f ms</text>%n",
                    x, TOP + plotHeight + 16, upper * tick / 4));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\">requests"
                + " (max %d per bin)</text>%n", TOP + plotHeight, TOP + plotHeight, highest));
        mark(svg, "P50", distribution.p50(), upper, "#54a24b", 0);
        mark(svg, "P90", distribution.p90(), upper, "#eeca3b", 12);
        mark(svg, "P99", distribution.p99(), upper, "#f58518", 24);
        mark(svg, "threshold " + label(threshold), threshold, upper, "#e45756", 36);
        return svg.append("</svg>\n").toString();
    }

    private static void mark(StringBuilder svg, String name, Duration at, double upper, String colour, int offset) {
        double x = LEFT + (WIDTH - LEFT - RIGHT) * millis(at) / upper;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                + " stroke-width=\"2\" stroke-dasharray=\"5,3\"/>%n", x, TOP, x, HEIGHT - BOTTOM, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s</text>%n", x + 3,
                TOP + 10 + offset, colour, name));
    }

    /** The axis end: the next half step of the value's order of magnitude, so that quarter ticks read well. */
    private static double roundUp(double millis) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(millis, 1))));
        return Math.ceil(millis / magnitude * 2) / 2 * magnitude;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    /** A latency for people: whole milliseconds, or tenths below ten. */
    public static String label(Duration duration) {
        double ms = millis(duration);
        return ms < 10 ? String.format(Locale.ROOT, "%.1fms", ms) : Math.round(ms) + "ms";
    }
}
