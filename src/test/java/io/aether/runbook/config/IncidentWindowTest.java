package io.aether.runbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RunSettings: the incident under review")
class IncidentWindowTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-04T16:00:00Z"), ZoneOffset.UTC);

    private static RunSettings settings(Map<String, String> properties) {
        return new RunSettings(key -> Optional.ofNullable(properties.get(key)), NOW);
    }

    @Test
    @DisplayName("a window that ends before it starts is refused with one line naming both ends")
    void windowEndingBeforeItStartsIsRefused() {
        RunSettings reversed = settings(Map.of("incident", "INC-1", "incident.from", "2026-12-04T15:00:00Z",
                "incident.to", "2026-12-04T14:00:00Z"));

        assertThatThrownBy(reversed::validate).isInstanceOf(ConfigException.class)
                .hasMessage("-Dincident.to=2026-12-04T14:00:00Z: the incident window ends before it starts: it"
                        + " starts at 2026-12-04T15:00:00Z and ends at 2026-12-04T14:00:00Z. Fix: give"
                        + " -Dincident.from an instant before -Dincident.to");
    }

    @Test
    @DisplayName("a window starting in the future, with no end given, ends now and so is refused too")
    void windowStartingAfterNowIsRefused() {
        RunSettings future = settings(Map.of("incident", "INC-1", "incident.from", "2026-12-04T17:00:00+01:00"));

        assertThatThrownBy(future::validate).hasMessage("-Dincident.from=2026-12-04T17:00:00+01:00: the incident"
                + " window ends before it starts: it starts at 2026-12-04T16:00:00Z and ends at"
                + " 2026-12-04T16:00:00Z (now: -Dincident.to was not given). Fix: give -Dincident.from an instant"
                + " before -Dincident.to");
    }

    @Test
    @DisplayName("an incident without a start, or with a key that is no issue key, is refused")
    void incompleteOrMalformedIncidentIsRefused() {
        assertThatThrownBy(settings(Map.of("incident", "INC-1"))::validate).hasMessage("-Dincident=INC-1: the"
                + " review needs the start of the incident window. Fix: add -Dincident.from=T1 as an ISO-8601"
                + " instant, e.g. 2026-12-04T14:05:00Z");
        assertThatThrownBy(settings(Map.of("incident", "inc 1", "incident.from", "2026-12-04T15:00:00Z"))::validate)
                .hasMessage("-Dincident=inc 1: 'inc 1' is not a Jira issue key. Fix: name the incident's ticket as"
                        + " PROJECT-NUMBER, e.g. -Dincident=INC-123");
        assertThatThrownBy(settings(Map.of("incident", "INC-1", "incident.from", "an hour ago"))::validate)
                .hasMessage("-Dincident.from=an hour ago: not an ISO-8601 instant. Fix: write it as"
                        + " 2026-12-04T14:05:00Z (UTC) or with an offset, 2026-12-04T15:05:00+01:00");
        assertThatThrownBy(settings(Map.of("incident.from", "2026-12-04T15:00:00Z"))::validate)
                .hasMessage("-Dincident.from=2026-12-04T15:00:00Z: names part of an incident review but no"
                        + " incident. Fix: add -Dincident=KEY, the ticket's key");
    }

    @Test
    @DisplayName("without an end the window ends when the run starts; without a key there is no incident")
    void windowDefaultsToEndNow() {
        RunSettings open = settings(Map.of("incident", "INC-1", "incident.from", "2026-12-04T15:00:00Z"));
        open.validate();

        assertThat(open.incident()).contains(new IncidentWindow("INC-1", Instant.parse("2026-12-04T15:00:00Z"),
                Instant.parse("2026-12-04T16:00:00Z")));
        assertThat(settings(Map.of()).incident()).isEmpty();
    }
}
