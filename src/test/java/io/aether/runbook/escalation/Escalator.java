package io.aether.runbook.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.LoadedEnvironment;
import io.aether.runbook.config.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks runbook section 4's escalation path once for a run: decides from the checks' outcomes, asks Alertmanager
 * for each breach's alert, builds the PagerDuty events, the Slack message and the incident, writes them all under
 * {@code reports/escalation/}, and, when escalation is enabled, delivers them. A delivery failure is reported as a
 * suite error and never replaces the check failures, which the build reports on its own.
 */
public final class Escalator {

    private static final Logger LOG = LoggerFactory.getLogger(Escalator.class);
    /** The routing key sent when an environment names no variable: only the local fake accepts it. */
    static final String UNNAMED_ROUTING_KEY = "aether-runbook-local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Environment environment;
    private final Environment.Escalation config;
    private final Secrets secrets;
    private final boolean enabled;
    private final ReportLocation report;
    private final Clock clock;
    private final EscalationRecords records;
    private final DeliveryClient client;

    /** @param enabled whether to deliver; otherwise a dry run that only writes the payloads */
    public Escalator(LoadedEnvironment loaded, boolean enabled, EscalationRecords records, ReportLocation report,
            Clock clock) {
        this.environment = loaded.environment();
        this.config = environment.escalation();
        this.secrets = loaded.secrets();
        this.enabled = enabled;
        this.records = records;
        this.report = report;
        this.clock = clock;
        this.client = new DeliveryClient(environment.timeouts(), config.retry(), secrets);
    }

    public EscalationResult escalate(List<CheckOutcome> outcomes) {
        Instant at = clock.instant();
        EscalationPlan plan = EscalationPlan.decide(environment.name(), outcomes, config.policy());
        records.startRun();
        Map<String, AlertEvidence> alerts = new LinkedHashMap<>();
        AlertmanagerLookup lookup = new AlertmanagerLookup(config.alertmanager(), client);
        plan.breaches().forEach(breach -> alerts.put(breach.check().checkId(), lookup.lookup(breach.check())));
        List<Delivery> deliveries = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        String routingKey = routingKey();
        for (Breach breach : plan.pages()) {
            ObjectNode event = PagerDutyEvents.trigger(breach, alerts.get(breach.check().checkId()),
                    environment.name(), routingKey, report, at);
            records.write("pagerduty-trigger-" + breach.check().checkId(), event);
            deliver(() -> pagerDuty().send(event), "PagerDuty trigger " + breach.dedupKey(),
                    config.pagerDuty().eventsUrl(), "escalation.pagerDuty.eventsUrl", deliveries, errors);
        }
        for (Breach passed : plan.resolves()) {
            ObjectNode event = PagerDutyEvents.resolve(passed, routingKey);
            records.write("pagerduty-resolve-" + passed.check().checkId(), event);
            deliver(() -> pagerDuty().send(event), "PagerDuty resolve " + passed.dedupKey(),
                    config.pagerDuty().eventsUrl(), "escalation.pagerDuty.eventsUrl", deliveries, errors);
        }
        IncidentReceipt incident = null;
        if (plan.breached()) {
            ObjectNode message = SlackMessage.of(plan, alerts, config.slack().channel(), report, at);
            records.write("slack-message", message);
            deliver(() -> slack().post(message), slackTarget(), webhookUrl(), "escalation.slack.webhookUrl",
                    deliveries, errors);
            Incident filed = Incident.of(plan, alerts, config.jira(), report, at);
            records.write("jira-issue", filed.createBody());
            records.write("jira-comment-if-open", filed.commentBody());
            incident = enabled ? fileIncident(filed, deliveries, errors) : null;
        }
        EscalationResult result = new EscalationResult(!enabled, plan, alerts, deliveries, incident, errors);
        records.write("summary", summary(result, at));
        records.suiteErrors(errors);
        records.attachToReport(environment.name(), !enabled,
                errors.stream().map(error -> error.get("target") + ": " + error.get("problem")).toList());
        LOG.info("escalation of '{}' {}: {} breach(es), {} page(s), {} resolve(s), {} undelivered; files in {}",
                environment.name(), enabled ? "delivered" : "dry run", plan.breaches().size(), plan.pages().size(),
                plan.resolves().size(), errors.size(), records.directory());
        return result;
    }

