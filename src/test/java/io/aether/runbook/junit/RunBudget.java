package io.aether.runbook.junit;

import io.aether.runbook.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-run budget ({@code timeouts.run}): when it is spent, a watchdog names the checks still running, and
 * each of them fails at once with a message naming the budget; checks that would start after that fail without
 * running. A release pipeline's step therefore ends when the budget does.
 */
public final class RunBudget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunBudget.class);

    private final Duration budget;
    private final long deadlineNanos;
    private final Map<String, Thread> running = new ConcurrentHashMap<>();
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
     * Runs one check within what is left of the budget, on a thread of its own so that the check's thread can be
     * given up on: Awaitility's poll delay ignores interrupts, so a stopped check cannot always be waited for. The
     * thread inherits the report's context of the check, and a given-up one ends by itself within its own bounded
     * call; its late evidence then belongs to no check.
     *
     * @param check the check as messages name it, e.g. {@code DataFreshnessIT > the newest market tick is fresh}
     */
    public <T> T run(String check, InvocationInterceptor.Invocation<T> invocation) throws Throwable {
        long remaining = deadlineNanos - System.nanoTime();
        if (spent || remaining <= 0) {
            invocation.skip();
            throw new RunBudgetSpent("the run budget of " + shown() + " was spent before this check started, so it"
                    + " did not run; raise timeouts.run (e.g. -Dtimeouts.run=20m) or select fewer checks with"
                    + " -Dgroups");
        }
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.complete(invocation.proceed());
            } catch (Throwable failed) {
                outcome.completeExceptionally(failed);
            }
        }, "check: " + check);
        worker.setDaemon(true);
        running.put(check, worker);
        worker.start();
        try {
            return outcome.get(remaining, TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause();
        } catch (TimeoutException spentWhileRunning) {
            worker.interrupt();
            throw new RunBudgetSpent("the run budget of " + shown() + " was spent while this check was still"
                    + " running, so it was stopped; raise timeouts.run (e.g. -Dtimeouts.run=20m) or select fewer"
                    + " checks with -Dgroups");
        } finally {
            running.remove(check);
        }
    }

    private void expire() {
        spent = true;
        List<String> names = new ArrayList<>(running.keySet());
        LOG.warn("run budget {} spent; checks still running, now stopped: {}", shown(),
                names.isEmpty() ? "none" : names);
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
