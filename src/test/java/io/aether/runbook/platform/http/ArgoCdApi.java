package io.aether.runbook.platform.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.aether.runbook.platform.Drill;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Argo CD API server's read endpoints for project aether-risk: the app of apps aether-risk-prod and its two
 * children. Application bodies live in {@code platform/http/argocd/*.json} as the real server returns them;
 * their timestamps are WireMock templates, so every answer is dated from the moment it is served.
 */
final class ArgoCdApi {

    static final String PROJECT = "aether-risk";
    static final List<String> APPLICATIONS =
            List.of("aether-risk-prod", "aether-risk-marketdata-prod", "aether-risk-feast-prod");

    private static final String RESOURCES = "/platform/http/argocd/";
    private static final String TEMPLATE = "response-template";
    private static final String RESOURCE_VERSION = "184532";

    private ArgoCdApi() {
    }

    /** @param token the bearer token every call must carry, or {@code null} when the server is open (local) */
    static void register(WireMockServer server, Set<Drill> drills, String token) {
        if (token != null) {
            requireToken(server, token);
        }
        List<String> bodies = APPLICATIONS.stream().map(name -> body(name, drills)).collect(Collectors.toList());
        server.stubFor(get(urlPathEqualTo("/api/v1/applications")).withQueryParam("projects", equalTo(PROJECT))
                .atPriority(5)
                .willReturn(json(200).withBody(list(bodies)).withTransformers(TEMPLATE)));
        server.stubFor(get(urlPathEqualTo("/api/v1/applications")).atPriority(6)
                .willReturn(json(200).withBody(list(List.of()))));
        for (int i = 0; i < APPLICATIONS.size(); i++) {
            server.stubFor(get(urlPathEqualTo("/api/v1/applications/" + APPLICATIONS.get(i))).atPriority(5)
                    .willReturn(json(200).withBody(bodies.get(i)).withTransformers(TEMPLATE)));
        }
        // an administrator asking for an application that does not exist gets gRPC NotFound (code 5) as 404
        server.stubFor(get(urlPathMatching("/api/v1/applications/[^/]+")).atPriority(6)
                .willReturn(json(404).withTransformers(TEMPLATE).withBody(
                        "{\"error\":\"applications.argoproj.io \\\"{{request.pathSegments.[3]}}\\\" not found\","
                                + "\"code\":5,\"message\":\"applications.argoproj.io \\\"{{request.pathSegments.[3]}}"
                                + "\\\" not found\"}")));
    }

    /**
     * Without a valid bearer token the real server answers gRPC Unauthenticated (code 16) as 401. WireMock's
     * notMatching also matches an absent header, so the "no token" answer must take precedence.
     */
    private static void requireToken(WireMockServer server, String token) {
        server.stubFor(any(urlPathMatching("/api/v1/.*")).withHeader("Authorization", absent()).atPriority(1)
                .willReturn(json(401).withBody(error("no session information", 16))));
        server.stubFor(any(urlPathMatching("/api/v1/.*"))
                .withHeader("Authorization", notMatching("Bearer " + Pattern.quote(token))).atPriority(2)
                .willReturn(json(401).withBody(error("invalid session: token signature is invalid", 16))));
    }

    private static String body(String application, Set<Drill> drills) {
        boolean degraded = drills.contains(Drill.ARGOCD_DEGRADED) && "aether-risk-prod".equals(application);
        boolean drifted = drills.contains(Drill.ARGOCD_OUT_OF_SYNC)
                && "aether-risk-marketdata-prod".equals(application);
        String variant = degraded ? "-degraded" : drifted ? "-out-of-sync" : "";
        return resource(application + variant + ".json").strip();
    }

    private static String list(List<String> items) {
        return "{\"metadata\":{\"resourceVersion\":\"" + RESOURCE_VERSION + "\"},\"items\":["
                + String.join(",", items) + "]}";
    }

    private static String error(String message, int code) {
        return "{\"error\":\"" + message + "\",\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    private static ResponseDefinitionBuilder json(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json");
    }

    private static String resource(String name) {
        try (InputStream in = ArgoCdApi.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + RESOURCES + name, unreadable);
        }
    }
}
