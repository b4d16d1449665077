package io.aether.runbook.bench;

import io.aether.runbook.junit.RunbookExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Records one pass of the runbook checks as the benchmark sees it: when each check started and ended, how it ended,
 * the requests it made to each fake, and the local platform's boot times, all from JUnit's own events.
 */
final class CheckTimeline implements TestExecutionListener {

    /** One check of the pass. */
    record Check(String name, long startedNanos, long endedNanos, String status, Map<String, Long> requests) {

        long millis() {
            return (endedNanos - startedNanos) / 1_000_000;
        }
    }

    private final Map<String, Long> started = new TreeMap<>();
    private final Map<String, Map<String, Long>> requests = new TreeMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final Map<String, Long> boot = new TreeMap<>();

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.startsWith(RunbookExtension.BOOT_PREFIX)) {
                boot.put(key.substring(RunbookExtension.BOOT_PREFIX.length()), Long.parseLong(value));
            } else if (key.startsWith(RunbookExtension.REQUESTS_PREFIX)) {
                requests.computeIfAbsent(test.getUniqueId(), id -> new TreeMap<>())
                        .put(key.substring(RunbookExtension.REQUESTS_PREFIX.length()), Long.parseLong(value));
            }
        });
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && started.containsKey(test.getUniqueId())) {
            checks.add(new Check(test.getDisplayName(), started.get(test.getUniqueId()), System.nanoTime(),
                    result.getStatus().name(), requests.getOrDefault(test.getUniqueId(), Map.of())));
        }
    }

    synchronized List<Check> checks() {
        return List.copyOf(checks);
    }

    synchronized Map<String, Long> boot() {
        return Map.copyOf(boot);
    }

    /** From the first check starting to the last one ending, in milliseconds; the boot is not in it. */
    synchronized long wallMillis() {
        long first = checks.stream().mapToLong(Check::startedNanos).min().orElse(0);
        long last = checks.stream().mapToLong(Check::endedNanos).max().orElse(0);
        return (last - first) / 1_000_000;
    }

    synchronized long longestMillis() {
        return checks.stream().mapToLong(Check::millis).max().orElse(0);
    }

    synchronized long sumMillis() {
        return checks.stream().mapToLong(Check::millis).sum();
    }
}
