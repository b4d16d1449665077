package io.aether.runbook.platform.containers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables self-tests that need a Docker engine where none answers. JUnit reports them as skipped with the reason,
 * and the reason is logged once per test class, so the build output says which were skipped and why.
 */
public final class DockerEngineCondition implements ExecutionCondition {

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngineCondition.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerEngine.available()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        if (context.getTestMethod().isEmpty()) {
            LOG.warn("skipped {}: {}", context.getDisplayName(), DockerEngine.skipReason());
        }
        return ConditionEvaluationResult.disabled(DockerEngine.skipReason());
    }
}
