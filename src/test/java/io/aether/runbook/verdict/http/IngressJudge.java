package io.aether.runbook.verdict.http;

import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.probe.http.IngressObservation;
import io.aether.runbook.verdict.Verdict;

/**
 * Judges the risk API's health answer through the ingress for runbook 2.2, telling a missing ingress rule (the
 * default backend's 404) from a failing risk API behind a working route (5xx).
 */
public final class IngressJudge {

    static final String INGRESS_STEP = "open runbook 2.2 Inspect ingress routing";
    static final String SERVICE_STEP = "open runbook 2.1 Check FastAPI services";

    private static final int EXCERPT = 120;

    private IngressJudge() {
    }

    /** @param expectedBody a fragment the health answer must contain, e.g. {@code "status":"ok"} */
    public static Verdict health(IngressObservation observation, String expectedBody) {
        HttpExchange exchange = observation.exchange();
        String target = exchange.request() + " with Host " + observation.host();
        String expected = "expected 200 with " + expectedBody;
        if (!exchange.reachable()) {
            return Verdict.fail("The risk API ingress is unreachable: " + target + " got no answer ("
                    + exchange.unreachableReason() + "); " + INGRESS_STEP);
        }
        int status = exchange.status();
        if (status == 200 && exchange.body().contains(expectedBody)) {
            return Verdict.pass(target + " answered 200 with " + expectedBody);
        }
        if (status == 200) {
            return Verdict.fail(target + " answered 200 without " + expectedBody + " (body: "
                    + exchange.bodyExcerpt(EXCERPT) + "); " + SERVICE_STEP);
        }
        if (status == 404 && fromDefaultBackend(exchange.body())) {
            return Verdict.fail("No ingress rule for Host " + observation.host() + ": " + exchange.request()
                    + " answered 404 from the ingress default backend (" + expected + "); " + INGRESS_STEP);
        }
        if (status >= 500) {
            return Verdict.fail(target + " answered " + status + " (" + expected + "): the ingress routes to the"
                    + " risk API but it fails (body: " + exchange.bodyExcerpt(EXCERPT) + "); " + SERVICE_STEP);
        }
        return Verdict.fail(target + " answered " + status + " (" + expected + "; body: "
                + exchange.bodyExcerpt(EXCERPT) + "); " + INGRESS_STEP);
    }

    /**
     * ingress-nginx answers an unknown Host from its default backend: the classic default-http-backend says
     * "default backend - 404", the controller's built-in one serves nginx's own 404 page.
     */
    static boolean fromDefaultBackend(String body) {
        return body.contains("default backend - 404")
                || body.contains("<title>404 Not Found</title>") && body.contains("<center>nginx</center>");
    }
}
