package io.aether.runbook.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Aether environment as {@code environments/<name>.yaml} describes it: where each platform system is
 * reached, what the runbook expects to find there, the thresholds it judges against and every timeout.
 * Instances are immutable and fully validated; secrets are held by the name of their variable only.
 */
public record Environment(
        String name,
        Platform platform,
        Kubernetes kubernetes,
        ArgoCd argocd,
        PolicyEngines policyEngines,
        RiskApi riskApi,
        MarketData marketData,
        Kafka kafka,
        Nats nats,
        Timescale timescale,
        Feast feast,
        Prometheus prometheus,
        LatencyProbe latencyProbe,
        Thresholds thresholds,
        Timeouts timeouts,
        Escalation escalation,
        Tls tls,
        Postmortem postmortem) {

    /** Whether the environment is the in-process local platform or a real one reached over the network. */
    public enum Platform { LOCAL, REMOTE }

    /** Cluster access: the kube context (or an explicit API server) and the namespace of the Aether workloads. */
    public record Kubernetes(String context, String apiServer, String tokenEnv, String namespace, int minReadyNodes) { }

    /** The Argo CD API server and the project and application the runbook validates. */
    public record ArgoCd(String server, String tokenEnv, String project, String application) { }

    /** Kyverno and Gatekeeper, each a deployment in its own namespace. */
    public record PolicyEngines(Workload kyverno, Workload gatekeeper) { }

    /** A deployment in a namespace. */
    public record Workload(String namespace, String deployment) { }

    /** The risk API deployments and the health endpoint reached through the ingress with its Host header. */
    public record RiskApi(List<String> deployments, String healthUrl, String host, String expectedBody) { }

    /** The market-data ingestor deployment, from which broker connectivity is checked. */
    public record MarketData(String ingestorDeployment) { }

    /**
     * The Kafka cluster: the bootstrap servers the runner connects to, the service host and port the ingestor
     * pod resolves, the topics that must exist, and the ingestor's consumer group whose lag is judged.
     */
    public record Kafka(String bootstrap, String serviceHost, int servicePort, List<String> topics,
            String consumerGroup) { }

    /** The NATS server URL. */
    public record Nats(String url) { }

    /**
     * TimescaleDB: a direct JDBC URL, or the statefulset whose pod is port-forwarded to, plus where the ticks are.
     */
    public record Timescale(
            String jdbcUrl,
            String statefulset,
            int port,
            String database,
            String userEnv,
            String passwordEnv,
            String table,
            String timeColumn) { }

    /** The Feast feature server and the features and entities whose freshness is judged. */
    public record Feast(String url, List<String> features, Map<String, List<String>> entities) { }

    /**
     * The Prometheus HTTP API, the risk API's request-duration histogram the section 4 P99 is computed from, and
     * the alerting rules that page on the section 4 thresholds.
     */
    public record Prometheus(String url, LatencyHistogram latency, AlertRules rules) { }

    /**
     * A Prometheus histogram of request durations in seconds and how the P99 is taken from it.
     *
     * @param metric the histogram's base name; its {@code _bucket} series are queried
     * @param labels equality label matchers that select the risk API's series
     * @param aggregation the aggregation over the bucket rates, which must keep {@code le}, e.g. {@code sum by (le)}
     * @param rateWindow the range of {@code rate()} behind each P99 evaluation
     * @param step how often the P99 is evaluated across the threshold window
     */
    public record LatencyHistogram(
            String metric,
            Map<String, String> labels,
            String aggregation,
            Duration rateWindow,
            Duration step) { }

    /** The alerting rules behind the section 4 thresholds, and the label their severity is carried in. */
    public record AlertRules(String severityLabel, AlertRule riskApiP99, AlertRule marketDataGap) { }

    /**
     * One alerting rule by name, the severity label value it must carry and, for rules whose expression measures
     * the duration itself, the {@code for} it must hold; {@code null} takes the threshold's own window.
     */
    public record AlertRule(String name, String severity, Duration pendingFor) { }

    /**
     * The suite's own bounded latency sample of a read-only risk API endpoint; the caps keep it harmless in prod.
     *
     * @param requests how many requests one check sends
     * @param ratePerSecond at most this many requests start per second
     */
    public record LatencyProbe(String url, int requests, int ratePerSecond) { }

    /**
     * The limits the checks judge against (runbook section 4, the freshness of section 3, and the ingestor's
     * consumer lag in messages, summed over its partitions, of section 2).
     */
    public record Thresholds(
            Duration marketDataGap,
            Duration featureStaleness,
            Duration riskApiP99,
            Duration riskApiP99Window,
            long consumerLag) { }

    /**
     * Every timeout and wait budget; no network call is made without one of these. {@code run} bounds the whole
     * run of checks: a check still running when it is spent is stopped and fails, and no further check starts.
     */
    public record Timeouts(Duration connect, Duration request, Duration rollout, Duration sync, Duration run) { }

    /**
     * TLS towards each HTTPS endpoint the probes call. Verification is on unless an endpoint turns it off; turning
     * it off is per endpoint and shows as a warning in the log and on every check that called it.
     */
    public record Tls(
            TlsEndpoint argocd,
            TlsEndpoint riskApi,
            TlsEndpoint feast,
            TlsEndpoint prometheus,
            TlsEndpoint latencyProbe) { }

    /**
     * @param caBundle a PEM file of the CA certificates this endpoint's certificate is verified against, instead of
     *                 the JDK's trusted authorities; {@code null} for the JDK's
     * @param insecureSkipVerify neither the certificate nor the host name is checked
     */
    public record TlsEndpoint(String caBundle, boolean insecureSkipVerify) { }

    /**
     * Runbook section 4's escalation path, walked once per run when checks breach: who is paged, which channel is
     * notified, where the incident is filed and which Alertmanager alert each check corresponds to. Off unless
     * {@code enabled} (or {@code -Descalate=true}); off means a dry run that only writes the payloads.
     */
    public record Escalation(
            boolean enabled,
            Policy policy,
            PagerDuty pagerDuty,
            Slack slack,
            Jira jira,
            Alertmanager alertmanager,
            Retry retry) {

        /** Which severity tags ({@code sev2}, {@code sev3}) page the on-call, and which only notify and file. */
        public record Policy(List<String> page, List<String> notifyOnly) { }

        /** The PagerDuty Events API v2 enqueue URL and the variable holding the service's routing key. */
        public record PagerDuty(String eventsUrl, String routingKeyEnv) { }

        /**
         * The Slack incoming webhook: a real webhook URL is a credential, so it is named by {@code webhookUrlEnv};
         * {@code webhookUrl} is only for the local platform's fake, whose address holds no secret.
         */
        public record Slack(String webhookUrl, String webhookUrlEnv, String channel) { }

        /** The Jira project incidents are filed in, and the variables holding the API user and token. */
        public record Jira(String url, String project, String issueType, String userEnv, String tokenEnv) { }

        /** Alertmanager's API, and the Prometheus alert name each check's breach should have fired, by check. */
        public record Alertmanager(String url, Map<String, String> alertNames) { }

        /** How often and how long a delivery answered with 429 or 5xx is retried. */
        public record Retry(int attempts, Duration budget) { }
    }

    /**
     * Runbook section 5's post-incident review, run with {@code -Dincident=KEY}: the Grafana dashboards to capture,
     * the Loki query to export, and where the latest pipeline run's SBOM is. The ticket lives in
     * {@code escalation.jira}'s tracker.
     */
    public record Postmortem(Grafana grafana, Loki loki, Sbom sbom, FollowUps followUps) {

        /**
         * The Grafana HTTP API, the variable holding a service-account token, and the dashboards (by UID) that are
         * snapshotted over the incident window; each panel is also rendered to PNG where the image renderer answers.
         */
        public record Grafana(String url, String tokenEnv, List<String> dashboards, int renderWidth,
                int renderHeight) { }

        /**
         * Loki's HTTP API and the LogQL stream selector exported over the window, page by page: {@code pageLimit}
         * entries a request (at most the server's {@code max_entries_limit_per_query}), at most {@code maxPages}.
         */
        public record Loki(String url, String tokenEnv, String tenant, String query, int pageLimit, int maxPages) { }

        /**
         * The CycloneDX SBOM of the latest pipeline run, as a URL or a path (with the variable holding a token for
         * the URL, if it needs one), and the SBOM this suite's own build writes.
         */
        public record Sbom(String pipeline, String pipelineTokenEnv, String suite) { }

        /** How follow-up tasks are filed in Jira and tied to the incident ticket. */
        public record FollowUps(String issueType, String linkType) { }
    }
}
