package io.aether.runbook.escalation;

import io.aether.runbook.config.ConfigException;
import io.aether.runbook.config.EnvironmentLoader;
import io.aether.runbook.config.LoadedEnvironment;
import io.aether.runbook.config.RunSettings;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.junit.InconclusiveCheck;
import io.aether.runbook.junit.RunBudget;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides and walks the escalation once per run of the runbook checks, registered with the JUnit Platform through
 * {@code META-INF/services}. It collects every finished check with its tags and result, and escalates as soon as
 * the last check class has finished: at that moment the engine has not yet closed the run's resources, so the
 * local platform's fakes still answer. {@link #testPlanExecutionFinished} escalates if that moment never came.
 * It does nothing in a self-test JVM ({@code runbook.selftest=true}) or when no check carried a severity tag.
 */
public final class EscalationListener implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationListener.class);

    /** How this listener reaches its environment and report folder; self-tests supply their own. */
    public record Context(boolean active, Function<Boolean, LoadedEnvironment> environment,
            Optional<Boolean> escalateOverride, Path reportsDirectory, String reportUrl, Clock clock) {
    }

    private final Context context;
    private final Map<String, CheckOutcome> outcomes = new LinkedHashMap<>();
    private final Set<String> pendingClasses = new HashSet<>();
    private final AtomicBoolean escalated = new AtomicBoolean();
    private volatile EscalationResult result;

    /** The listener the JUnit Platform loads: reads the run's settings from system properties. */
    public EscalationListener() {
        this(fromSystem());
    }

    public EscalationListener(Context context) {
        this.context = context;
    }

    /**
     * The run's context: the environment named by {@code -Denv}, with the local platform's published escalation
     * targets and every {@code -D} key path as overrides, and {@code -Descalate} mapped onto
     * {@code escalation.enabled} so that enabling it also resolves and checks the escalation secrets.
     */
    public static Context fromSystem() {
        RunSettings settings = RunSettings.fromSystem();
        Optional<Boolean> escalate = Optional.ofNullable(System.getProperty("escalate"))
                .filter(value -> !value.isBlank()).map(value -> Boolean.parseBoolean(value.trim()));
        return new Context(!Boolean.getBoolean("runbook.selftest"), enabled -> {
            Map<String, String> overrides = new HashMap<>(EscalationTargets.published());
            Map<String, String> properties = new HashMap<>();
            System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
            overrides.putAll(EnvironmentLoader.overridesOf(properties));
            if (enabled != null) {
                overrides.put("escalation.enabled", enabled.toString());
            }
            return EnvironmentLoader.fromProcess().load(settings.environmentName(), overrides);
        }, escalate, settings.reportsDirectory(), System.getProperty("runbook.report.url"), Clock.systemUTC());
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        testPlan.getRoots().forEach(root -> testPlan.getChildren(root).forEach(
                child -> pendingClasses.add(child.getUniqueId())));
    }

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        classDone(identifier);
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult execution) {
        if (identifier.isTest()) {
            outcomeOf(identifier, execution).ifPresent(outcome -> {
                synchronized (outcomes) {
                    outcomes.merge(outcome.checkId() + "|" + identifier.getUniqueId(), outcome, (a, b) -> b);
                }
            });
        }
        classDone(identifier);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        escalateOnce();
    }

    /** What the run's escalation did; empty until it ran, and when it had nothing to do. */
    public Optional<EscalationResult> result() {
        return Optional.ofNullable(result);
    }

    private void classDone(TestIdentifier identifier) {
        boolean last;
        synchronized (pendingClasses) {
            last = pendingClasses.remove(identifier.getUniqueId()) && pendingClasses.isEmpty();
        }
        if (last) {
            escalateOnce();
        }
    }

    private void escalateOnce() {
        if (!context.active() || !escalated.compareAndSet(false, true)) {
            return;
        }
        List<CheckOutcome> finished;
        synchronized (outcomes) {
            finished = new ArrayList<>(outcomes.values());
        }
        if (!EscalationPlan.judgesSeverities(finished)) {
            LOG.debug("no check carried a severity tag: nothing to escalate");
            return;
        }
        EscalationRecords records = null;
        try {
            LoadedEnvironment loaded = context.environment().apply(context.escalateOverride().orElse(null));
            boolean enabled = context.escalateOverride().orElse(loaded.environment().escalation().enabled());
            records = new EscalationRecords(context.reportsDirectory(), loaded.secrets().redactor());
            ReportLocation report = ReportLocation.in(context.reportsDirectory(), context.reportUrl());
            result = new Escalator(loaded, enabled, records, report, context.clock()).escalate(finished);
        } catch (ConfigException broken) {
            suiteError(records, "escalation configuration", broken.getMessage());
        } catch (RuntimeException failed) {
            // a broken escalation must never hide the checks' own results, which JUnit has already reported
            LOG.error("escalation failed", failed);
            suiteError(records, "escalation", failed.toString());
        }
    }

    private void suiteError(EscalationRecords known, String target, String problem) {
        EscalationRecords records = known != null ? known
                : new EscalationRecords(context.reportsDirectory(), Secrets.none().redactor());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("target", target);
        error.put("status", 0);
        error.put("attempts", 0);
        error.put("problem", problem);
        try {
            records.startRun();
            records.suiteErrors(List.of(error));
        } catch (RuntimeException unwritable) {
            System.err.println("[runbook] escalation suite error: " + target + ": " + problem);
        }
    }

    static Optional<CheckOutcome> outcomeOf(TestIdentifier identifier, TestExecutionResult execution) {
        Optional<TestSource> source = identifier.getSource();
        if (source.isEmpty() || !(source.get() instanceof MethodSource method)) {
            return Optional.empty();
        }
        Set<String> tags = identifier.getTags().stream().map(TestTag::getName).collect(Collectors.toSet());
        Optional<Throwable> thrown = execution.getThrowable();
        CheckOutcome.Result result = switch (execution.getStatus()) {
            case SUCCESSFUL -> CheckOutcome.Result.PASSED;
            case FAILED -> thrown.filter(EscalationListener::inconclusive).isPresent()
                    ? CheckOutcome.Result.NOT_JUDGED : CheckOutcome.Result.BREACHED;
            default -> CheckOutcome.Result.NOT_JUDGED;
        };
        String message = result == CheckOutcome.Result.BREACHED
                ? thrown.map(EscalationListener::messageOf).orElse("") : "";
        return Optional.of(new CheckOutcome(method.getClassName(), method.getMethodName(),
                identifier.getDisplayName(), tags, result, message));
    }

    /**
     * An inconclusive check found no evidence either way, and one the run budget stopped or never started judged
     * nothing: neither pages nor resolves.
     */
    private static boolean inconclusive(Throwable thrown) {
        return thrown instanceof TestAbortedException || thrown instanceof InconclusiveCheck
                || thrown instanceof RunBudget.RunBudgetSpent;
    }

    private static String messageOf(Throwable thrown) {
        return thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage();
    }
}
