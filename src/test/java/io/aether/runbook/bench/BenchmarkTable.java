package io.aether.runbook.bench;

import java.util.Map;

/** The benchmark's measurements as the console table an engineer reads after a run. */
final class BenchmarkTable {

    private BenchmarkTable() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> measured) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n[bench] %s runs on %s cores (min / median / max)%n", measured.get("runs"),
                measured.get("cores")));
        out.append(String.format("%n%-34s %s%n", "local platform boot (ms)", ""));
        ((Map<String, Object>) measured.get("boot")).forEach((fake, spread) ->
                out.append(String.format("  %-32s %s%n", fake, spread)));
        out.append(String.format("%n%-34s%n", "runbook run, sections 1 to 4"));
        ((Map<String, Object>) measured.get("run")).forEach((name, value) ->
                out.append(String.format("  %-32s %s%n", name, value)));
        out.append(String.format("%n%-62s %-22s %-10s %s%n", "check", "ms in parallel runs", "ms alone",
                "requests (alone)"));
        ((Map<String, Object>) measured.get("checks")).forEach((name, value) -> {
            Map<String, Object> check = (Map<String, Object>) value;
            out.append(String.format("  %-60s %-22s %-10s %s%n", shorten(name), check.get("millisInParallelRuns"),
                    check.get("millisAlone"), check.get("requests")));
        });
        out.append(String.format("%n%-34s%n", "dead dependencies (wall ms; failed checks and their ms)"));
        ((Map<String, Object>) measured.get("deadDependencies")).forEach((drill, cost) ->
                out.append(String.format("  %-32s %s%n", drill, cost)));
        out.append(String.format("%n%-34s %s%n", "report", measured.get("report")));
        if (measured.containsKey("mavenVerify")) {
            out.append(String.format("%-34s %s%n", "mvn verify (checks only)", measured.get("mavenVerify")));
        }
        out.append(String.format("%n%-34s%n", "targets"));
        ((Map<String, Object>) measured.get("targets")).forEach((name, target) ->
                out.append(String.format("  %-32s %s%n", name, ((Target) target).verdict())));
        return out.toString();
    }

    private static String shorten(String name) {
        return name.length() <= 60 ? name : name.substring(0, 57) + "...";
    }
}
