package io.aether.runbook.platform.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's {@code /loki/api/v1/query_range} over the risk API's logs, computed per request: the two risk API pods
 * log a line every {@link #EVERY_SECONDS} seconds, alternately, so any window's lines are known exactly. A query
 * selecting {@code service="risk-api"} gets them, any other selector gets no stream; {@code limit} above the
 * server's {@link #MAX_ENTRIES} is refused as Loki refuses it, so an export has to page.
 */
final class LokiQueryRange implements ResponseDefinitionTransformerV2 {

    static final String NAME = "loki-query-range";
    /** Loki's {@code max_entries_limit_per_query} on this server. */
    static final int MAX_ENTRIES = 500;
    static final int EVERY_SECONDS = 3;
    static final String[] PODS = {"risk-api-prod-7c9d5b6f4-2xkqp", "risk-api-prod-7c9d5b6f4-9hw4t"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SECOND = 1_000_000_000L;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String query = value(request, "query", "");
        if (query.isBlank()) {
            return error(400, "parse error : syntax error: unexpected $end");
        }
        long now = nanos(Instant.now());
        long start;
        long end;
        int limit;
        try {
            end = Long.parseLong(value(request, "end", String.valueOf(now)));
            start = Long.parseLong(value(request, "start", String.valueOf(end - 3600 * SECOND)));
            limit = Integer.parseInt(value(request, "limit", "100"));
        } catch (NumberFormatException notNumber) {
            return error(400, "invalid parameter: " + notNumber.getMessage());
        }
        if (limit > MAX_ENTRIES) {
            return error(400, "max entries limit per query exceeded, limit > max_entries_limit_per_query ("
                    + limit + " > " + MAX_ENTRIES + ")");
        }
        if (end < start) {
            return error(400, "end timestamp must not be before or equal to start time");
        }
        boolean forward = "forward".equals(value(request, "direction", "backward"));
        List<long[]> entries = query.replace(" ", "").contains("service=\"risk-api\"")
                ? entries(start, Math.min(end, now), limit, forward) : List.of();
        return answer(entries);
    }

    /** Line times in {@code [start, end)}, oldest or newest first, at most {@code limit}. */
    static List<long[]> entries(long start, long end, int limit, boolean forward) {
        long step = EVERY_SECONDS * SECOND;
        List<long[]> found = new ArrayList<>();
        if (forward) {
            for (long at = ceil(start, step); at < end && found.size() < limit; at += step) {
                found.add(new long[] {at});
            }
        } else {
            for (long at = ceil(end, step) - step; at >= start && found.size() < limit; at -= step) {
                found.add(new long[] {at});
            }
        }
        return found;
    }

    private static long ceil(long value, long step) {
        return Math.floorDiv(value + step - 1, step) * step;
    }

    private static ResponseDefinition answer(List<long[]> entries) {
        Map<String, ArrayNode> streams = new LinkedHashMap<>();
        ObjectNode body = JSON.createObjectNode().put("status", "success");
        ObjectNode data = body.putObject("data").put("resultType", "streams");
        ArrayNode result = data.putArray("result");
        for (long[] entry : entries) {
            long at = entry[0];
            long tick = at / (EVERY_SECONDS * SECOND);
            String pod = PODS[(int) (tick % 2)];
            boolean error = tick % 40 == 0;
            String level = error ? "error" : "info";
            ArrayNode values = streams.computeIfAbsent(pod + "|" + level, key -> {
                ObjectNode stream = result.addObject();
                stream.putObject("stream").put("service", "risk-api").put("namespace", "aether-prod")
                        .put("pod", pod).put("level", level);
                return stream.putArray("values");
            });
            values.addArray().add(String.valueOf(at)).add(line(tick, error));
        }
        data.putObject("stats").putObject("summary").put("totalEntriesReturned", entries.size());
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    private static String line(long tick, boolean error) {
        if (error) {
            return "{\"level\":\"ERROR\",\"logger\":\"risk.var\",\"msg\":\"VaR computation exceeded deadline\","
                    + "\"portfolio\":\"P-" + (tick % 17) + "\",\"duration_ms\":" + (600 + tick % 300) + "}";
        }
        return "{\"level\":\"INFO\",\"logger\":\"uvicorn.access\",\"method\":\"POST\",\"path\":\"/api/v1/risk/var\","
                + "\"status\":200,\"duration_ms\":" + (20 + tick % 60) + "}";
    }

    private static String value(Request request, String name, String fallback) {
        QueryParameter parameter = request.queryParameter(name);
        return parameter.isPresent() ? parameter.firstValue() : fallback;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * SECOND + instant.getNano();
    }

    private static ResponseDefinition error(int status, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/plain")
                .withBody(message + "\n").build();
    }
}
