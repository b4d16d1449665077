package io.aether.runbook.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aether.runbook.config.Environment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Escalation decision and payloads")
class EscalationPlanTest {

    static final String SLOW = "expected risk-api-prod P99 latency at most 500ms over 10m but observed 1840ms;"
            + " open runbook 2.1 Check FastAPI services";
    static final String STALE = "expected the latest market_ticks.event_time within 2m of the database clock but"
            + " it is 5m12s old; open runbook 3.1 Query TimescaleDB for the latest market tick";
    private static final Environment.Escalation.Policy PAGE_BOTH =
            new Environment.Escalation.Policy(List.of("sev2", "sev3"), List.of());
    private static final Instant AT = Instant.parse("2025-03-14T09:30:00Z");
    private static final ReportLocation REPORT = new ReportLocation(Path.of("/nonexistent/aether-runbook-report.html"),
            "https://ci.example.test/run/42/aether-runbook-report.html");

    static CheckOutcome slow(CheckOutcome.Result result) {
        return new CheckOutcome("io.aether.runbook.checks.ThresholdsIT", "riskApiP99StaysWithinThreshold",
                "risk API P99 latency stays within 500ms", Set.of("slo", "sev2", "gate"), result,
                result == CheckOutcome.Result.BREACHED ? SLOW : "");
    }

    static CheckOutcome stale(CheckOutcome.Result result) {
        return new CheckOutcome("io.aether.runbook.checks.ThresholdsIT", "marketDataGapWithinThreshold",
                "market data gap stays within 2m", Set.of("slo", "sev3"), result,
                result == CheckOutcome.Result.BREACHED ? STALE : "");
    }

    @Test
    void breachesPageMostSevereFirstAndPassesResolve() {
        EscalationPlan plan = EscalationPlan.decide("prod", List.of(stale(CheckOutcome.Result.BREACHED),
                slow(CheckOutcome.Result.BREACHED)), PAGE_BOTH);

        assertThat(plan.breaches()).extracting(Breach::severity, Breach::pages, Breach::dedupKey).containsExactly(
                tuple("sev2", true,
                        "aether-runbook/prod/ThresholdsIT.riskApiP99StaysWithinThreshold"),
                tuple("sev3", true,
                        "aether-runbook/prod/ThresholdsIT.marketDataGapWithinThreshold"));
        assertThat(plan.resolves()).isEmpty();

        EscalationPlan healthy = EscalationPlan.decide("prod", List.of(slow(CheckOutcome.Result.PASSED),
                stale(CheckOutcome.Result.NOT_JUDGED)), PAGE_BOTH);

        assertThat(healthy.breached()).isFalse();
        assertThat(healthy.resolves()).extracting(Breach::dedupKey)
                .containsExactly("aether-runbook/prod/ThresholdsIT.riskApiP99StaysWithinThreshold");
    }

    @Test
    void notifyOnlySeveritiesDoNotPageAndUnlistedSeveritiesAreLeftOut() {
        Environment.Escalation.Policy staging = new Environment.Escalation.Policy(List.of(), List.of("sev2"));

        EscalationPlan plan = EscalationPlan.decide("staging", List.of(slow(CheckOutcome.Result.BREACHED),
                stale(CheckOutcome.Result.BREACHED), slow(CheckOutcome.Result.PASSED)), staging);

        assertThat(plan.breaches()).extracting(Breach::severity, Breach::pages)
                .containsExactly(tuple("sev2", false));
        assertThat(plan.pages()).isEmpty();
        assertThat(plan.ignored()).extracting(CheckOutcome::checkId)
                .containsExactly("ThresholdsIT.marketDataGapWithinThreshold");
        assertThat(plan.resolves()).isEmpty();
    }

