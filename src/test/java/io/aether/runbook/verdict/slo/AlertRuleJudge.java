package io.aether.runbook.verdict.slo;

import io.aether.runbook.probe.prometheus.AlertingRule;
import io.aether.runbook.probe.prometheus.LatencyQuery;
import io.aether.runbook.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Judges whether the alerting rule behind a section 4 threshold is really wired: loaded by Prometheus under its
 * name, comparing with the threshold, holding for the expected {@code for}, carrying the severity label, and
 * evaluating without error. A missing or drifted rule fails with its name and every difference.
 */
public final class AlertRuleJudge {

    private static final Pattern COMPARISON = Pattern.compile(
            ">=?\\s*(?:bool\\s+)?([-+]?(?:[0-9]*\\.)?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*$");

    private AlertRuleJudge() {
    }

    public static Verdict judge(List<AlertingRule> rules, ExpectedAlert expected) {
        List<AlertingRule> named = rules.stream().filter(rule -> rule.name().equals(expected.name()))
                .collect(Collectors.toList());
        if (named.isEmpty()) {
            String loaded = rules.isEmpty() ? "none" : rules.stream().map(AlertingRule::name).distinct()
                    .collect(Collectors.joining(", "));
            return Verdict.fail("no alerting rule named " + expected.name() + " is loaded in Prometheus (alerting"
                    + " rules loaded: " + loaded + "); expected one that fires on " + expected.meaning() + " for "
                    + SloSteps.duration(expected.pendingFor()) + " with " + expected.severityLabel() + "="
                    + expected.severity() + ", so that the threshold pages (" + SloSteps.ESCALATION + ")");
        }
        Optional<AlertingRule> matching = named.stream().filter(rule -> differences(rule, expected).isEmpty())
                .findFirst();
        if (matching.isPresent()) {
            AlertingRule rule = matching.get();
            return Verdict.pass("alerting rule " + rule.name() + " (group " + rule.group() + ") fires on `"
                    + rule.query() + "` after " + SloSteps.duration(rule.pendingFor()) + " with "
                    + expected.severityLabel() + "=" + expected.severity() + ", as the environment expects");
        }
        AlertingRule rule = named.get(0);
        return Verdict.fail("alerting rule " + rule.name() + " (group " + rule.group() + ") has drifted from the"
                + " environment: " + String.join("; ", differences(rule, expected)) + "; its expression is `"
                + rule.query() + "`; expected it to fire on " + expected.meaning() + " for "
                + SloSteps.duration(expected.pendingFor()) + " with " + expected.severityLabel() + "="
                + expected.severity() + "; open " + SloSteps.ESCALATION);
    }

    /** Every way the rule differs from the expectation, one phrase each; empty when it matches. */
    static List<String> differences(AlertingRule rule, ExpectedAlert expected) {
        List<String> differences = new ArrayList<>();
        Matcher comparison = COMPARISON.matcher(rule.query());
        if (!comparison.find()) {
            differences.add("its expression does not end in a > " + LatencyQuery.number(expected.threshold())
                    + " comparison");
        } else if (Math.abs(Double.parseDouble(comparison.group(1)) - expected.threshold()) > 1e-9) {
            differences.add("threshold " + comparison.group(1) + " instead of "
                    + LatencyQuery.number(expected.threshold()));
        }
        expected.fragments().stream().filter(fragment -> !rule.query().contains(fragment))
                .forEach(fragment -> differences.add("its expression lacks `" + fragment.strip() + "`"));
        if (!rule.pendingFor().equals(expected.pendingFor())) {
            differences.add("for " + SloSteps.duration(rule.pendingFor()) + " instead of "
                    + SloSteps.duration(expected.pendingFor()));
        }
        String severity = rule.labels().get(expected.severityLabel());
        if (severity == null) {
            differences.add("no " + expected.severityLabel() + " label instead of " + expected.severityLabel() + "="
                    + expected.severity());
        } else if (!severity.equals(expected.severity())) {
            differences.add(expected.severityLabel() + "=" + severity + " instead of " + expected.severity());
        }
        if ("err".equals(rule.health())) {
            differences.add("its last evaluation failed: " + rule.lastError());
        }
        return differences;
    }
}
