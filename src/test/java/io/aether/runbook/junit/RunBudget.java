package io.aether.runbook.junit;

import io.aether.runbook.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-run budget ({@code timeouts.run}): a watchdog that, when the budget is spent, names the checks still
 * running, interrupts them and fails them with a message naming the budget; checks that would start after that
 * fail at once without running. A release pipeline's step therefore ends within the budget plus the one bounded
 * network call a stopped check may still be inside.
 */
public final class RunBudget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunBudget.class);

    private final Duration budget;
    private final long deadlineNanos;
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private volatile boolean spent;

    private RunBudget(Duration budget) {
        this.budget = budget;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-budget-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the clock now: the run's checks share {@code budget} from here on. */
    public static RunBudget start(Duration budget) {
        RunBudget run = new RunBudget(budget);
        run.watchdog.schedule(run::expire, budget.toNanos(), TimeUnit.NANOSECONDS);
        return run;
    }

    public Duration budget() {
        return budget;
    }

    /**
     * Runs one check within what is left of the budget.
     *
     * @param check the check as messages name it, e.g. {@code DataFreshnessIT > the newest market tick is fresh}
     */
    public <T> T run(String check, InvocationInterceptor.Invocation<T> invocation) throws Throwable {
        running.put(check, Thread.currentThread());
        if (spent || System.nanoTime() - deadlineNanos >= 0) {
            running.remove(check);
            invocation.skip();
            throw new RunBudgetSpent("the run budget of " + shown() + " was spent before this check started, so it"
                    + " did not run; raise timeouts.run (e.g. -Dtimeouts.run=20m) or select fewer checks with"
                    + " -Dgroups");
        }
        try {
            T result = invocation.proceed();
            failIfStopped(check, null);
            return result;
        } catch (Throwable failed) {
            failIfStopped(check, failed);
            throw failed;
        } finally {
            running.remove(check);
            if (stopped.contains(check)) {
                // the watchdog's interrupt must not leak into the next check on this thread
                Thread.interrupted();
            }
        }
    }

    private void failIfStopped(String check, Throwable cause) {
        if (stopped.contains(check)) {
            RunBudgetSpent spentWhileRunning = new RunBudgetSpent("the run budget of " + shown() + " was spent"
                    + " while this check was still running, so it was stopped; raise timeouts.run (e.g."
                    + " -Dtimeouts.run=20m) or select fewer checks with -Dgroups");
            if (cause != null) {
                spentWhileRunning.addSuppressed(cause);
            }
            throw spentWhileRunning;
        }
    }

    private void expire() {
        spent = true;
        List<String> names = new ArrayList<>(running.keySet());
        stopped.addAll(names);
        LOG.warn("run budget {} spent; checks still running, now stopped: {}", shown(),
                names.isEmpty() ? "none" : names);
        names.forEach(name -> {
            Thread thread = running.get(name);
            if (thread != null) {
                thread.interrupt();
            }
        });
    }

    private String shown() {
        return Durations.format(budget) + " (timeouts.run)";
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** A check the run budget stopped or never started: neither a platform fault nor a pass. */
    public static final class RunBudgetSpent extends RuntimeException {

        RunBudgetSpent(String message) {
            super("Run budget spent: " + message, null, true, false);
        }
    }
}
