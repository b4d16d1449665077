package io.aether.runbook.probe.http;

import io.aether.runbook.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request a probe made and what came back: the answer, or why none came within the timeouts. Judges
 * read it instead of an exception, so an unreachable system turns into a verdict rather than a stack trace.
 *
 * @param headers response headers keyed by lower-case name; empty when unreachable
 * @param failure why no answer came (connection refused, a timeout); {@code null} when the server answered
 */
public record HttpExchange(
        String method,
        String url,
        Duration connectTimeout,
        Duration requestTimeout,
        int status,
        Map<String, List<String>> headers,
        String body,
        Duration duration,
        String failure) {

    public HttpExchange {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public static HttpExchange answered(String method, String url, Duration connectTimeout, Duration requestTimeout,
            int status, Map<String, List<String>> headers, String body, Duration duration) {
        return new HttpExchange(method, url, connectTimeout, requestTimeout, status, headers, body, duration, null);
    }

    public static HttpExchange unreachable(String method, String url, Duration connectTimeout,
            Duration requestTimeout, String failure, Duration duration) {
        return new HttpExchange(method, url, connectTimeout, requestTimeout, 0, Map.of(), "", duration, failure);
    }

    public boolean reachable() {
        return failure == null;
    }

    /** The first value of a response header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The request line as messages show it: {@code GET http://host/path}. */
    public String request() {
        return method + " " + url;
    }

    /** Why no answer came, with the budgets it had: "connection refused; connect timeout 2s, request timeout 5s". */
    public String unreachableReason() {
        return failure + "; connect timeout " + Durations.format(connectTimeout) + ", request timeout "
                + Durations.format(requestTimeout);
    }

    /** The body cut to {@code limit} characters on one line, for a failure message. */
    public String bodyExcerpt(int limit) {
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() <= limit ? line : line.substring(0, limit) + "...";
    }
}
