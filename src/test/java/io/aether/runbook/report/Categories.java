package io.aether.runbook.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Allure's categories for this suite: a platform fault (the check failed), an unreachable target, an inconclusive
 * check (no evidence either way, never green) and a suite error (bad configuration or broken tooling).
 */
public final class Categories {

    private static final String JSON = """
            [
              {
                "name": "Target unreachable",
                "description": "A platform system did not answer within its timeout.",
                "matchedStatuses": ["failed"],
                "messageRegex": "(?s).*(unreachable|refused|timed out|did not answer|no answer|cannot reach).*"
              },
              {
                "name": "Platform fault",
                "description": "The platform is not as the runbook expects.",
                "matchedStatuses": ["failed"]
              },
              {
                "name": "Inconclusive",
                "description": "No evidence either way; never green, and it fails the gate.",
                "matchedStatuses": ["broken"],
                "messageRegex": "(?s)Inconclusive: .*"
              },
              {
                "name": "Run budget spent",
                "description": "The whole-run budget (timeouts.run) ran out before this check ended or began.",
                "matchedStatuses": ["broken"],
                "messageRegex": "(?s)Run budget spent: .*"
              },
              {
                "name": "Suite error",
                "description": "Bad configuration or broken tooling, not a platform fault.",
                "matchedStatuses": ["broken"]
              }
            ]
            """;

    private Categories() {
    }

    public static void write(Path results) throws IOException {
        Files.writeString(results.resolve("categories.json"), JSON);
    }
}
