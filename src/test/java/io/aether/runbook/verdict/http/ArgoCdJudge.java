package io.aether.runbook.verdict.http;

import io.aether.runbook.probe.http.ApplicationListObservation;
import io.aether.runbook.probe.http.ApplicationObservation;
import io.aether.runbook.probe.http.ArgoCdApplication;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges Argo CD applications for runbook 1.2: an application passes only when Synced and Healthy, with no error
 * condition and no operation running or failed. Pure: observations in, a {@link Verdict} out.
 */
public final class ArgoCdJudge {

    static final String STEP = "open runbook 1.2 Validate ArgoCD application status";

    private ArgoCdJudge() {
    }

    /**
     * The applications of the project, one line per application that fails, and the expected application among
     * them.
     */
    public static Verdict project(ApplicationListObservation observation, String expectedApplication) {
        Optional<Verdict> noList = noAnswer(observation.exchange(), observation.serverMessage(),
                observation.problem(), "list the applications of project " + observation.project());
        if (noList.isPresent()) {
            return noList.get();
        }
        List<ArgoCdApplication> applications = observation.applications().stream()
                .sorted(Comparator.comparing(ArgoCdApplication::name)).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        boolean expectedListed = applications.stream().anyMatch(app -> app.name().equals(expectedApplication));
        if (!expectedListed) {
            lines.add("- Application " + expectedApplication + ": not found in project " + observation.project()
                    + " (expected it to exist)");
        }
        applications.forEach(app -> problems(app).ifPresent(problem ->
                lines.add("- Application " + app.name() + ": " + problem)));
        int total = applications.size() + (expectedListed ? 0 : 1);
        if (lines.isEmpty()) {
            return Verdict.pass("All " + total + " applications of project " + observation.project()
                    + " are Synced and Healthy: "
                    + applications.stream().map(ArgoCdApplication::name).collect(Collectors.joining(", ")));
        }
        return Verdict.fail("Argo CD project " + observation.project() + ": " + lines.size() + " of " + total
                + " applications failing (each must be Synced and Healthy, with no error condition and no running"
                + " or failed operation); " + STEP + "\n" + String.join("\n", lines));
    }

    /** One application by name, as {@code argocd app get} shows it, in the project it must belong to. */
    public static Verdict application(ApplicationObservation observation, String expectedProject) {
        HttpExchange exchange = observation.exchange();
        if (exchange.reachable() && exchange.status() == 404) {
            return Verdict.fail("Application " + observation.name() + " does not exist on Argo CD "
                    + observation.server() + " (404: " + observation.serverMessage() + "); expected it in project "
                    + expectedProject + "; " + STEP);
        }
        Optional<Verdict> noApplication = noAnswer(exchange, observation.serverMessage(), observation.problem(),
                "get application " + observation.name());
        if (noApplication.isPresent()) {
            return noApplication.get();
        }
        ArgoCdApplication app = observation.application().orElseThrow();
        if (!expectedProject.equals(app.project())) {
            return Verdict.fail("Application " + app.name() + " belongs to project " + app.project()
                    + " (expected " + expectedProject + "); " + STEP);
        }
        return problems(app)
                .map(problem -> Verdict.fail("Application " + app.name() + " is not Synced and Healthy: " + problem
                        + "; " + STEP))
                .orElseGet(() -> Verdict.pass("Application " + app.name() + " is Synced and Healthy at revision "
                        + shortRevision(app.revision()) + " (project " + app.project() + ")"));
    }

    /** Everything wrong with one application, in the order an operator reads it; empty when it passes. */
    static Optional<String> problems(ArgoCdApplication app) {
        List<String> problems = new ArrayList<>();
        if (!"Synced".equals(app.syncStatus())) {
            problems.add("sync " + app.syncStatus() + " (expected Synced)");
        }
        if (!"Healthy".equals(app.healthStatus())) {
            problems.add("health " + app.healthStatus() + (app.healthMessage() == null ? "" : ": "
                    + app.healthMessage()) + " (expected Healthy)");
        }
        app.errorConditions().forEach(condition ->
                problems.add("condition " + condition.type() + ": " + condition.message()));
        String phase = app.operationPhase();
        if ("Running".equals(phase) || "Terminating".equals(phase)) {
            problems.add("operation " + phase + " (expected none in progress)");
        } else if ("Failed".equals(phase) || "Error".equals(phase)) {
            problems.add("last operation " + phase + ": " + app.operationMessage());
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String text = String.join(", ", problems);
        if (!"Synced".equals(app.syncStatus()) && !app.outOfSyncResources().isEmpty()) {
            text += "; out of sync: " + app.outOfSyncResources().stream().map(ArgoCdApplication.Resource::reference)
                    .collect(Collectors.joining(", "));
        }
        if (!app.unhealthyResources().isEmpty()) {
            text += "; resources not healthy: " + app.unhealthyResources().stream().map(ArgoCdJudge::resource)
                    .collect(Collectors.joining(", "));
        }
        return Optional.of(text);
    }

    private static String resource(ArgoCdApplication.Resource resource) {
        return resource.reference() + " " + resource.healthStatus()
                + (resource.healthMessage() == null ? "" : " (" + resource.healthMessage() + ")");
    }

    /** No usable answer: unreachable, refused, an error status or an unreadable body are no evidence either way. */
    private static Optional<Verdict> noAnswer(HttpExchange exchange, String serverMessage, String problem,
            String action) {
        String cannot = "Cannot " + action + ": " + exchange.request();
        if (!exchange.reachable()) {
            return Optional.of(Verdict.inconclusive(cannot + " got no answer (" + exchange.unreachableReason()
                    + "); " + STEP));
        }
        if (exchange.status() == 401 || exchange.status() == 403) {
            return Optional.of(Verdict.inconclusive(cannot + " answered " + exchange.status() + " ("
                    + serverMessage + "); check the token named by argocd.tokenEnv and its project role; " + STEP));
        }
        if (exchange.status() != 200) {
            return Optional.of(Verdict.inconclusive(cannot + " answered " + exchange.status() + " ("
                    + serverMessage + "); " + STEP));
        }
        if (problem != null) {
            return Optional.of(Verdict.inconclusive(cannot + " answered 200 but " + problem + "; " + STEP));
        }
        return Optional.empty();
    }

    private static String shortRevision(String revision) {
        return revision != null && revision.matches("[0-9a-f]{40}") ? revision.substring(0, 7) : revision;
    }
}
