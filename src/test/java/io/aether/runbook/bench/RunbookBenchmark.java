package io.aether.runbook.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.report.ReportRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Measures, in one invocation on the local platform, what a run of runbook sections 1 to 4 costs: the platform's
 * boot per fake, each check's duration and requests, the run's wall time against its longest check and against the
 * sum of all checks, what a dead dependency costs, and what rendering the report costs. Repeats the healthy run
 * {@code bench.runs} times and reports min, median and max; writes a table to the console and JSON to
 * {@code reports/bench/}.
 */
public final class RunbookBenchmark {

    static final List<String> SECTIONS = List.of("io.aether.runbook.checks.EnvironmentValidationIT",
            "io.aether.runbook.checks.DeploymentHealthIT", "io.aether.runbook.checks.DataFreshnessIT",
            "io.aether.runbook.checks.SloThresholdsIT");
    static final List<String> DEAD_DEPENDENCIES = List.of("kafka-down", "nats-down", "postgres-down",
            "kafka-blackhole", "postgres-blackhole", "http-blackhole");

    /** Targets of a run on a 2-core machine. */
    static final long BOOT_TARGET_MILLIS = 5_000;
    static final double WALL_TO_LONGEST_TARGET = 1.5;
    static final long SINGLE_FILE_TARGET_BYTES = 10L * 1024 * 1024;

    private final Path allureHome;
    private final Path reports;
    private final int runs;

    RunbookBenchmark(Path allureHome, Path reports, int runs) {
        this.allureHome = allureHome;
        this.reports = reports;
        this.runs = runs;
    }

    /** Arguments: the unpacked Allure command line and the reports folder. */
    public static void main(String[] args) throws IOException, InterruptedException {
        // the benchmark's own passes must neither escalate nor land in the operational report
        System.setProperty("runbook.selftest", "true");
        Path results = Path.of("target", "bench-allure-results");
        System.setProperty("allure.results.directory", results.toString());
        RunbookBenchmark benchmark = new RunbookBenchmark(Path.of(args[0]), Path.of(args[1]),
                Integer.getInteger("bench.runs", 3));
        Map<String, Object> measured = benchmark.measure(results);
        benchmark.write(measured);
    }

    Map<String, Object> measure(Path results) throws IOException, InterruptedException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("measuredAt", Instant.now().toString());
        out.put("runs", runs);
        out.put("cores", Runtime.getRuntime().availableProcessors());

