package io.aether.runbook.platform.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.WireMockFake;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's query API on loopback (one WireMock server) holding the risk API's logs, with a page limit of
 * {@value LokiQueryRange#MAX_ENTRIES} lines a request so that an export of any real window pages; records every
 * request. Fills {@code postmortem.loki.url}.
 */
public final class LokiFake extends WireMockFake {

    public static final String QUERY_RANGE = "/loki/api/v1/query_range";
    private static final Logger LOG = LoggerFactory.getLogger(LokiFake.class);


    private LokiFake(WireMockServer server) {
        super(server);
    }

    public static LokiFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        long started = System.nanoTime();
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .notifier(new Slf4jNotifier(false)).maxRequestJournalEntries(2000).extensions(new LokiQueryRange()));
        try {
            server.start();
            server.stubFor(get(urlPathEqualTo(QUERY_RANGE))
                    .willReturn(aResponse().withTransformers(LokiQueryRange.NAME)));
            server.stubFor(get(urlPathEqualTo("/ready")).willReturn(aResponse().withStatus(200).withBody("ready\n")));
        } catch (RuntimeException failed) {
            server.stop();
            throw new IllegalStateException("the Loki fake (WireMock on 127.0.0.1) did not start: "
                    + failed.getMessage(), failed);
        }
        LOG.info("loki: query API on http://127.0.0.1:{} after {} ms, at most {} lines a request", server.port(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), LokiQueryRange.MAX_ENTRIES);
        return new LokiFake(server);
    }

    /** The most lines one request may ask for, as Loki's {@code max_entries_limit_per_query}. */
    public static int pageLimit() {
        return LokiQueryRange.MAX_ENTRIES;
    }

    /** How many lines the fake holds for the risk API in {@code [startNanos, endNanos)}. */
    public static long linesBetween(long startNanos, long endNanos) {
        return LokiQueryRange.entries(startNanos, endNanos, Integer.MAX_VALUE, true).size();
    }

    @Override
    public String name() {
        return "loki";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("postmortem.loki.url", baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The query parameters of every {@code query_range} request received, oldest first. */
    public List<Map<String, String>> queriesReceived() {
        return server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(request -> request.getUrl().startsWith(QUERY_RANGE)).map(request -> {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    request.getQueryParams().forEach((name, value) -> parameters.put(name, value.firstValue()));
                    return parameters;
                }).toList();
    }
}
