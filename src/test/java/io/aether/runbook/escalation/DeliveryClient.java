package io.aether.runbook.escalation;

import io.aether.runbook.config.Durations;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends escalation messages with the environment's timeouts and retries what the target asks to be retried: 429 and
 * 5xx answers, and no answer at all, honouring {@code Retry-After}, within a bounded number of attempts and a
 * bounded total time. Never throws: an undeliverable message comes back as a {@link Delivery} saying why.
 */
public final class DeliveryClient {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryClient.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final HttpClient http;
    private final Duration requestTimeout;
    private final int attempts;
    private final Duration budget;
    private final Secrets secrets;

    public DeliveryClient(Environment.Timeouts timeouts, Environment.Escalation.Retry retry, Secrets secrets) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeouts.connect()).build();
        this.requestTimeout = timeouts.request();
        this.attempts = retry.attempts();
        this.budget = retry.budget();
        this.secrets = secrets;
    }

    /** A request builder that already carries the request timeout. */
    public HttpRequest.Builder newRequest(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /**
     * @param target the target as logs name it; masked again here in case it holds a credential
     * @param request builds the request for each attempt
     * @param accepted whether an answer counts as delivered (e.g. 202 with status success)
     */
    public Delivery send(String target, Supplier<HttpRequest> request,
            Predicate<HttpResponse<String>> accepted) {
        String shown = secrets.redact(target);
        long started = System.nanoTime();
        int status = 0;
        String body = "";
        String problem = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Duration> retryAfter;
            try {
                HttpResponse<String> response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
                LOG.debug("{} attempt {} answered {}: {}", shown, attempt, status, secrets.redact(body));
                if (accepted.test(response)) {
                    return done(shown, true, status, body, attempt, started, null);
                }
                if (status != 429 && status < 500) {
                    return done(shown, false, status, body, attempt, started, "answered HTTP " + status + " "
                            + excerpt(body) + ", which is not an acceptance and is not retried");
                }
                problem = "answered HTTP " + status + " " + excerpt(body);
                retryAfter = response.headers().firstValue("Retry-After").flatMap(DeliveryClient::retryAfter);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return done(shown, false, status, body, attempt, started, "interrupted while sending");
            } catch (IOException failed) {
                status = 0;
                body = "";
                problem = failed instanceof HttpTimeoutException ? "no answer within the timeout"
                        : "no answer (" + failed.getClass().getSimpleName() + ")";
                retryAfter = Optional.empty();
            }
            if (attempt == attempts) {
                break;
            }
            Duration wait = retryAfter.orElse(FIRST_BACKOFF.multipliedBy(1L << (attempt - 1)));
            Duration spent = Duration.ofNanos(System.nanoTime() - started);
            if (spent.plus(wait).compareTo(budget) > 0) {
                return done(shown, false, status, body, attempt, started, problem + "; the next try, after "
                        + Durations.format(wait) + ", would pass the retry budget of " + Durations.format(budget));
            }
            LOG.debug("{} attempt {} {}; retrying in {} ms", shown, attempt, problem, wait.toMillis());
            pause(shown, wait);
        }
        return done(shown, false, status, body, attempts, started, problem + " on each of " + attempts + " attempts");
    }

    /**
     * Waits out a retry interval as a named, bounded wait; the target asked for it, and no state is polled.
     */
    private static void pause(String target, Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        Awaitility.await("retry interval of " + target).pollDelay(wait).pollInterval(wait)
                .atMost(wait.plusSeconds(1)).until(() -> true);
    }

    private Delivery done(String target, boolean delivered, int status, String body, int attempts, long started,
            String problem) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (delivered) {
            LOG.info("{} accepted with HTTP {} in {} ms ({} attempt(s))", target, status, took.toMillis(), attempts);
        } else {
            LOG.info("{} not delivered in {} ms: {}", target, took.toMillis(), secrets.redact(problem));
        }
        return new Delivery(target, delivered, status, secrets.redact(body), attempts, took,
                problem == null ? null : secrets.redact(problem));
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        String text = value.trim();
        if (text.matches("[0-9]+")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static String excerpt(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return "'" + (line.length() <= 200 ? line : line.substring(0, 200) + "...") + "'";
    }
}
