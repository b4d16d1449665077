package io.aether.runbook.escalation;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One runbook check as the run finished it: which check, its tags, and whether it breached, passed or could not
 * judge. The escalation decision reads nothing else.
 *
 * @param className the check class's fully qualified name
 * @param method the check method's name
 * @param displayName the check as the report names it ("risk API P99 latency stays within 500ms")
 * @param message the failure message of a breached check; empty otherwise
 */
public record CheckOutcome(
        String className,
        String method,
        String displayName,
        Set<String> tags,
        Result result,
        String message) {

    private static final Pattern SEVERITY = Pattern.compile("sev[0-9]+");

    /** What the check concluded, as far as escalation is concerned. */
    public enum Result {
        /** The check failed: a threshold is breached. */
        BREACHED,
        /** The check passed: any earlier alert for it can be resolved. */
        PASSED,
        /** Inconclusive, skipped or aborted: no evidence either way, so nothing is triggered or resolved. */
        NOT_JUDGED
    }

    public CheckOutcome {
        tags = Set.copyOf(tags);
        message = message == null ? "" : message;
    }

    /** The check's stable identity across runs: {@code SimpleClassName.method}. */
    public String checkId() {
        return simpleClassName() + "." + method;
    }

    public String simpleClassName() {
        int dot = className.lastIndexOf('.');
        String simple = dot < 0 ? className : className.substring(dot + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    /** The most severe severity tag the check carries ({@code sev2} before {@code sev3}), if any. */
    public Optional<String> severity() {
        return tags.stream().filter(tag -> SEVERITY.matcher(tag).matches())
                .min(Comparator.comparingInt(tag -> Integer.parseInt(tag.substring(3))));
    }

    /** The severity as PagerDuty and people spell it: {@code sev2} is {@code SEV-2}. */
    public static String spelled(String severity) {
        return "SEV-" + severity.substring(3);
    }
}
