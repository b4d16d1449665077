package io.aether.runbook.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a bound environment must satisfy beyond its types: what every environment must name, what a remote
 * one must additionally say about reaching each system, and values that only look valid.
 */
final class EnvironmentRules {

    /** The synthetic latency probe's caps: enough for a P99 of a spot sample, too little to load the risk API. */
    static final int MAX_PROBE_REQUESTS = 200;
    static final int MAX_PROBE_RATE = 10;
    /** Loki's largest page and the most pages one export asks for, so an export stays a bounded load on Loki. */
    static final int MAX_LOKI_PAGE = 50_000;
    static final int MAX_LOKI_PAGES = 2_000;
    static final int MAX_RENDER_SIDE = 4_000;
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern AGGREGATION = Pattern.compile(
            "(sum|max|min|avg) by \\(\\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\\s*,\\s*[a-zA-Z_][a-zA-Z0-9_]*)*)\\s*\\)");

    private final String source;
    private final Map<String, String> overrides;

    EnvironmentRules(String source, Map<String, String> overrides) {
        this.source = source;
        this.overrides = overrides;
    }

    void check(Environment env) {
        require("kubernetes.namespace", env.kubernetes().namespace());
        require("argocd.project", env.argocd().project());
        require("argocd.application", env.argocd().application());
        requireList("riskApi.deployments", env.riskApi().deployments());
        require("riskApi.host", env.riskApi().host());
        require("marketData.ingestorDeployment", env.marketData().ingestorDeployment());
        require("kafka.serviceHost", env.kafka().serviceHost());
        requireList("kafka.topics", env.kafka().topics());
        require("timescale.database", env.timescale().database());
        require("timescale.table", env.timescale().table());
        require("timescale.timeColumn", env.timescale().timeColumn());
        requireList("feast.features", env.feast().features());
        requireEntities(env.feast().entities());
        positive("thresholds.marketDataGap", env.thresholds().marketDataGap());
        positive("thresholds.featureStaleness", env.thresholds().featureStaleness());
        positive("thresholds.riskApiP99", env.thresholds().riskApiP99());
        positive("thresholds.riskApiP99Window", env.thresholds().riskApiP99Window());
        if (env.thresholds().consumerLag() < 0) {
            fail("thresholds.consumerLag", "must be zero or more messages, found " + env.thresholds().consumerLag(),
                    "set how many messages the ingestor's consumer group may be behind");
        }
        positive("timeouts.connect", env.timeouts().connect());
        positive("timeouts.request", env.timeouts().request());
        positive("timeouts.rollout", env.timeouts().rollout());
        positive("timeouts.sync", env.timeouts().sync());
        positive("timeouts.run", env.timeouts().run());
        port("kafka.servicePort", env.kafka().servicePort());
        port("timescale.port", env.timescale().port());
        checkSlo(env);
        if (env.kubernetes().minReadyNodes() < 1) {
            fail("kubernetes.minReadyNodes", "must be at least 1, found " + env.kubernetes().minReadyNodes(),
                    "set the number of nodes that must be Ready");
        }
        if (env.platform() == Environment.Platform.REMOTE) {
            checkRemote(env);
        }
        checkEscalation(env.escalation(), env.platform() == Environment.Platform.REMOTE);
        checkTls(env.tls());
        checkPostmortem(env.postmortem());
    }

    private void checkTls(Environment.Tls tls) {
        tlsEndpoint("tls.argocd", tls.argocd());
        tlsEndpoint("tls.riskApi", tls.riskApi());
        tlsEndpoint("tls.feast", tls.feast());
        tlsEndpoint("tls.prometheus", tls.prometheus());
        tlsEndpoint("tls.latencyProbe", tls.latencyProbe());
    }

