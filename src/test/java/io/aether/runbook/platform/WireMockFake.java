package io.aether.runbook.platform;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake of the local platform served by one WireMock server: what it received, how many requests it answered,
 * and its stop, in one place for every such fake.
 */
public abstract class WireMockFake implements Fake {

    private static final Logger LOG = LoggerFactory.getLogger(WireMockFake.class);

    protected final WireMockServer server;

    protected WireMockFake(WireMockServer server) {
        this.server = server;
    }

    /** Every request in the server's journal, oldest first. */
    @Override
    public List<PlatformRequest> received() {
        return PlatformRequest.journalOf(name(), server);
    }

    @Override
    public OptionalLong requestCount() {
        return OptionalLong.of(server.countRequestsMatching(RequestPattern.everything()).getCount());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (RuntimeException failed) {
            LOG.debug("{} fake did not stop cleanly", name(), failed);
        }
    }
}
