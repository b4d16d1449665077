package io.aether.runbook.probe.http;

import io.aether.runbook.config.Environment;
import io.aether.runbook.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Asks the risk API's health endpoint through the ingress with the Host header the ingress routes by, as runbook
 * 2.2 does with curl, and records status, body, duration and the Host sent.
 *
 * <p>The JDK HttpClient refuses a caller-set Host header ("restricted header name") unless the system property
 * {@code jdk.httpclient.allowRestrictedHeaders} lists {@code host}, and it reads that property once, when its
 * internal header rules are first loaded. {@link HttpTransport} sets it before it builds its first request, which
 * is early enough unless other code in the JVM used the JDK client before; then {@link #check()} sees the refusal
 * and sends the same GET over a plain socket, which needs no permission. Passing
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host} to the test JVM makes the first path certain.
 */
public final class IngressProbe {

    private static final int MAX_BODY_BYTES = 1 << 20;

    private final URI healthUrl;
    private final String host;
    private final Secrets secrets;
    private final HttpTransport transport;

    public IngressProbe(Environment env, Secrets secrets) {
        this.healthUrl = URI.create(Objects.requireNonNull(env.riskApi().healthUrl(), "riskApi.healthUrl is not set"));
        this.host = Objects.requireNonNull(env.riskApi().host(), "riskApi.host is not set");
        this.secrets = secrets;
        this.transport = new HttpTransport("Ingress", env.timeouts(), TlsTrust.of("riskApi", env.tls().riskApi()));
    }

    /** {@code GET} the health URL with {@code Host: riskApi.host}. */
    public IngressObservation check() {
        HttpRequest.Builder builder = transport.newRequest(healthUrl).GET().setHeader("Accept", "*/*");
        if (host.equalsIgnoreCase(healthUrl.getHost())) {
            // the URL already names the host: the client sends it as Host by itself
            return new IngressObservation(host, transport.exchange(builder.build(), "", secrets), "jdk-httpclient");
        }
        try {
            builder.setHeader("Host", host);
        } catch (IllegalArgumentException restricted) {
            return overSocket();
        }
        return new IngressObservation(host, transport.exchange(builder.build(), "", secrets), "jdk-httpclient");
    }

    /**
     * The same GET written by hand over a socket, used only when the JDK client refuses the Host header. It speaks
     * HTTP/1.0 so the answer is never chunked and ends when the server closes. Plain http only: an https health
     * URL names its own host, since TLS has to present a certificate for it.
     */
    IngressObservation overSocket() {
        String shown = "GET " + healthUrl + "\nHost: " + host + "\nAccept: */*";
        long started = System.nanoTime();
        HttpExchange exchange;
        if (!"http".equalsIgnoreCase(healthUrl.getScheme())) {
            exchange = transport.unreachable("GET", healthUrl.toString(), "the JDK HTTP client refused the Host "
                    + "header; set -D" + HttpTransport.ALLOW_RESTRICTED_HEADERS + "=host", started);
        } else {
            exchange = socketExchange(started);
        }
        transport.record(exchange, shown);
        return new IngressObservation(host, exchange, "socket");
    }

    private HttpExchange socketExchange(long started) {
        int port = healthUrl.getPort() == -1 ? 80 : healthUrl.getPort();
        String path = healthUrl.getRawPath().isEmpty() ? "/" : healthUrl.getRawPath();
        String query = healthUrl.getRawQuery() == null ? "" : "?" + healthUrl.getRawQuery();
        long deadline = started + transport.requestTimeout().toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(healthUrl.getHost(), port),
                    (int) transport.connectTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + query + " HTTP/1.0\r\nHost: " + host + "\r\nAccept: */*\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] raw = readUntilClosed(socket, deadline);
            return parse(new String(raw, StandardCharsets.UTF_8), started);
        } catch (SocketTimeoutException slow) {
            String reason = slow.getMessage() != null && slow.getMessage().startsWith("Connect")
                    ? "no connection within the connect timeout" : "no answer within the request timeout";
            return transport.unreachable("GET", healthUrl.toString(), reason, started);
        } catch (UnknownHostException unknown) {
            return transport.unreachable("GET", healthUrl.toString(), "host not found", started);
        } catch (IOException failed) {
            String reason = failed instanceof ConnectException ? "connection refused"
                    : "connection failed (" + failed.getMessage() + ")";
            return transport.unreachable("GET", healthUrl.toString(), reason, started);
        }
    }

    /** Reads the whole answer, each read bounded by what is left of the request timeout. */
    private static byte[] readUntilClosed(Socket socket, long deadlineNanos) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (raw.size() <= MAX_BODY_BYTES) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            socket.setSoTimeout((int) remainingMillis);
            int read = in.read(chunk);
            if (read == -1) {
                break;
            }
            raw.write(chunk, 0, read);
        }
        return raw.toByteArray();
    }

    private HttpExchange parse(String raw, long started) {
        int split = raw.indexOf("\r\n\r\n");
        String head = split < 0 ? raw : raw.substring(0, split);
        String body = split < 0 ? "" : raw.substring(split + 4);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/") || !statusLine[1].matches("\\d{3}")) {
            return transport.unreachable("GET", healthUrl.toString(), "connection failed (not an HTTP answer)",
                    started);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        Duration duration = HttpTransport.since(started);
        return HttpExchange.answered("GET", healthUrl.toString(), transport.connectTimeout(),
                transport.requestTimeout(), Integer.parseInt(statusLine[1]), headers, body, duration);
    }
}
