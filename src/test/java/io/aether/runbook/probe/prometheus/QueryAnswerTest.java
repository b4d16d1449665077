package io.aether.runbook.probe.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aether.runbook.probe.http.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Prometheus query answer")
class QueryAnswerTest {

    static final String URL = "http://127.0.0.1:9090/api/v1/query?query=q";
    static final String QUERY = "histogram_quantile(0.99, sum by (le) (rate(m_bucket[1m])))[1m:30s]";

    static HttpExchange answered(int status, String body) {
        return HttpExchange.answered("GET", URL, Duration.ofSeconds(1), Duration.ofSeconds(3), status,
                Map.of("content-type", List.of("application/json")), body, Duration.ofMillis(4));
    }

    @Test
    @DisplayName("reads a subquery's matrix, NaN and +Inf included")
    void readsMatrix() {
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                + "\"values\":[[1718000370,\"0.0396\"],[1718000400,\"NaN\"],[1718000430.5,\"+Inf\"]]}]}}";

        QueryAnswer answer = QueryAnswer.of(QUERY, answered(200, body));

        assertThat(answer.error()).isNull();
        assertThat(answer.resultType()).isEqualTo("matrix");
        assertThat(answer.requireSeries()).containsExactly(new Series(Map.of(), List.of(
                new Sample(Instant.parse("2024-06-10T06:19:30Z"), 0.0396),
                new Sample(Instant.parse("2024-06-10T06:20:00Z"), Double.NaN),
                new Sample(Instant.parse("2024-06-10T06:20:30.500Z"), Double.POSITIVE_INFINITY))));
    }

    @Test
    @DisplayName("reads an instant vector with its labels")
    void readsVector() {
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                + "{\"handler\":\"/api/risk\"},\"value\":[1718000400.123,\"0.25\"]}]}}";

        List<Series> series = QueryAnswer.of(QUERY, answered(200, body)).requireSeries();

        assertThat(series).containsExactly(new Series(Map.of("handler", "/api/risk"),
                List.of(new Sample(Instant.parse("2024-06-10T06:20:00.123Z"), 0.25))));
        assertThat(series.get(0).labelText()).isEqualTo("{handler=\"/api/risk\"}");
    }

    @Test
    @DisplayName("turns Prometheus's error envelope into a suite error naming the query and the error")
    void errorEnvelopeIsSuiteError() {
        String body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\":"
                + " 1:20: parse error: unexpected \\\"}\\\"\"}";

        QueryAnswer answer = QueryAnswer.of(QUERY, answered(400, body));

        assertThatThrownBy(answer::requireSeries).isInstanceOf(PrometheusUnanswered.class)
                .hasMessage("Prometheus gave no usable answer to the query `" + QUERY + "` at " + URL + ": HTTP 400,"
                        + " status error, bad_data: invalid parameter \"query\": 1:20: parse error: unexpected \"}\";"
                        + " the query and the answer are attached; check prometheus.url and that Prometheus is up"
                        + " before judging runbook 4 thresholds");
    }

    @Test
    @DisplayName("turns a proxy's HTML error page into a suite error quoting it")
    void notJsonIsSuiteError() {
        QueryAnswer answer = QueryAnswer.of(QUERY, answered(502, "<html><body>502 Bad Gateway</body></html>"));

        assertThat(answer.error()).isEqualTo("HTTP 502 with a body that is not the Prometheus API's JSON:"
                + " <html><body>502 Bad Gateway</body></html>");
    }

    @Test
    @DisplayName("turns a timeout into a suite error with the budgets")
    void timeoutIsSuiteError() {
        HttpExchange timedOut = HttpExchange.unreachable("GET", URL, Duration.ofSeconds(1), Duration.ofSeconds(3),
                "no answer within the request timeout", Duration.ofSeconds(3));

        assertThat(QueryAnswer.of(QUERY, timedOut).error()).isEqualTo("no answer (no answer within the request"
                + " timeout; connect timeout 1s, request timeout 3s)");
    }
}