        List<CheckTimeline> healthy = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            deleteTree(results);
            healthy.add(pass("", true));
        }
        out.put("boot", bootStats(healthy));
        out.put("run", runStats(healthy));

        CheckTimeline sequential = pass("", false);
        out.put("checks", checkStats(healthy, sequential));

        out.put("deadDependencies", deadDependencies());
        out.put("report", renderCost(results));
        if (Boolean.parseBoolean(System.getProperty("bench.maven", "true"))
                && System.getProperty("maven.home") != null) {
            out.put("mavenVerify", MavenOverhead.measure(Path.of(System.getProperty("maven.home")),
                    Boolean.getBoolean("bench.offline")));
        }
        out.put("targets", targets(out));
        return out;
    }

    private CheckTimeline pass(String drill, boolean parallel) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(SECTIONS.stream().map(name -> selectClass(name)).collect(Collectors.toList()))
                .configurationParameter("env", "local")
                .configurationParameter("drill", drill)
                .configurationParameter("runbook.bench", "true");
        if (parallel) {
            request.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8");
        }
        LauncherDiscoveryRequest discovery = request.build();
        CheckTimeline timeline = new CheckTimeline();
        LauncherFactory.create().execute(discovery, timeline);
        return timeline;
    }

    private static Map<String, Object> bootStats(List<CheckTimeline> passes) {
        Map<String, List<Long>> byFake = new TreeMap<>();
        passes.forEach(pass -> pass.boot().forEach((fake, millis) ->
                byFake.computeIfAbsent(fake, key -> new ArrayList<>()).add(millis)));
        Map<String, Object> stats = new LinkedHashMap<>();
        byFake.forEach((fake, millis) -> stats.put(fake, Spread.of(millis)));
        return stats;
    }

    private static Map<String, Object> runStats(List<CheckTimeline> passes) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("wallMillis", Spread.of(passes.stream().map(CheckTimeline::wallMillis).toList()));
        stats.put("longestCheckMillis", Spread.of(passes.stream().map(CheckTimeline::longestMillis).toList()));
        stats.put("sumOfChecksMillis", Spread.of(passes.stream().map(CheckTimeline::sumMillis).toList()));
        stats.put("wallToLongest", Spread.ofRatios(passes.stream()
                .map(pass -> ratio(pass.wallMillis(), pass.longestMillis())).toList()));
        stats.put("wallToSum", Spread.ofRatios(passes.stream()
                .map(pass -> ratio(pass.wallMillis(), pass.sumMillis())).toList()));
        stats.put("failedChecks", passes.stream().flatMap(pass -> pass.checks().stream())
                .filter(check -> failed(check)).map(CheckTimeline.Check::name)
                .distinct().toList());
        return stats;
    }

    private static Map<String, Object> checkStats(List<CheckTimeline> parallel, CheckTimeline sequential) {
        Map<String, List<Long>> durations = new TreeMap<>();
        parallel.forEach(pass -> pass.checks().forEach(check ->
                durations.computeIfAbsent(check.name(), key -> new ArrayList<>()).add(check.millis())));
        Map<String, Object> stats = new TreeMap<>();
        for (CheckTimeline.Check check : sequential.checks()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("millisInParallelRuns", Spread.of(durations.getOrDefault(check.name(), List.of())));
            one.put("millisAlone", check.millis());
            one.put("requests", check.requests());
            stats.put(check.name(), one);
        }
        return stats;
    }

    private Map<String, Object> deadDependencies() {
        Map<String, Object> costs = new LinkedHashMap<>();
        for (String drill : DEAD_DEPENDENCIES) {
            if (Drill.byName(drill).isEmpty()) {
                continue;
            }
            CheckTimeline pass = pass(drill, true);
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("wallMillis", pass.wallMillis());
            cost.put("failedChecks", pass.checks().stream().filter(check -> failed(check))
                    .collect(Collectors.toMap(CheckTimeline.Check::name, CheckTimeline.Check::millis,
                            (a, b) -> a, TreeMap::new)));
            costs.put(drill, cost);
        }
        return costs;
    }

    /** Renders the last healthy pass's results, as {@code mvn verify} does, and weighs the single file. */
    private Map<String, Object> renderCost(Path results) throws IOException, InterruptedException {
        Path target = Files.createDirectories(Path.of("target", "bench-report"));
        deleteTree(target.resolve("allure-results"));
        copyTree(results, target.resolve("allure-results"));
        long started = System.nanoTime();
        new ReportRenderer(allureHome, target).render();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("renderMillis", (System.nanoTime() - started) / 1_000_000);
        cost.put("singleFileBytes", Files.size(target.resolve(ReportRenderer.SINGLE_FILE)));
        return cost;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> targets(Map<String, Object> measured) {
        Map<String, Object> boot = (Map<String, Object>) measured.get("boot");
        Map<String, Object> run = (Map<String, Object>) measured.get("run");
        Map<String, Object> report = (Map<String, Object>) measured.get("report");
        Map<String, Object> targets = new LinkedHashMap<>();
        double bootMedian = boot.containsKey("total") ? ((Spread) boot.get("total")).median() : Double.NaN;
        targets.put("bootAtMost5s", Target.of(bootMedian, BOOT_TARGET_MILLIS, "ms"));
        targets.put("wallAtMost1.5xLongest", Target.of(((Spread) run.get("wallToLongest")).median(),
                WALL_TO_LONGEST_TARGET, "x"));
        targets.put("singleFileUnder10MB", Target.of(((Number) report.get("singleFileBytes")).doubleValue(),
                SINGLE_FILE_TARGET_BYTES, "bytes"));
        return targets;
    }

    private void write(Map<String, Object> measured) throws IOException {
        Path bench = Files.createDirectories(reports.resolve("bench"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = json.writeValueAsString(measured);
        Files.writeString(bench.resolve("benchmark.json"), text);
        System.out.println(BenchmarkTable.render(measured));
        System.out.println("[bench] JSON written to " + bench.resolve("benchmark.json"));
    }

    /** A check that neither passed nor was skipped with a reason (JUnit's ABORTED). */
    private static boolean failed(CheckTimeline.Check check) {
        return !"SUCCESSFUL".equals(check.status()) && !"ABORTED".equals(check.status());
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : Math.round(100.0 * part / whole) / 100.0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }
}