    private IncidentReceipt fileIncident(Incident incident, List<Delivery> deliveries,
            List<Map<String, Object>> errors) {
        if (blank(config.jira().url())) {
            errors.add(error("Jira incident", 0, 0, "escalation.jira.url is not set"));
            return null;
        }
        IncidentTracker tracker = new JiraTracker(config.jira().url(),
                secrets.value(config.jira().userEnv()).orElse(null),
                secrets.value(config.jira().tokenEnv()).orElse(null), client);
        IncidentReceipt receipt = tracker.file(incident, report);
        for (Delivery call : receipt.deliveries()) {
            deliveries.add(call);
            if (!call.delivered()) {
                errors.add(error(call.target(), call.status(), call.attempts(), call.problem()));
            }
        }
        return receipt;
    }

    /** Delivers when enabled and the target is configured; a dry run or a missing target is noted, not sent. */
    private void deliver(Supplier<Delivery> send, String what, String url, String key,
            List<Delivery> deliveries, List<Map<String, Object>> errors) {
        if (!enabled) {
            return;
        }
        if (blank(url)) {
            errors.add(error(what, 0, 0, key + " is not set, so nothing could be sent"));
            return;
        }
        Delivery delivery = send.get();
        deliveries.add(delivery);
        if (!delivery.delivered()) {
            errors.add(error(delivery.target(), delivery.status(), delivery.attempts(), delivery.problem()));
        }
    }

    private PagerDutyClient pagerDuty() {
        return new PagerDutyClient(config.pagerDuty().eventsUrl(), client);
    }

    private SlackClient slack() {
        return new SlackClient(webhookUrl(), slackTarget(), client);
    }

    private String routingKey() {
        String variable = config.pagerDuty().routingKeyEnv();
        if (blank(variable)) {
            return UNNAMED_ROUTING_KEY;
        }
        return secrets.value(variable).orElse(Secrets.MASK);
    }

    /** The secret webhook URL when its variable is named and resolved, else the local fake's plain URL. */
    private String webhookUrl() {
        String variable = config.slack().webhookUrlEnv();
        return blank(variable) ? config.slack().webhookUrl() : secrets.value(variable).orElse(null);
    }

    private String slackTarget() {
        String variable = config.slack().webhookUrlEnv();
        return "Slack webhook to " + config.slack().channel() + " ("
                + (blank(variable) ? config.slack().webhookUrl() : "$" + variable) + ")";
    }

    private static Map<String, Object> error(String target, int status, int attempts, String problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("target", target);
        error.put("status", status);
        error.put("attempts", attempts);
        error.put("problem", problem);
        return error;
    }

    private ObjectNode summary(EscalationResult result, Instant at) {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("environment", environment.name());
        summary.put("mode", enabled ? "delivered" : "dry run: nothing was sent (enable with -Descalate=true)");
        summary.put("at", at.toString());
        ArrayNode breaches = summary.putArray("breaches");
        for (Breach breach : result.plan().breaches()) {
            ObjectNode item = breaches.addObject();
            item.put("check", breach.check().checkId());
            item.put("severity", breach.severity());
            item.put("pages", breach.pages());
            item.put("dedupKey", breach.dedupKey());
            item.put("alert", result.alerts().get(breach.check().checkId()).describe(breach.check().checkId()));
            item.put("alertId", result.alerts().get(breach.check().checkId()).alertId());
        }
        result.plan().resolves().forEach(passed -> summary.withArray("resolves").add(passed.dedupKey()));
        result.plan().ignored().forEach(check -> summary.withArray("notEscalatedByPolicy").add(check.checkId()));
        summary.put("report", report.rendered() ? "attached from " + report.link()
                : "not rendered yet while escalating (it is rendered after the test JVM ends); it will be at "
                        + report.link());
        ArrayNode sent = summary.putArray("deliveries");
        result.deliveries().forEach(delivery -> sent.add(JSON.valueToTree(Map.of("target", delivery.target(),
                "delivered", delivery.delivered(), "status", delivery.status(), "attempts", delivery.attempts(),
                "millis", delivery.took().toMillis()))));
        if (result.incident() != null) {
            summary.put("incident", String.valueOf(result.incident().key()));
            summary.put("incidentReused", result.incident().reused());
        }
        summary.set("undelivered", JSON.valueToTree(result.undelivered()));
        return summary;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