    @Test
    void aRunWithoutSeverityTagsIsNotEscalated() {
        CheckOutcome untagged = new CheckOutcome("io.aether.runbook.checks.EnvironmentIT", "nodesAreReady",
                "nodes are Ready", Set.of("environment", "gate"), CheckOutcome.Result.BREACHED, "3 of 3 expected");

        assertThat(EscalationPlan.judgesSeverities(List.of(untagged))).isFalse();
        assertThat(EscalationPlan.judgesSeverities(List.of(untagged, slow(CheckOutcome.Result.PASSED)))).isTrue();
    }

    @Test
    void pagerDutyTriggerCarriesSeveritySourceDetailsAndDedupKey() {
        Breach breach = EscalationPlan.decide("prod", List.of(slow(CheckOutcome.Result.BREACHED)), PAGE_BOTH)
                .breaches().get(0);
        AlertEvidence alert = AlertEvidence.answered("RiskApiP99LatencyHigh", List.of(new FiredAlert(
                "RiskApiP99LatencyHigh", "7c1f0a9e3b2d4c65", "2025-03-14T09:18:00Z", "", Map.of())));

        String event = PagerDutyEvents.trigger(breach, alert, "prod", "R0UT1NG", REPORT, AT).toString();

        assertThat(event).isEqualTo("{\"routing_key\":\"R0UT1NG\",\"event_action\":\"trigger\","
                + "\"dedup_key\":\"aether-runbook/prod/ThresholdsIT.riskApiP99StaysWithinThreshold\","
                + "\"payload\":{\"summary\":\"SEV-2 in prod: risk API P99 latency stays within 500ms breached: "
                + SLOW + "\",\"source\":\"aether-runbook/prod\",\"severity\":\"error\","
                + "\"timestamp\":\"2025-03-14T09:30:00Z\",\"component\":\"ThresholdsIT\",\"group\":\"prod\","
                + "\"class\":\"SEV-2\",\"custom_details\":{"
                + "\"check\":\"ThresholdsIT.riskApiP99StaysWithinThreshold\","
                + "\"check_name\":\"risk API P99 latency stays within 500ms\",\"severity\":\"SEV-2\","
                + "\"environment\":\"prod\",\"observed\":\"" + SLOW + "\","
                + "\"alert\":\"Prometheus alert RiskApiP99LatencyHigh is firing, alert ID 7c1f0a9e3b2d4c65"
                + " (since 2025-03-14T09:18:00Z)\",\"alert_id\":\"7c1f0a9e3b2d4c65\","
                + "\"mitigation\":\"runbook 2.1 Check FastAPI services\","
                + "\"report\":\"https://ci.example.test/run/42/aether-runbook-report.html\"}}}");
        assertThat(PagerDutyEvents.resolve(breach, "R0UT1NG").toString()).isEqualTo("{\"routing_key\":\"R0UT1NG\","
                + "\"event_action\":\"resolve\","
                + "\"dedup_key\":\"aether-runbook/prod/ThresholdsIT.riskApiP99StaysWithinThreshold\"}");
        assertThat(PagerDutyEvents.severity("sev3")).isEqualTo("warning");
    }

