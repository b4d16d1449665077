package io.aether.runbook.platform.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.Fake;
import io.aether.runbook.platform.PlatformRequest;
import io.aether.runbook.platform.HttpServices;
import io.aether.runbook.platform.SilentPort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WireMock server on loopback standing in for three HTTP systems of the platform, each under its real API
 * paths: the Argo CD API server, the risk API behind its ingress, and the Feast feature server. Drills
 * ARGOCD_DEGRADED, INGRESS_NO_ROUTE and FEAST_STALE change what they answer; HTTP_BLACKHOLE replaces the server by a
 * port that accepts connections and never answers.
 */
public final class HttpFakes implements Fake, HttpServices {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFakes.class);

    private final WireMockServer server;
    private final Duration startup;
    private final SilentPort silent;

    private HttpFakes(WireMockServer server, Duration startup, SilentPort silent) {
        this.server = server;
        this.startup = startup;
        this.silent = silent;
    }

    /** Starts the fakes with an open Argo CD API, as the local environment names no Argo CD token. */
    public static HttpFakes start(Environment env, Set<Drill> drills) {
        return start(env, drills, null);
    }

    /**
     * @param argoCdToken the bearer token the Argo CD API then demands on every call, as a real server does;
     *                    {@code null} for an open API
     */
    public static HttpFakes start(Environment env, Set<Drill> drills, String argoCdToken) {
        long started = System.nanoTime();
        if (drills.contains(Drill.HTTP_BLACKHOLE)) {
            // no WireMock at all: the three systems' addresses lead to one port that accepts and stays silent
            SilentPort silent = SilentPort.open("http");
            LOG.info("HTTP fakes: drill {} - Argo CD, ingress and Feast point at silent port {}",
                    Drill.HTTP_BLACKHOLE, silent.port());
            return new HttpFakes(null, Duration.ofNanos(System.nanoTime() - started), silent);
        }
        Duration featureStaleness = drills.contains(Drill.FEAST_STALE) ? Duration.ofHours(1) : Duration.ZERO;
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new Slf4jNotifier(false))
                .maxRequestJournalEntries(500)
                .extensions(new FeastFeatureServer(featureStaleness)));
        try {
            server.start();
            ArgoCdApi.register(server, drills, argoCdToken);
            RiskApiIngress.register(server, Objects.requireNonNull(env.riskApi().host(), "riskApi.host"), drills);
            FeastFeatureServer.register(server);
        } catch (RuntimeException failed) {
            server.stop();
            throw new IllegalStateException("the HTTP fakes (WireMock on 127.0.0.1) did not start: "
                    + failed.getMessage(), failed);
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("HTTP fakes (Argo CD, ingress, Feast) listening on http://127.0.0.1:{} after {} ms, drills {}",
                server.port(), startup.toMillis(), drills);
        return new HttpFakes(server, startup, null);
    }

    @Override
    public Map<String, WireMockServer> httpServices() {
        return Map.of("argocd", server, "risk-api", server, "feast", server);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Map<String, String> endpoints() {
        String base = baseUrl();
        return Map.of(
                "argocd.server", base,
                "riskApi.healthUrl", base + RiskApiIngress.HEALTH_PATH,
                "feast.url", base);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (server == null ? silent.port() : server.port());
    }

    /** How long the server took to start and take its stubs, for the platform's start-up log. */
    public Duration startupTime() {
        return startup;
    }

    /** The server itself, for self-tests that assert on the requests it received; absent under http-blackhole. */
    public WireMockServer wireMock() {
        return Objects.requireNonNull(server, "no WireMock runs under the http-blackhole drill");
    }

    /** Every request in the server's journal, oldest first. */
    @Override
    public List<PlatformRequest> received() {
        return server == null ? List.of() : PlatformRequest.journalOf(name(), server);
    }

    @Override
    public void close() {
        if (silent != null) {
            silent.close();
            return;
        }
        try {
            server.stop();
        } catch (RuntimeException ignored) {
            LOG.debug("HTTP fakes did not stop cleanly", ignored);
        }
    }

    @Override
    public OptionalLong requestCount() {
        return server == null ? OptionalLong.empty()
                : OptionalLong.of(server.countRequestsMatching(RequestPattern.everything()).getCount());
    }
}
