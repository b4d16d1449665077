package io.aether.runbook.report;

import io.qameta.allure.Allure;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Attaches what a probe judged to the running check's Allure result: the response, the query, the numbers.
 * Every attachment passes through the run's redactor first, so no credential reaches the report.
 */
public final class Evidence {

    private static volatile UnaryOperator<String> redactor = UnaryOperator.identity();

    private Evidence() {
    }

    /** Installs the redactor of the run's secrets; called once when the environment is loaded. */
    public static void redactWith(UnaryOperator<String> secretsRedactor) {
        redactor = secretsRedactor;
    }

    public static String redact(String text) {
        return redactor.apply(text);
    }

    public static void json(String name, String json) {
        attach(name, "application/json", ".json", json);
    }

    public static void text(String name, String text) {
        attach(name, "text/plain", ".txt", text);
    }

    public static void yaml(String name, String yaml) {
        attach(name, "text/yaml", ".yaml", yaml);
    }

    public static void attach(String name, String mimeType, String extension, String content) {
        String safe = redact(content == null ? "" : content);
        Allure.addAttachment(name, mimeType, new java.io.ByteArrayInputStream(safe.getBytes(StandardCharsets.UTF_8)),
                extension);
    }
}
