package io.aether.runbook.probe.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Argo CD's API the way runbook 1.2 reads it with {@code argocd app list --project} and
 * {@code argocd app get}: read-only, with the bearer token the environment names, when it names one.
 */
public final class ArgoCdProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final String project;
    private final Optional<String> token;
    private final Secrets secrets;
    private final HttpTransport transport;

    public ArgoCdProbe(Environment env, Secrets secrets) {
        this.server = stripSlash(Objects.requireNonNull(env.argocd().server(), "argocd.server is not set"));
        this.project = env.argocd().project();
        this.token = secrets.value(env.argocd().tokenEnv());
        this.secrets = secrets;
        this.transport = new HttpTransport("Argo CD", env.timeouts(), TlsTrust.of("argocd", env.tls().argocd()));
    }

    /** {@code GET /api/v1/applications?projects=PROJECT}: every application of the environment's project. */
    public ApplicationListObservation listApplications() {
        URI uri = URI.create(server + "/api/v1/applications?projects=" + encode(project));
        HttpExchange exchange = transport.exchange(request(uri), "", secrets);
        if (!exchange.reachable() || exchange.status() != 200) {
            return new ApplicationListObservation(server, project, exchange, List.of(), errorMessage(exchange), null);
        }
        try {
            return new ApplicationListObservation(server, project, exchange, parseList(exchange.body()), null, null);
        } catch (JsonProcessingException unreadable) {
            return new ApplicationListObservation(server, project, exchange, List.of(), null,
                    "the answer is not JSON (" + unreadable.getOriginalMessage() + ")");
        }
    }

    /** {@code GET /api/v1/applications/NAME}: one application, or Argo CD's 404 when it does not exist. */
    public ApplicationObservation getApplication(String name) {
        URI uri = URI.create(server + "/api/v1/applications/" + encode(name));
        HttpExchange exchange = transport.exchange(request(uri), "", secrets);
        if (!exchange.reachable() || exchange.status() != 200) {
            return new ApplicationObservation(server, name, exchange, Optional.empty(), errorMessage(exchange), null);
        }
        try {
            ArgoCdApplication application = parseApplication(exchange.body());
            return new ApplicationObservation(server, name, exchange, Optional.of(application), null, null);
        } catch (JsonProcessingException unreadable) {
            return new ApplicationObservation(server, name, exchange, Optional.empty(), null,
                    "the answer is not JSON (" + unreadable.getOriginalMessage() + ")");
        }
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder builder = transport.newRequest(uri).GET();
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder.build();
    }

    /** Argo CD's gRPC-gateway error body: {@code {"error": ..., "code": 5, "message": ...}}. */
    private static String errorMessage(HttpExchange exchange) {
        if (!exchange.reachable()) {
            return null;
        }
        try {
            JsonNode message = JSON.readTree(exchange.body()).path("message");
            return message.isTextual() ? message.asText() : exchange.bodyExcerpt(200);
        } catch (JsonProcessingException notJson) {
            return exchange.bodyExcerpt(200);
        }
    }

    /** Reads an ApplicationList as {@code GET /api/v1/applications} returns it. */
    public static List<ArgoCdApplication> parseList(String json) throws JsonProcessingException {
        List<ArgoCdApplication> applications = new ArrayList<>();
        JSON.readTree(json).path("items").forEach(item -> applications.add(application(item)));
        return applications;
    }

    /** Reads one Application as {@code GET /api/v1/applications/NAME} returns it. */
    public static ArgoCdApplication parseApplication(String json) throws JsonProcessingException {
        return application(JSON.readTree(json));
    }

    private static ArgoCdApplication application(JsonNode item) {
        JsonNode status = item.path("status");
        List<ArgoCdApplication.Condition> conditions = new ArrayList<>();
        status.path("conditions").forEach(condition -> conditions.add(new ArgoCdApplication.Condition(
                text(condition, "type"), text(condition, "message"))));
        List<ArgoCdApplication.Resource> resources = new ArrayList<>();
        status.path("resources").forEach(resource -> resources.add(new ArgoCdApplication.Resource(
                text(resource, "kind"), text(resource, "namespace"), text(resource, "name"),
                text(resource, "status"), text(resource.path("health"), "status"),
                text(resource.path("health"), "message"))));
        return new ArgoCdApplication(
                text(item.path("metadata"), "name"),
                text(item.path("spec"), "project"),
                Optional.ofNullable(text(status.path("sync"), "status")).orElse("Unknown"),
                text(status.path("sync"), "revision"),
                Optional.ofNullable(text(status.path("health"), "status")).orElse("Unknown"),
                text(status.path("health"), "message"),
                text(status.path("operationState"), "phase"),
                text(status.path("operationState"), "message"),
                conditions,
                resources);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
