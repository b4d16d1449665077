package io.aether.runbook.verdict.data;

import io.aether.runbook.config.Durations;
import io.aether.runbook.probe.data.NatsRoundTrip;
import io.aether.runbook.verdict.Verdict;
import java.time.Duration;
import java.util.Locale;

/** Judges a NATS publish and subscribe round trip from the runner (runbook 2.3). */
public final class NatsJudge {

    private NatsJudge() {
    }

    public static Verdict roundTrip(NatsRoundTrip trip) {
        String budget = Durations.format(trip.budget());
        switch (trip.result()) {
            case ECHOED:
                return Verdict.pass("NATS at " + trip.url() + " echoed a message on a fresh inbox subject in "
                        + millis(trip.roundTrip()) + " (budget " + budget + ")");
            case NO_INFO:
                return Verdict.fail("NATS at " + trip.url() + " " + trip.error() + "; a NATS server greets every"
                        + " client with INFO at once, so the server is hung or something else holds the port; open "
                        + RunbookSteps.BROKER_CONNECTIVITY);
            case NO_ECHO:
                return Verdict.fail("NATS at " + trip.url() + " accepted the connection but the message did not"
                        + " come back within the " + budget + " budget; expected the echo on the inbox subject;"
                        + " open " + RunbookSteps.BROKER_CONNECTIVITY);
            default:
                return Verdict.fail("NATS at " + trip.url() + " failed the publish/subscribe round trip: "
                        + trip.error() + "; expected a connection and an echo within " + budget + "; open "
                        + RunbookSteps.BROKER_CONNECTIVITY);
        }
    }

    private static String millis(Duration roundTrip) {
        return String.format(Locale.ROOT, "%.1f ms", roundTrip.toNanos() / 1_000_000.0);
    }
}
