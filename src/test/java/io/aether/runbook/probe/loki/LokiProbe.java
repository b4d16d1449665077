package io.aether.runbook.probe.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aether.runbook.config.Environment;
import io.aether.runbook.config.IncidentWindow;
import io.aether.runbook.config.Secrets;
import io.aether.runbook.report.Evidence;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a LogQL query over an incident window through Loki's {@code query_range} (runbook 5.2), oldest line first,
 * a page of {@code pageLimit} lines at a time: each next page starts at the last line's timestamp, and lines already
 * written at that instant are skipped, so none is lost or doubled at a page boundary. It stops when a page comes
 * back short (the window is covered), when Loki refuses or does not answer, or after {@code maxPages}.
 */
public final class LokiProbe {

    private static final Logger LOG = LoggerFactory.getLogger(LokiProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Environment.Postmortem.Loki config;
    private final Secrets secrets;
    private final Optional<String> token;
    private final HttpClient http;
    private final Duration requestTimeout;

    public LokiProbe(Environment env, Secrets secrets) {
        this.config = env.postmortem().loki();
        this.base = Objects.requireNonNull(config.url(), "postmortem.loki.url is not set").replaceAll("/+$", "");
        this.secrets = secrets;
        this.token = secrets.value(config.tokenEnv());
        this.requestTimeout = env.timeouts().request();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(env.timeouts().connect()).build();
    }

    public String url() {
        return base;
    }

    public String query() {
        return config.query();
    }

    /** Exports the query over the window into {@code file}, written as it is paged through. */
    public LogExport export(IncidentWindow window, Path file) {
        long started = System.nanoTime();
        long end = nanos(window.to());
        long start = nanos(window.from());
        Set<String> atBoundary = new HashSet<>();
        long lines = 0;
        int pages = 0;
        Instant missingFrom = null;
        String stopReason = null;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (true) {
                if (pages == config.maxPages()) {
                    missingFrom = instant(start);
                    stopReason = "it reached postmortem.loki.maxPages, " + config.maxPages() + " pages of "
                            + config.pageLimit() + " lines";
                    break;
                }
                Page page = page(start, end);
                pages++;
                if (page.problem() != null) {
                    missingFrom = instant(start);
                    stopReason = "page " + pages + " failed: " + page.problem();
                    break;
                }
                long lastNanos = start;
                Set<String> lastIds = new HashSet<>();
                for (Entry entry : page.entries()) {
                    String id = entry.id();
                    if (entry.nanos() == start && atBoundary.contains(id)) {
                        continue;
                    }
                    out.write(entry.ndjson());
                    out.write('\n');
                    lines++;
                    if (entry.nanos() != lastNanos) {
                        lastIds.clear();
                        lastNanos = entry.nanos();
                    }
                    lastIds.add(id);
                }
                if (page.entries().size() < config.pageLimit()) {
                    break;
                }
                if (lastNanos == start) {
                    // a whole page at one instant: ask past it, and say so, rather than ask the same page forever
                    missingFrom = instant(start);
                    stopReason = "page " + pages + " holds " + config.pageLimit() + " lines all at " + instant(start)
                            + ", more than one page can return for a single instant";
                    break;
                }
                if (lastNanos != start) {
                    atBoundary = lastIds;
                }
                start = lastNanos;
            }
        } catch (IOException unwritable) {
            throw new UncheckedIOException("cannot write the Loki export to " + file, unwritable);
        }
        LogExport export = new LogExport(base, config.query(), window, config.pageLimit(), config.maxPages(), pages,
                lines, file, missingFrom, stopReason);
        LOG.info("Loki {} query_range {} over {} exported {} line(s) in {} page(s) in {} ms{}", base, config.query(),
                window.span(), lines, pages, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                export.complete() ? "" : "; missing " + export.missingRange());
        return export;
    }

    private record Entry(long nanos, String labels, String line, ObjectNode ndjsonNode) {

        String id() {
            return nanos + "\u0000" + labels + "\u0000" + line;
        }

        String ndjson() {
            return ndjsonNode.toString();
        }
    }

    private record Page(List<Entry> entries, String problem) {
    }

    private Page page(long start, long end) {
        URI uri = URI.create(base + "/loki/api/v1/query_range?query=" + encode(config.query()) + "&start=" + start
                + "&end=" + end + "&limit=" + config.pageLimit() + "&direction=forward");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json").GET();
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        if (config.tenant() != null && !config.tenant().isBlank()) {
            request.header("X-Scope-OrgID", config.tenant());
        }
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Page(List.of(), "interrupted while waiting for " + uri);
        } catch (IOException failed) {
            return new Page(List.of(), "GET " + uri + " got no answer" + (failed instanceof HttpTimeoutException
                    ? " within the " + requestTimeout.toSeconds() + " s request timeout"
                    : " (" + failed.getClass().getSimpleName() + ")"));
        }
        LOG.debug("Loki GET {} answered {} in {} ms", uri, response.statusCode(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        if (response.statusCode() != 200) {
            Evidence.text("Loki refusal (" + response.statusCode() + ")", "GET " + uri + "\n\n" + response.body());
            return new Page(List.of(), "GET " + uri + " answered " + response.statusCode() + " '"
                    + secrets.redact(excerpt(response.body())) + "'");
        }
        try {
            JsonNode data = JSON.readTree(response.body()).path("data");
            if (!"streams".equals(data.path("resultType").asText())) {
                return new Page(List.of(), "the query answered " + data.path("resultType").asText("nothing")
                        + ", not log streams: postmortem.loki.query must select log lines, e.g."
                        + " {service=\"risk-api\"}");
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode stream : data.path("result")) {
                JsonNode labels = stream.path("stream");
                for (JsonNode value : stream.path("values")) {
                    long nanos = Long.parseLong(value.path(0).asText());
                    ObjectNode line = JSON.createObjectNode().put("timestamp", instant(nanos).toString())
                            .put("ns", value.path(0).asText());
                    line.set("labels", labels);
                    line.put("line", secrets.redact(value.path(1).asText()));
                    entries.add(new Entry(nanos, labels.toString(), value.path(1).asText(), line));
                }
            }
            entries.sort(Comparator.comparingLong(Entry::nanos));
            return new Page(entries, null);
        } catch (IOException | NumberFormatException malformed) {
            return new Page(List.of(), "GET " + uri + " answered 200 with a body that is not Loki's stream result ("
                    + excerpt(response.body()) + ")");
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String excerpt(String body) {
        String line = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
