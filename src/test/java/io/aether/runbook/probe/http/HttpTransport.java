package io.aether.runbook.probe.http;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.report.Evidence;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP client as the HTTP probes use it: HTTP/1.1, no redirects, the environment's connect and request
 * timeouts on every call, and every failure to get an answer returned as an unreachable {@link HttpExchange}.
 */
public final class HttpTransport {

    /** Lets {@link IngressProbe} set the Host header; why, and what happens when it comes too late, is there. */
    static final String ALLOW_RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    static {
        String allowed = System.getProperty(ALLOW_RESTRICTED_HEADERS);
        if (allowed == null || allowed.isBlank()) {
            System.setProperty(ALLOW_RESTRICTED_HEADERS, "host");
        } else if (!List.of(allowed.split(",")).contains("host")) {
            // the JDK splits the list on commas without trimming, so no space may follow the comma
            System.setProperty(ALLOW_RESTRICTED_HEADERS, allowed + ",host");
        }
    }

    private final String system;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final TlsTrust tls;

    /** @param system the platform system as logs and evidence name it ("Argo CD", "Feast") */
    public HttpTransport(String system, Environment.Timeouts timeouts) {
        this(system, timeouts, TlsTrust.verifying(system));
    }

    /** @param tls how the endpoint's certificate is verified, from {@code tls.<endpoint>} */
    public HttpTransport(String system, Environment.Timeouts timeouts, TlsTrust tls) {
        this.system = system;
        this.connectTimeout = timeouts.connect();
        this.requestTimeout = timeouts.request();
        this.tls = tls;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .sslContext(tls.sslContext())
                .build();
        tls.warning().ifPresent(warning -> LOG.warn("{}: {}", system, warning));
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** A request builder that already carries the request timeout, so no call can be made without one. */
    public HttpRequest.Builder newRequest(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
    }

    /**
     * Sends the request and attaches it (credentials masked) and the answer to the report.
     *
     * @param body the request body as sent, for the evidence; empty for a GET
     */
    public HttpExchange exchange(HttpRequest request, String body, Secrets secrets) {
        String url = request.uri().toString();
        long started = System.nanoTime();
        HttpExchange exchange;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            exchange = HttpExchange.answered(request.method(), url, connectTimeout, requestTimeout,
                    response.statusCode(), lowerCase(response.headers().map()), response.body(), since(started));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            exchange = unreachable(request.method(), url, "interrupted while waiting", started);
        } catch (IOException failed) {
            String reason = tls.handshakeFailure(failed).orElseGet(() -> reasonOf(failed));
            exchange = unreachable(request.method(), url, reason, started);
        }
        record(exchange, describe(request, body, secrets));
        return exchange;
    }

    /** Logs one line for the call and attaches the request and the answer; used by probes that bypass the client. */
    public void record(HttpExchange exchange, String shownRequest) {
        if (exchange.reachable()) {
            LOG.info("{} {} answered {} in {} ms", system, exchange.request(), exchange.status(),
                    exchange.duration().toMillis());
            LOG.debug("{} answer body: {}", system, Evidence.redact(exchange.body()));
        } else {
            LOG.info("{} {} got no answer in {} ms: {}", system, exchange.request(),
                    exchange.duration().toMillis(), exchange.unreachableReason());
        }
        tls.warning().ifPresent(warning -> {
            Allure.label("tlsWarning", system);
            Evidence.text(system + " TLS warning", warning);
        });
        Evidence.text(system + " request", shownRequest);
        if (!exchange.reachable()) {
            Evidence.text(system + " response (none)", exchange.request() + "\n" + exchange.unreachableReason());
        } else if (exchange.header("content-type").orElse("").contains("json")) {
            Evidence.json(system + " response (" + exchange.status() + ")", exchange.body());
        } else {
            Evidence.text(system + " response (" + exchange.status() + ")", exchange.body());
        }
    }

    HttpExchange unreachable(String method, String url, String reason, long startedNanos) {
        return HttpExchange.unreachable(method, url, connectTimeout, requestTimeout, reason, since(startedNanos));
    }

    static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The request as the evidence shows it: line, headers with credentials masked, body. */
    static String describe(HttpRequest request, String body, Secrets secrets) {
        String headers = request.headers().map().entrySet().stream()
                .map(header -> header.getKey() + ": " + shown(header.getKey(), header.getValue()))
                .collect(Collectors.joining("\n"));
        String text = request.method() + " " + request.uri() + (headers.isEmpty() ? "" : "\n" + headers)
                + (body == null || body.isEmpty() ? "" : "\n\n" + body);
        return secrets.redact(text);
    }

    private static String shown(String name, List<String> values) {
        if ("authorization".equalsIgnoreCase(name)) {
            return values.stream().map(value -> value.split(" ", 2)[0] + " " + Secrets.MASK)
                    .collect(Collectors.joining(", "));
        }
        return String.join(", ", values);
    }

    static String reasonOf(IOException failed) {
        if (failed instanceof HttpConnectTimeoutException) {
            return "no connection within the connect timeout";
        }
        if (failed instanceof HttpTimeoutException) {
            return "no answer within the request timeout";
        }
        if (failed instanceof ConnectException) {
            return failed.getCause() instanceof UnresolvedAddressException ? "host not found" : "connection refused";
        }
        String message = failed.getMessage();
        return "connection failed (" + (message == null ? failed.getClass().getSimpleName() : message) + ")";
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new TreeMap<>();
        headers.forEach((name, values) -> result.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return result;
    }
}
