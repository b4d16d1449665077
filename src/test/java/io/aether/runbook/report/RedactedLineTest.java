package io.aether.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Log lines")
class RedactedLineTest {

    private static final Logger LOG = LoggerFactory.getLogger(RedactedLineTest.class);

    @AfterEach
    void forgetSecrets() {
        Evidence.redactWith(UnaryOperator.identity());
    }

    @Test
    void aSecretValueIsMaskedInTheMessageAndInTheStackTrace() {
        Evidence.redactWith(new Secrets(Map.of("ARGOCD_AUTH_TOKEN", "eyJhbGciOi.token-value")).redactor());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LOG.warn("Argo CD rejected Bearer {}", "eyJhbGciOi.token-value",
                    new IllegalStateException("401 for token eyJhbGciOi.token-value"));
        } finally {
            System.setOut(console);
        }

        String line = printed.toString(StandardCharsets.UTF_8);
        assertThat(line).contains("WARN  RedactedLineTest - Argo CD rejected Bearer ****")
                .contains("java.lang.IllegalStateException: 401 for token ****")
                .doesNotContain("token-value");
    }
}
