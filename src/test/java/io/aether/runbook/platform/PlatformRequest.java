package io.aether.runbook.platform;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One request a fake of the local platform received while a run was under way: which system it reached, the HTTP
 * method and the path with its query, as the fake saw them. The read-only self-tests judge the suite by these.
 *
 * @param system the fake's {@link Fake#name()}, e.g. {@code kubernetes}
 * @param method the HTTP method, upper case
 * @param path the path and query string, e.g. {@code /api/v1/nodes?limit=500}
 */
public record PlatformRequest(String system, String method, String path) {

    /**
     * Every request in a WireMock server's journal, oldest first. The journal holds at most the number of entries
     * the server was configured with, dropping the oldest beyond that.
     */
    public static List<PlatformRequest> journalOf(String system, WireMockServer server) {
        List<PlatformRequest> received = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            received.add(0, new PlatformRequest(system, event.getRequest().getMethod().value(),
                    event.getRequest().getUrl()));
        }
        return received;
    }

    /** The path without its query string. */
    public String pathOnly() {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public String toString() {
        return system + " " + method + " " + path;
    }
}
