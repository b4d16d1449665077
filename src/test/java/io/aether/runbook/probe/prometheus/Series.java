package io.aether.runbook.probe.prometheus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One series of a Prometheus answer: its labels and its samples, oldest first. */
public record Series(Map<String, String> labels, List<Sample> samples) {

    public Series {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }

    /** The labels as PromQL writes them, {@code {handler="/api/risk"}}, or {@code {}} for an aggregate. */
    public String labelText() {
        return new TreeMap<>(labels).entrySet().stream()
                .map(label -> label.getKey() + "=" + LatencyQuery.quote(label.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
