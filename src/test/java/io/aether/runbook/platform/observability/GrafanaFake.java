package io.aether.runbook.platform.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.platform.ServiceDirectory;
import io.aether.runbook.platform.WireMockFake;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grafana's HTTP API on loopback (one WireMock server) with the two Aether dashboards the local environment names:
 * dashboards, data-source queries, snapshots and the image renderer, recording every request. Fills
 * {@code postmortem.grafana.url}.
 */
public final class GrafanaFake extends WireMockFake {

    private static final Logger LOG = LoggerFactory.getLogger(GrafanaFake.class);

    private final GrafanaApi api;

    private GrafanaFake(WireMockServer server, GrafanaApi api) {
        super(server);
        this.api = api;
    }

    public static GrafanaFake start(Environment env, Set<Drill> drills, ServiceDirectory services) {
        long started = System.nanoTime();
        GrafanaApi api = new GrafanaApi();
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .notifier(new Slf4jNotifier(false)).maxRequestJournalEntries(500).extensions(api));
        try {
            server.start();
            server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(GrafanaApi.NAME)));
        } catch (RuntimeException failed) {
            server.stop();
            throw new IllegalStateException("the Grafana fake (WireMock on 127.0.0.1) did not start: "
                    + failed.getMessage(), failed);
        }
        LOG.info("grafana: HTTP API with dashboards {} on http://127.0.0.1:{} after {} ms", GrafanaApi.DASHBOARDS,
                server.port(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new GrafanaFake(server, api);
    }

    /** Answers render requests as a Grafana without the image renderer plugin does, or again with PNGs. */
    public void rendererInstalled(boolean installed) {
        api.rendererInstalled(installed);
    }

    @Override
    public String name() {
        return "grafana";
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of("postmortem.grafana.url", baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }
}
