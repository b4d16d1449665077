package io.aether.runbook.report;

import io.aether.runbook.config.LoadedEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes what this run was, for the report's Environment panel and for reruns: the environment, the drills, and
 * the effective configuration as key paths (secrets appear only as the names of their variables).
 */
public final class RunDescription {

    private RunDescription() {
    }

    /** The folder the Allure listener writes to, as it resolves it. */
    public static Path resultsDirectory() {
        return Path.of(System.getProperty("allure.results.directory", "allure-results"));
    }

    public static void write(LoadedEnvironment loaded, List<String> drills, Map<String, String> endpoints) {
        Map<String, String> properties = new TreeMap<>(loaded.effective());
        properties.putAll(endpoints);
        properties.put("environment", loaded.environment().name());
        properties.put("environment.file", loaded.file().toString());
        properties.put("drills", drills.isEmpty() ? "none" : String.join(",", drills));
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append(" = ")
                .append(Evidence.redact(value).replace("\\", "\\\\")).append('\n'));
        try {
            Path results = Files.createDirectories(resultsDirectory());
            Files.writeString(results.resolve("environment.properties"), text.toString());
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write the run description into " + resultsDirectory(), unwritable);
        }
    }
}
