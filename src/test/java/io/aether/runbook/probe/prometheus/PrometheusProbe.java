package io.aether.runbook.probe.prometheus;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.probe.http.HttpExchange;
import io.aether.runbook.probe.http.HttpTransport;
import io.aether.runbook.probe.http.TlsTrust;
import io.aether.runbook.report.Evidence;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads the Prometheus HTTP API: the risk API's P99 at every evaluation of the section 4 window, in one instant
 * query, and the alerting rules Prometheus has loaded. Read-only; every call has the environment's timeouts.
 */
public final class PrometheusProbe {

    private final String baseUrl;
    private final LatencyQuery latency;
    private final Secrets secrets;
    private final HttpTransport transport;

    public PrometheusProbe(Environment env, Secrets secrets) {
        String url = Objects.requireNonNull(env.prometheus().url(), "prometheus.url is not set");
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.latency = LatencyQuery.of(env);
        this.secrets = secrets;
        this.transport = new HttpTransport("Prometheus", env.timeouts(),
                TlsTrust.of("prometheus", env.tls().prometheus()));
    }

    public LatencyQuery latencyQuery() {
        return latency;
    }

    /** The P99 of every evaluation over the threshold window ({@link LatencyQuery#windowQuery()}). */
    public QueryAnswer riskApiP99Window() {
        return query(latency.windowQuery());
    }

    /** One instant query, evaluated at Prometheus's own now; the PromQL and the raw answer are attached. */
    public QueryAnswer query(String promql) {
        Evidence.text("PromQL", promql);
        URI uri = URI.create(baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpExchange exchange = transport.exchange(transport.newRequest(uri).GET().build(), "", secrets);
        return QueryAnswer.of(promql, exchange);
    }

    /** Every alerting rule Prometheus has loaded, from {@code /api/v1/rules?type=alert}. */
    public RulesAnswer alertingRules() {
        URI uri = URI.create(baseUrl + "/api/v1/rules?type=alert");
        return RulesAnswer.of(transport.exchange(transport.newRequest(uri).GET().build(), "", secrets));
    }
}
