package io.aether.runbook.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A validated environment with its resolved secrets, where it came from, and the effective configuration as
 * key paths to values (secrets shown only by variable name) for the log and the report.
 */
public record LoadedEnvironment(Environment environment, Secrets secrets, Path file, Map<String, String> effective) {
}
