package io.aether.runbook.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.probe.http.IngressObservation;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ingress judge (runbook 2.2)")
class IngressJudgeTest {

    private static final String URL = "https://risk.aether.local/api/healthz";
    private static final String HOST = "risk.aether.local";
    private static final String EXPECTED = "\"status\":\"ok\"";

    @Test
    void healthyAnswerPasses() {
        Verdict verdict = IngressJudge.health(answered(200, "application/json",
                "{\"status\":\"ok\",\"service\":\"risk-api\",\"version\":\"1.14.2\"}"), EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.pass("GET " + URL + " with Host risk.aether.local answered 200 with"
                + " \"status\":\"ok\""));
    }

    @Test
    void defaultBackend404MeansNoIngressRuleForTheHost() {
        Verdict verdict = IngressJudge.health(answered(404, "text/plain; charset=utf-8", "default backend - 404"),
                EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.fail("No ingress rule for Host risk.aether.local: GET " + URL
                + " answered 404 from the ingress default backend (expected 200 with \"status\":\"ok\"); open"
                + " runbook 2.2 Inspect ingress routing"));
    }

    @Test
    void nginxBuiltInDefaultBackendPageIsRecognisedToo() {
        String page = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found"
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        Verdict verdict = IngressJudge.health(answered(404, "text/html", page), EXPECTED);

        assertThat(verdict.message()).startsWith("No ingress rule for Host risk.aether.local: ");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    }

    @Test
    void a404FromTheApplicationItselfIsNotMistakenForAMissingRule() {
        Verdict verdict = IngressJudge.health(answered(404, "application/json", "{\"detail\":\"Not Found\"}"),
                EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.fail("GET " + URL + " with Host risk.aether.local answered 404"
                + " (expected 200 with \"status\":\"ok\"; body: {\"detail\":\"Not Found\"}); open runbook 2.2"
                + " Inspect ingress routing"));
    }

    @Test
    void serverErrorNamesTheStatusAndPointsAtTheService() {
        String body = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
                + "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n";

        Verdict verdict = IngressJudge.health(answered(503, "text/html", body), EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.fail("GET " + URL + " with Host risk.aether.local answered 503"
                + " (expected 200 with \"status\":\"ok\"): the ingress routes to the risk API but it fails (body:"
                + " <html> <head><title>503 Service Temporarily Unavailable</title></head> <body> <center><h1>503"
                + " Service Temporarily Unavai...); open runbook 2.1 Check FastAPI services"));
    }

    @Test
    void answerWithoutTheExpectedBodyFails() {
        Verdict verdict = IngressJudge.health(answered(200, "application/json",
                "{\"status\":\"degraded\",\"checks\":{\"kafka\":\"unreachable\"}}"), EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.fail("GET " + URL + " with Host risk.aether.local answered 200"
                + " without \"status\":\"ok\" (body: {\"status\":\"degraded\",\"checks\":{\"kafka\":\"unreachable\"}});"
                + " open runbook 2.1 Check FastAPI services"));
    }

    @Test
    void unreachableNamesUrlAndTimeouts() {
        HttpExchange exchange = HttpExchange.unreachable("GET", URL, Duration.ofSeconds(3), Duration.ofSeconds(5),
                "no answer within the request timeout", Duration.ofSeconds(5));

        Verdict verdict = IngressJudge.health(new IngressObservation(HOST, exchange, "jdk-httpclient"), EXPECTED);

        assertThat(verdict).isEqualTo(Verdict.fail("The risk API ingress is unreachable: GET " + URL
                + " with Host risk.aether.local got no"
                + " answer (no answer within the request timeout; connect timeout 3s, request timeout 5s); open"
                + " runbook 2.2 Inspect ingress routing"));
    }

    private static IngressObservation answered(int status, String contentType, String body) {
        HttpExchange exchange = HttpExchange.answered("GET", URL, Duration.ofSeconds(3), Duration.ofSeconds(5),
                status, Map.of("content-type", List.of(contentType)), body, Duration.ofMillis(18));
        return new IngressObservation(HOST, exchange, "jdk-httpclient");
    }
}
