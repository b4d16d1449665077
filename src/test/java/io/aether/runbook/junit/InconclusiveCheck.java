package io.aether.runbook.junit;

/**
 * A check that found no evidence either way. It is never green: JUnit counts it as an error, and the report files
 * it under its own category, apart from platform faults and suite errors.
 */
public final class InconclusiveCheck extends RuntimeException {

    public static final String PREFIX = "Inconclusive: ";

    public InconclusiveCheck(String message) {
        super(PREFIX + message, null, false, false);
    }
}
