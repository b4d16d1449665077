package io.aether.runbook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed cost of {@code mvn verify} around the checks: runs it once as a user would (checks only, reports kept
 * apart from the operational ones) and subtracts what the run itself reports for the platform's boot, the checks and
 * the report rendering. What remains is Maven, JVM starts and the plugins around the checks.
 */
final class MavenOverhead {

    private static final Pattern BOOT = Pattern.compile("local platform up in (\\d+) ms");
    private static final Pattern RENDER = Pattern.compile("report rendered in (\\d+) ms");
    private static final Pattern STAMP = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) ");
    private static final Duration BUDGET = Duration.ofMinutes(5);

    private MavenOverhead() {
    }

    static Map<String, Object> measure(Path mavenHome, boolean offline) throws IOException, InterruptedException {
        Path log = Files.createDirectories(Path.of("target")).resolve("bench-mvn-verify.log");
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-ntp",
                "verify", "-Dselftests.skip=true", "-Dcheckstyle.skip", "-Dreports.dir=target/bench-verify-reports"));
        if (offline) {
            command.add("-o");
        }
        long started = System.nanoTime();
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(BUDGET.toMinutes(), TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            return Map.of("error", "mvn verify did not finish within " + BUDGET.toMinutes() + " minutes");
        }
        long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("exitCode", maven.exitValue());
        cost.put("totalMillis", totalMillis);
        long boot = first(lines, BOOT).orElse(0L);
        long checks = window(lines, "local platform up", "local platform stopped").orElse(0L);
        long render = first(lines, RENDER).orElse(0L);
        cost.put("bootMillis", boot);
        cost.put("checksMillis", checks);
        cost.put("renderMillis", render);
        cost.put("mavenAndJvmMillis", totalMillis - boot - checks - render);
        return cost;
    }

    private static Optional<Long> first(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(Long.parseLong(matcher.group(1)));
            }
        }
        return Optional.empty();
    }

    /** Milliseconds between the log lines that contain {@code from} and {@code to}, by their time stamps. */
    private static Optional<Long> window(List<String> lines, String from, String to) {
        Optional<LocalTime> start = stampOf(lines, from);
        Optional<LocalTime> end = stampOf(lines, to);
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(start.get(), end.get()).toMillis());
    }

    private static Optional<LocalTime> stampOf(List<String> lines, String text) {
        return lines.stream().filter(line -> line.contains(text)).map(STAMP::matcher).filter(Matcher::find)
                .map(matcher -> LocalTime.parse(matcher.group(1))).findFirst();
    }
}
