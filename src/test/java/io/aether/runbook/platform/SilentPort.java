package io.aether.runbook.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback port that accepts every connection and never answers, for the blackhole drills: a server that hangs
 * behind a live listener (a stuck process, a full accept queue drained by a proxy). A client's connect succeeds at
 * once, so only its read or request timeout can end the wait.
 */
public final class SilentPort implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SilentPort.class);

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SilentPort(ServerSocket server, String system) {
        this.server = server;
        this.acceptor = new Thread(this::acceptForever, "silent-port-" + system);
        this.acceptor.setDaemon(true);
    }

    /** Opens the port on 127.0.0.1 and starts holding whatever connects to it. */
    public static SilentPort open(String system) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            SilentPort port = new SilentPort(server, system);
            port.acceptor.start();
            LOG.info("{}: silent port 127.0.0.1:{} accepts connections and never answers", system, port.port());
            return port;
        } catch (IOException noPort) {
            throw new UncheckedIOException("no free loopback port for the silent " + system, noPort);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port());
    }

    /** How many connections were accepted and held so far. */
    public int connections() {
        return held.size();
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            LOG.debug("silent port {} did not close cleanly", port(), ignored);
        }
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException ignored) {
                LOG.debug("a connection held by silent port {} did not close cleanly", port(), ignored);
            }
        }
    }
}
