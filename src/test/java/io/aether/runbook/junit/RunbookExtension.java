package io.aether.runbook.junit;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.RunSettings;
import io.qameta.allure.Allure;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Prepares the run once per test-engine execution: loads and validates the environment, boots the local platform
 * when the environment is the local one, and resolves {@link Runbook} parameters of checks. A broken environment
 * fails every section with the same one-line message and no stack trace.
 */
public final class RunbookExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Runbook.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        runbook(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Runbook runbook = runbook(context);
        Allure.label("environment", runbook.environment().name());
        Optional.ofNullable(context.getRequiredTestClass().getAnnotation(RunbookSection.class))
                .ifPresent(section -> Allure.label("runbookSection", String.valueOf(section.value())));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Runbook.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return runbook(context);
    }

    /** Every check runs within what is left of the run's budget ({@code timeouts.run}). */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        String check = context.getRequiredTestClass().getSimpleName() + " > " + context.getDisplayName();
        runbook(context).budget().run(check, invocation);
    }

    private static Runbook runbook(ExtensionContext context) {
        Object prepared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Runbook.class,
                key -> prepare(context));
        if (prepared instanceof ConfigException broken) {
            throw broken;
        }
        return (Runbook) prepared;
    }

    private static Object prepare(ExtensionContext context) {
        RunSettings settings = new RunSettings(context::getConfigurationParameter);
        try {
            return Runbook.start(settings);
        } catch (ConfigException broken) {
            return broken;
        }
    }
}