    @Test
    void slackMessageAndIncidentSayWhenNoAlertFired() {
        EscalationPlan plan = EscalationPlan.decide("prod", List.of(slow(CheckOutcome.Result.BREACHED),
                stale(CheckOutcome.Result.BREACHED)), new Environment.Escalation.Policy(List.of("sev2"),
                List.of("sev3")));
        Map<String, AlertEvidence> alerts = Map.of(
                "ThresholdsIT.riskApiP99StaysWithinThreshold", AlertEvidence.answered("RiskApiP99LatencyHigh",
                        List.of(new FiredAlert("RiskApiP99LatencyHigh", "7c1f0a9e3b2d4c65", "2025-03-14T09:18:00Z",
                                "", Map.of()))),
                "ThresholdsIT.marketDataGapWithinThreshold", AlertEvidence.answered("MarketDataGap", List.of()));

        assertThat(SlackMessage.text(plan, alerts, REPORT, AT)).isEqualTo(String.join("\n",
                ":rotating_light: *aether-runbook: 2 breaches in prod* (run at 2025-03-14T09:30:00Z)",
                "\u2022 *SEV-2* risk API P99 latency stays within 500ms"
                        + " (`ThresholdsIT.riskApiP99StaysWithinThreshold`)",
                "   observed: " + SLOW,
                "   alert: Prometheus alert RiskApiP99LatencyHigh is firing, alert ID 7c1f0a9e3b2d4c65"
                        + " (since 2025-03-14T09:18:00Z)",
                "   on-call: paged through PagerDuty, dedup key"
                        + " `aether-runbook/prod/ThresholdsIT.riskApiP99StaysWithinThreshold`",
                "   mitigation under way: runbook 2.1 Check FastAPI services",
                "\u2022 *SEV-3* market data gap stays within 2m (`ThresholdsIT.marketDataGapWithinThreshold`)",
                "   observed: " + STALE,
                "   alert: no alert fired: Alertmanager has no active alert MarketDataGap, so the alert rules did"
                        + " not fire for this breach",
                "   on-call: not paged (the policy only notifies for sev3)",
                "   mitigation under way: runbook 3.1 Query TimescaleDB for the latest market tick",
                "Report: https://ci.example.test/run/42/aether-runbook-report.html"));

        Incident incident = Incident.of(plan, alerts, new Environment.Escalation.Jira("https://jira.example.test",
                "RISK", "Incident", "JIRA_USER", "JIRA_TOKEN"), REPORT, AT);

        assertThat(incident.summary()).isEqualTo(
                "SEV-2 prod: risk API P99 latency stays within 500ms breached (+1 more)");
        assertThat(incident.labels()).containsExactly("aether-runbook", "aether-runbook-prod", "sev2", "sev3");
        assertThat(incident.description()).contains("Alert ID: 7c1f0a9e3b2d4c65\n", "Alert ID: none\n",
                "Prometheus alert: no alert fired: Alertmanager has no active alert MarketDataGap",
                "Report: the run's single-file Allure report is rendered after the test run ends, so it could not"
                        + " be attached here; it will be at https://ci.example.test/run/42/aether-runbook-report.html");
    }

    @Test
    void alertNamesMatchTheLongestMethodPrefixThenTheClass() {
        Map<String, String> names = Map.of("riskApi", "RiskApiDown", "riskApiP99", "RiskApiP99LatencyHigh",
                "ThresholdsIT", "AnyThreshold");

        assertThat(AlertmanagerLookup.alertNameOf(names, slow(CheckOutcome.Result.BREACHED)))
                .contains("RiskApiP99LatencyHigh");
        assertThat(AlertmanagerLookup.alertNameOf(names, stale(CheckOutcome.Result.BREACHED)))
                .contains("AnyThreshold");
        assertThat(AlertEvidence.unmapped().describe("X.y")).isEqualTo("no alert ID: no Prometheus alert name is"
                + " configured for check X.y (escalation.alertmanager.alertNames)");
    }

    @Test
    void alertmanagerAnswerYieldsOnlyActiveAlertsOfTheName() throws IOException {
        String body = "[{\"fingerprint\":\"aa11\",\"startsAt\":\"2025-03-14T09:18:00Z\",\"status\":{\"state\":"
                + "\"active\"},\"labels\":{\"alertname\":\"MarketDataGap\",\"severity\":\"sev3\"}},"
                + "{\"fingerprint\":\"bb22\",\"status\":{\"state\":\"suppressed\"},\"labels\":{\"alertname\":"
                + "\"MarketDataGap\"}},{\"fingerprint\":\"cc33\",\"status\":{\"state\":\"active\"},"
                + "\"labels\":{\"alertname\":\"Other\"}}]";

        assertThat(AlertmanagerLookup.firing(body, "MarketDataGap")).extracting(FiredAlert::fingerprint)
                .containsExactly("aa11");
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        assertThat(DeliveryClient.retryAfter("3")).contains(Duration.ofSeconds(3));
        assertThat(DeliveryClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(DeliveryClient.retryAfter("soon")).isEmpty();
    }
}
