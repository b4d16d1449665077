package io.aether.runbook.verdict.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.aether.runbook.probe.data.NatsRoundTrip;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("NATS round-trip verdict")
class NatsJudgeTest {

    private static final String URL = "nats://nats-prod.aether-prod.svc:4222";
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final String STEP = "; open runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod";

    @Test
    @DisplayName("passes an echo with its round-trip time")
    void echoPasses() {
        NatsRoundTrip trip = NatsRoundTrip.echoed(URL, BUDGET, Duration.ofNanos(1_234_567));

        assertThat(NatsJudge.roundTrip(trip)).isEqualTo(Verdict.pass("NATS at " + URL + " echoed a message on a"
                + " fresh inbox subject in 1.2 ms (budget 5s)"));
    }

    @Test
    @DisplayName("fails a refused connection naming the URL and the error")
    void refusedConnectionFails() {
        NatsRoundTrip trip = NatsRoundTrip.failed(URL, BUDGET,
                "IOException: Unable to connect to NATS servers: [" + URL + "]");

        assertThat(NatsJudge.roundTrip(trip)).isEqualTo(Verdict.fail("NATS at " + URL + " failed the"
                + " publish/subscribe round trip: IOException: Unable to connect to NATS servers: [" + URL + "];"
                + " expected a connection and an echo within 5s" + STEP));
    }

    @Test
    @DisplayName("fails a listener that accepts TCP and never greets with INFO")
    void silentServerFails() {
        NatsRoundTrip trip = NatsRoundTrip.silent(URL, BUDGET,
                "accepted the TCP connection but sent no INFO within the 3s connect timeout");

        assertThat(NatsJudge.roundTrip(trip)).isEqualTo(Verdict.fail("NATS at " + URL + " accepted the TCP"
                + " connection but sent no INFO within the 3s connect timeout; a NATS server greets every client"
                + " with INFO at once, so the server is hung or something else holds the port" + STEP));
    }

    @Test
    @DisplayName("fails a message that never comes back, naming the budget")
    void missingEchoFails() {
        assertThat(NatsJudge.roundTrip(NatsRoundTrip.noEcho(URL, BUDGET))).isEqualTo(Verdict.fail("NATS at " + URL
                + " accepted the connection but the message did not come back within the 5s budget; expected the"
                + " echo on the inbox subject" + STEP));
    }
}