    private void tlsEndpoint(String path, Environment.TlsEndpoint endpoint) {
        if (blank(endpoint.caBundle())) {
            return;
        }
        if (endpoint.insecureSkipVerify()) {
            fail(path + ".insecureSkipVerify", "verification is turned off and a CA bundle is named for the same"
                    + " endpoint", "keep one: `" + path + ".caBundle` (verification on) or `" + path
                    + ".insecureSkipVerify: true`");
        }
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(endpoint.caBundle()))) {
            fail(path + ".caBundle", "'" + endpoint.caBundle() + "' is not a readable file",
                    "name the PEM file of the CA certificates that sign this endpoint's certificate");
        }
    }

    /** Section 5's keys; the addresses are optional, and a review without one fails that item with the key named. */
    private void checkPostmortem(Environment.Postmortem postmortem) {
        url("postmortem.grafana.url", postmortem.grafana().url(), false, "https", "http");
        url("postmortem.loki.url", postmortem.loki().url(), false, "https", "http");
        require("postmortem.loki.query", postmortem.loki().query());
        capped("postmortem.loki.pageLimit", postmortem.loki().pageLimit(), MAX_LOKI_PAGE);
        capped("postmortem.loki.maxPages", postmortem.loki().maxPages(), MAX_LOKI_PAGES);
        capped("postmortem.grafana.renderWidth", postmortem.grafana().renderWidth(), MAX_RENDER_SIDE);
        capped("postmortem.grafana.renderHeight", postmortem.grafana().renderHeight(), MAX_RENDER_SIDE);
        require("postmortem.sbom.suite", postmortem.sbom().suite());
        require("postmortem.followUps.issueType", postmortem.followUps().issueType());
        require("postmortem.followUps.linkType", postmortem.followUps().linkType());
    }

    private void checkEscalation(Environment.Escalation escalation, boolean remote) {
        List<String> page = escalation.policy().page() == null ? List.of() : escalation.policy().page();
        List<String> notify = escalation.policy().notifyOnly() == null ? List.of()
                : escalation.policy().notifyOnly();
        severities("escalation.policy.page", page);
        severities("escalation.policy.notifyOnly", notify);
        page.stream().filter(notify::contains).findFirst().ifPresent(both -> fail("escalation.policy.notifyOnly",
                both + " is listed under both page and notifyOnly", "list " + both + " under one of them"));
        require("escalation.slack.channel", escalation.slack().channel());
        if (escalation.retry().attempts() < 1) {
            fail("escalation.retry.attempts", "must be at least 1, found " + escalation.retry().attempts(),
                    "set how many times a delivery is tried");
        }
        positive("escalation.retry.budget", escalation.retry().budget());
        if (!remote) {
            return;
        }
        if (!blank(escalation.slack().webhookUrl())) {
            fail("escalation.slack.webhookUrl", "a real webhook URL is a credential and must not be in a file",
                    "remove it and name the variable holding it in `escalation.slack.webhookUrlEnv`");
        }
        boolean enabled = escalation.enabled();
        url("escalation.pagerDuty.eventsUrl", escalation.pagerDuty().eventsUrl(), enabled && !page.isEmpty(),
                "https", "http");
        url("escalation.jira.url", escalation.jira().url(), enabled, "https", "http");
        url("escalation.alertmanager.url", escalation.alertmanager().url(), enabled, "https", "http");
        if (enabled) {
            if (!page.isEmpty()) {
                require("escalation.pagerDuty.routingKeyEnv", escalation.pagerDuty().routingKeyEnv());
            }
            require("escalation.slack.webhookUrlEnv", escalation.slack().webhookUrlEnv());
            require("escalation.jira.project", escalation.jira().project());
            require("escalation.jira.issueType", escalation.jira().issueType());
            require("escalation.jira.userEnv", escalation.jira().userEnv());
            require("escalation.jira.tokenEnv", escalation.jira().tokenEnv());
        }
    }

    private void severities(String path, List<String> severities) {
        severities.stream().filter(severity -> severity == null || !severity.matches("sev[0-9]+")).findFirst()
                .ifPresent(wrong -> fail(path, "'" + wrong + "' is not a severity tag",
                        "write severities as the checks' tags, e.g. [sev2, sev3]"));
    }

    private void checkRemote(Environment env) {
        if (blank(env.kubernetes().context()) && blank(env.kubernetes().apiServer())) {
            fail("kubernetes.context", "a remote environment needs a kube context or an API server",
                    "set `kubernetes.context` to a context of your kubeconfig, or `kubernetes.apiServer`");
        }
        url("kubernetes.apiServer", env.kubernetes().apiServer(), false, "https");
        url("argocd.server", env.argocd().server(), true, "https", "http");
        url("riskApi.healthUrl", env.riskApi().healthUrl(), true, "https", "http");
        require("kafka.bootstrap", env.kafka().bootstrap());
        url("nats.url", env.nats().url(), true, "nats", "tls");
        if (blank(env.timescale().jdbcUrl()) && blank(env.timescale().statefulset())) {
            fail("timescale.jdbcUrl", "neither a JDBC URL nor a statefulset to port-forward to is set",
                    "set `timescale.jdbcUrl`, or `timescale.statefulset` to reach the pod through the cluster");
        }
        if (!blank(env.timescale().jdbcUrl()) && !env.timescale().jdbcUrl().startsWith("jdbc:postgresql://")) {
            fail("timescale.jdbcUrl", "'" + env.timescale().jdbcUrl() + "' is not a PostgreSQL JDBC URL",
                    "write it as jdbc:postgresql://HOST:PORT/DATABASE");
        }
        // optional: an environment without them skips the section 4 checks that need them, with a reason
        url("prometheus.url", env.prometheus().url(), false, "https", "http");
        url("latencyProbe.url", env.latencyProbe().url(), false, "https", "http");
    }

    /** The section 4 keys: a well-formed histogram query, named alerting rules and a capped synthetic probe. */
    private void checkSlo(Environment env) {
        Environment.LatencyHistogram latency = env.prometheus().latency();
        if (latency.metric() == null || !METRIC.matcher(latency.metric()).matches()) {
            fail("prometheus.latency.metric", "'" + latency.metric() + "' is not a Prometheus metric name",
                    "name the histogram without its _bucket suffix, e.g. http_request_duration_highr_seconds");
        }
        if (latency.labels() != null) {
            latency.labels().keySet().stream().filter(name -> !LABEL.matcher(name).matches()).findFirst()
                    .ifPresent(name -> fail("prometheus.latency.labels", "'" + name + "' is not a label name",
                            "use label names of letters, digits and underscores"));
        }
        Matcher aggregation = AGGREGATION.matcher(String.valueOf(latency.aggregation()));
        if (!aggregation.matches() || !java.util.Arrays.asList(aggregation.group(2).split("\\s*,\\s*"))
                .contains("le")) {
            fail("prometheus.latency.aggregation", "'" + latency.aggregation() + "' is not an aggregation that"
                    + " keeps the le label", "write it as OPERATOR by (le[, LABEL...]), e.g. sum by (le)");
        }
        positive("prometheus.latency.rateWindow", latency.rateWindow());
        positive("prometheus.latency.step", latency.step());
        if (latency.step().compareTo(env.thresholds().riskApiP99Window()) > 0) {
            fail("prometheus.latency.step", "the step " + Durations.format(latency.step()) + " is longer than the "
                    + Durations.format(env.thresholds().riskApiP99Window()) + " window it divides",
                    "set a step of at most thresholds.riskApiP99Window, e.g. 30s");
        }
        require("prometheus.rules.severityLabel", env.prometheus().rules().severityLabel());
        require("prometheus.rules.riskApiP99.name", env.prometheus().rules().riskApiP99().name());
        require("prometheus.rules.riskApiP99.severity", env.prometheus().rules().riskApiP99().severity());
        require("prometheus.rules.marketDataGap.name", env.prometheus().rules().marketDataGap().name());
        require("prometheus.rules.marketDataGap.severity", env.prometheus().rules().marketDataGap().severity());
        capped("latencyProbe.requests", env.latencyProbe().requests(), MAX_PROBE_REQUESTS);
        capped("latencyProbe.ratePerSecond", env.latencyProbe().ratePerSecond(), MAX_PROBE_RATE);
    }

    private void capped(String path, int value, int cap) {
        if (value < 1 || value > cap) {
            fail(path, "expected 1 to " + cap + " but found " + value,
                    "keep `" + path + "` within the cap so the probe stays harmless in prod");
        }
    }

    private void require(String path, String value) {
        if (blank(value)) {
            fail(path, "a required key is missing", "set `" + path + "`");
        }
    }

    private void requireList(String path, Collection<?> value) {
        if (value == null || value.isEmpty()) {
            fail(path, "a required list is missing or empty", "set `" + path + "` to at least one entry");
        }
    }

    private void requireEntities(Map<String, ? extends Collection<String>> entities) {
        if (entities == null || entities.isEmpty() || entities.values().stream().anyMatch(Collection::isEmpty)) {
            fail("feast.entities", "no entity keys to look features up by",
                    "map each entity name to at least one key, e.g. `symbol: [AAPL]`");
        }
    }

    private void positive(String path, Duration value) {
        if (value == null || value.isZero()) {
            fail(path, "must be a positive duration", "set `" + path + "` to a duration such as 5s or 2m");
        }
    }

    private void port(String path, int port) {
        if (port < 1 || port > 65535) {
            fail(path, "expected a port from 1 to 65535 but found " + port, "set `" + path + "` to a valid port");
        }
    }

    private void url(String path, String value, boolean required, String... schemes) {
        if (blank(value)) {
            if (required) {
                fail(path, "a remote environment needs this address", "set `" + path + "`");
            }
            return;
        }
        try {
            URI uri = new URI(value);
            boolean known = uri.getScheme() != null && java.util.Arrays.asList(schemes).contains(uri.getScheme());
            if (!known || uri.getHost() == null) {
                fail(path, "'" + value + "' is not a valid " + String.join(" or ", schemes) + " URL",
                        "write it as " + schemes[0] + "://HOST[:PORT][/PATH]");
            }
        } catch (URISyntaxException malformed) {
            fail(path, "'" + value + "' is not a valid URL (" + malformed.getReason() + ")",
                    "write it as " + schemes[0] + "://HOST[:PORT][/PATH]");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private void fail(String path, String problem, String fix) {
        String where = overrides.containsKey(path) ? "-D" + path + "=" + overrides.get(path) : source;
        throw new ConfigException(where, path, problem, fix);
    }
}
