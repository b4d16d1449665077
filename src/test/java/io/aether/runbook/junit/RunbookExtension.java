package io.aether.runbook.junit;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.RunSettings;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.LocalPlatform;
import io.qameta.allure.Allure;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
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
 * fails every section with the same one-line message and no stack trace. With {@code runbook.bench=true} it also
 * publishes the platform's boot times and each check's requests per fake as JUnit report entries.
 */
public final class RunbookExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, InvocationInterceptor {

    /** Report entry keys the benchmark reads. */
    public static final String BOOT_PREFIX = "boot.";
    public static final String REQUESTS_PREFIX = "requests.";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Runbook.class);
    private static final String BENCH = "runbook.bench";

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
        if (benchmarking(context)) {
            context.getStore(NAMESPACE).put(RequestCounts.class, RequestCounts.of(runbook));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RequestCounts before = context.getStore(NAMESPACE).get(RequestCounts.class, RequestCounts.class);
        if (before != null) {
            Map<String, String> entries = new HashMap<>();
            RequestCounts.of(runbook(context)).since(before)
                    .forEach((fake, count) -> entries.put(REQUESTS_PREFIX + fake, String.valueOf(count)));
            if (!entries.isEmpty()) {
                context.publishReportEntry(entries);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Runbook.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return runbook(context);
    }

    private static boolean benchmarking(ExtensionContext context) {
        return context.getConfigurationParameter(BENCH).map(Boolean::parseBoolean).orElse(false);
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
        if (prepared instanceof RuntimeException broken) {
            throw broken;
        }
        return (Runbook) prepared;
    }

    private static Object prepare(ExtensionContext context) {
        RunSettings settings = new RunSettings(context::getConfigurationParameter);
        try {
            Runbook runbook = Runbook.start(settings);
            if (benchmarking(context)) {
                runbook.platform().ifPresent(platform -> context.publishReportEntry(bootEntries(platform)));
            }
            return runbook;
        } catch (ConfigException broken) {
            return broken;
        } catch (RuntimeException failedToBoot) {
            // kept, so that every section reports the same cause instead of booting the platform again
            return failedToBoot;
        }
    }

    private static Map<String, String> bootEntries(LocalPlatform platform) {
        Map<String, String> entries = new HashMap<>();
        entries.put(BOOT_PREFIX + "total", String.valueOf(platform.totalBootMillis()));
        platform.bootMillis().forEach((fake, millis) -> entries.put(BOOT_PREFIX + fake, String.valueOf(millis)));
        return entries;
    }

    /** Each countable fake's request count at one moment. */
    private record RequestCounts(Map<String, Long> byFake) {

        static RequestCounts of(Runbook runbook) {
            Map<String, Long> counts = new HashMap<>();
            runbook.platform().ifPresent(platform -> {
                for (Fake fake : platform.fakes()) {
                    fake.requestCount().ifPresent(count -> counts.put(fake.name(), count));
                }
            });
            return new RequestCounts(counts);
        }

        Map<String, Long> since(RequestCounts before) {
            Map<String, Long> delta = new HashMap<>();
            byFake.forEach((fake, count) -> {
                long made = count - before.byFake.getOrDefault(fake, 0L);
                if (made > 0) {
                    delta.put(fake, made);
                }
            });
            return delta;
        }
    }
}
