package io.aether.runbook.platform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aether.runbook.config.Environment;
import io.aether.runbook.platform.Drill;
import io.aether.runbook.probe.data.NatsProbe;
import io.aether.runbook.probe.data.NatsRoundTrip;
import io.aether.runbook.verdict.Verdict;
import io.aether.runbook.verdict.data.NatsJudge;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@DisplayName("The local NATS server")
class NatsFakeTest {

    @Test
    @DisplayName("carries a message round trip, and the round-trip check passes")
    void roundTripPasses(TestReporter report) {
        assumeTrue(NatsFake.locateBinary().isPresent(), "nats-server is not installed");
        long started = System.nanoTime();
        try (NatsFake nats = NatsFake.start(LocalDataEnvironment.unbooted(), Set.of())) {
            report.publishEntry("nats start-up ms", String.valueOf(Duration.ofNanos(System.nanoTime() - started)
                    .toMillis()));
            Environment env = LocalDataEnvironment.with(nats.endpoints());

            NatsRoundTrip trip = new NatsProbe(env).roundTrip();
            Verdict verdict = NatsJudge.roundTrip(trip);

            assertThat(nats.url()).matches("nats://127\\.0\\.0\\.1:\\d+");
            assertThat(nats.unavailable()).isEmpty();
            assertThat(trip.result()).as(String.valueOf(trip.error())).isEqualTo(NatsRoundTrip.Result.ECHOED);
            assertThat(verdict.passed()).isTrue();
            assertThat(verdict.message()).startsWith("NATS at " + nats.url() + " echoed a message on a fresh inbox"
                    + " subject in ").endsWith(" ms (budget 2s)");
        }
    }

    @Test
    @DisplayName("stops its server process on close")
    void stopsOnClose() {
        assumeTrue(NatsFake.locateBinary().isPresent(), "nats-server is not installed");
        NatsFake nats = NatsFake.start(LocalDataEnvironment.unbooted(), Set.of());
        assertThat(nats.running()).isTrue();

        nats.close();

        assertThat(nats.running()).isFalse();
    }

    @Test
    @DisplayName("under the nats-down drill fails the round trip naming the URL and the refusal")
    void natsDownDrill() {
        try (NatsFake down = NatsFake.start(LocalDataEnvironment.unbooted(), Set.of(Drill.NATS_DOWN))) {
            Environment env = LocalDataEnvironment.with(down.endpoints());
            long started = System.nanoTime();

            Verdict verdict = NatsJudge.roundTrip(new NatsProbe(env).roundTrip());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LocalDataEnvironment.REQUEST);
            assertThat(down.running()).isFalse();
            assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(verdict.message()).isEqualTo("NATS at " + down.url() + " failed the publish/subscribe round"
                    + " trip: ConnectException: Connection refused; expected a connection and an echo within 2s; open"
                    + " runbook 2.3 Validate Kafka/NATS connectivity from the ingestor pod");
        }
    }
}
