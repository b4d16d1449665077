package io.aether.runbook.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HTTP fakes: Argo CD, ingress and Feast on one loopback WireMock")
class HttpFakesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    private static HttpFakes fakes;

    @BeforeAll
    static void boot() {
        fakes = HttpFakes.start(LocalHttpEnvironment.beforeBoot().environment(), Set.of());
    }

    @AfterAll
    static void stop() {
        fakes.close();
    }

    @Test
    void endpointsNameTheLoopbackAddressOfEachSystem() {
        String base = "http://127.0.0.1:" + fakes.wireMock().port();

        assertThat(fakes.name()).isEqualTo("http");
        assertThat(fakes.endpoints()).isEqualTo(Map.of("argocd.server", base,
                "riskApi.healthUrl", base + "/api/healthz", "feast.url", base));
    }

    @Test
    void applicationsCarryTimestampsOfTheMomentTheyAreServed() throws Exception {
        JsonNode list = JSON.readTree(get("/api/v1/applications?projects=aether-risk").body());

        Instant reconciled = Instant.parse(list.path("items").get(0).path("status").path("reconciledAt").asText());
        assertThat(Duration.between(reconciled, Instant.now()).abs()).isLessThan(Duration.ofMinutes(2));
        assertThat(list.path("items")).hasSize(3);
    }

    @Test
    void anotherProjectHasNoApplications() throws Exception {
        HttpResponse<String> response = get("/api/v1/applications?projects=aether-payments");

        assertThat(response.body()).isEqualTo("{\"metadata\":{\"resourceVersion\":\"184532\"},\"items\":[]}");
    }

    @Test
    void anUnknownApplicationGetsArgoCdsNotFoundError() throws Exception {
        HttpResponse<String> response = get("/api/v1/applications/aether-risk-dev");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"applications.argoproj.io \\\"aether-risk-dev\\\" not"
                + " found\",\"code\":5,\"message\":\"applications.argoproj.io \\\"aether-risk-dev\\\" not found\"}");
    }

    @Test
    void theLoopbackHostGetsTheDefaultBackend() throws Exception {
        HttpResponse<String> response = get("/api/healthz");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("default backend - 404");
    }

    @Test
    void featuresAreDatedSecondsBeforeTheServersDateAndUnknownKeysAreNotFound() throws Exception {
        HttpResponse<String> response = post("/get-online-features", "{\"features\":[\"market_features:last_price\"],"
                + "\"entities\":{\"symbol\":[\"AAPL\",\"ZZZZ\"]},\"full_feature_names\":true}");
        JsonNode answer = JSON.readTree(response.body());
        Instant date = ZonedDateTime.parse(response.headers().allValues("date").get(0),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();

        assertThat(response.headers().allValues("date")).hasSize(1);
        assertThat(answer.path("metadata").path("feature_names").toString())
                .isEqualTo("[\"symbol\",\"market_features__last_price\"]");
        assertThat(answer.path("results").get(0).toString()).isEqualTo("{\"values\":[\"AAPL\",\"ZZZZ\"],"
                + "\"statuses\":[\"PRESENT\",\"PRESENT\"],"
                + "\"event_timestamps\":[\"1970-01-01T00:00:00Z\",\"1970-01-01T00:00:00Z\"]}");
        assertThat(answer.path("results").get(1).toString()).isEqualTo("{\"values\":[189.42,null],"
                + "\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
                + "\"event_timestamps\":[\"" + date.minusSeconds(2) + "\",\"1970-01-01T00:00:00Z\"]}");
    }

    @Test
    void twoPlatformsRunSideBySideAndAClosedOneRefusesConnections() throws Exception {
        Environment env = LocalHttpEnvironment.beforeBoot().environment();
        HttpFakes second = HttpFakes.start(env, Set.of());
        URI secondUri = URI.create(second.baseUrl() + "/api/healthz");

        assertThat(second.wireMock().port()).isNotEqualTo(fakes.wireMock().port());
        second.close();
        assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(secondUri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(fakes.baseUrl() + path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(fakes.baseUrl() + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
