package io.aether.runbook.report;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders {@code reports/allure-results} with the Allure command line into {@code reports/allure-report} and into
 * one self-contained HTML file that can be attached to a ticket. Runs after the checks whether they passed or not:
 * the report of a failed gate is the one people need most.
 */
public final class ReportRenderer {

    public static final String SINGLE_FILE = "aether-runbook-report.html";
    private static final long BUDGET_MINUTES = 5;
    private static final Pattern ANALYTICS_LOADER = Pattern.compile(
            "<script[^>]*src=\"https://www\\.googletagmanager\\.com/[^\"]*\"[^>]*>\\s*</script>");
    private static final Pattern ANALYTICS_CALLS = Pattern.compile(
            "<script>(?:(?!</script>).)*gtag\\((?:(?!</script>).)*</script>", Pattern.DOTALL);

    private final Path allureHome;
    private final Path reports;

    public ReportRenderer(Path allureHome, Path reports) {
        this.allureHome = allureHome;
        this.reports = reports;
    }

    /** Arguments: the unpacked Allure command line, and the reports folder. */
    public static void main(String[] args) throws IOException, InterruptedException {
        ReportRenderer renderer = new ReportRenderer(Path.of(args[0]), Path.of(args[1]));
        long started = System.nanoTime();
        renderer.render();
        System.out.printf("[runbook] report rendered in %d ms: %s and %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                renderer.reports.resolve("allure-report/index.html"), renderer.reports.resolve(SINGLE_FILE));
    }

    public void render() throws IOException, InterruptedException {
        Path results = reports.resolve("allure-results");
        Files.createDirectories(results);
        Categories.write(results);
        Path report = reports.resolve("allure-report");
        carryHistory(report, results);
        allure(List.of("generate", "--clean", results.toString(), "-o", report.toString()));
        withoutAnalytics(report.resolve("index.html"));
        Path single = Files.createTempDirectory(reports, ".single-");
        try {
            allure(List.of("generate", "--clean", "--single-file", results.toString(), "-o", single.toString()));
            Files.move(single.resolve("index.html"), reports.resolve(SINGLE_FILE), StandardCopyOption.REPLACE_EXISTING);
            withoutAnalytics(reports.resolve(SINGLE_FILE));
        } finally {
            deleteTree(single);
        }
    }

    /**
     * Removes the analytics tag the Allure command line writes into its pages: a report of a production incident is
     * opened on engineers' machines and attached to tickets, and must not call any outside host when it is.
     */
    static void withoutAnalytics(Path page) throws IOException {
        if (!Files.exists(page)) {
            return;
        }
        String html = Files.readString(page, StandardCharsets.UTF_8);
        String cleaned = ANALYTICS_LOADER.matcher(html).replaceAll("");
        cleaned = ANALYTICS_CALLS.matcher(cleaned).replaceAll("");
        if (!cleaned.equals(html)) {
            Files.writeString(page, cleaned, StandardCharsets.UTF_8);
        }
    }

    /** Keeps Allure's trend charts across runs by handing the last report's history to the next one. */
    private static void carryHistory(Path report, Path results) throws IOException {
        Path history = report.resolve("history");
        if (!Files.isDirectory(history)) {
            return;
        }
        Path target = Files.createDirectories(results.resolve("history"));
        try (Stream<Path> files = Files.list(history)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void allure(List<String> arguments) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-classpath",
                allureHome.resolve("lib") + "/*" + File.pathSeparator + allureHome.resolve("lib/config"),
                "io.qameta.allure.CommandLine"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("APP_HOME", allureHome.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(BUDGET_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("allure " + arguments.get(0) + " did not finish within "
                    + BUDGET_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("allure " + String.join(" ", arguments) + " exited with "
                    + process.exitValue() + ":\n" + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
