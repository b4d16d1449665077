package io.aether.runbook.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs runbook section 5 only when an incident is named with {@code -Dincident=KEY}: without one there is nothing to
 * review, so the section is skipped with that reason, never failed and never passed.
 */
public final class IncidentUnderReview implements ExecutionCondition {

    public static final String NO_INCIDENT = "no incident under review: runbook section 5 runs with"
            + " -Dincident=KEY -Dincident.from=T1 [-Dincident.to=T2] (ISO-8601 instants)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter("incident").map(String::trim).filter(key -> !key.isEmpty())
                .map(key -> ConditionEvaluationResult.enabled("reviewing incident " + key))
                .orElseGet(() -> ConditionEvaluationResult.disabled(NO_INCIDENT));
    }
}
