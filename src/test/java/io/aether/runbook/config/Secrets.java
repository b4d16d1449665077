package io.aether.runbook.config;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The secret values an environment names, keyed by the variable that holds each. The only place a credential
 * lives in memory; {@link #toString()} never shows one, and every log line and attachment goes through
 * {@link #redact(String)}.
 */
public final class Secrets {

    public static final String MASK = "****";

    private final Map<String, String> byVariable;

    public Secrets(Map<String, String> byVariable) {
        this.byVariable = Map.copyOf(byVariable);
    }

    public static Secrets none() {
        return new Secrets(Map.of());
    }

    /** The value held by {@code variable}, when the environment names it. */
    public Optional<String> value(String variable) {
        return variable == null ? Optional.empty() : Optional.ofNullable(byVariable.get(variable));
    }

    public Collection<String> values() {
        return List.copyOf(byVariable.values());
    }

    /** Replaces every known secret value in {@code text} by {@value #MASK}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : byVariable.values()) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    public UnaryOperator<String> redactor() {
        return this::redact;
    }

    @Override
    public String toString() {
        return "Secrets" + byVariable.keySet();
    }
}
