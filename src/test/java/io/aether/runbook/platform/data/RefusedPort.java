package io.aether.runbook.platform.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback port on which nothing listens, for the drills that take a system down: a client aimed at it gets
 * "connection refused" at once, as it would from a crashed server whose Service still resolves.
 */
final class RefusedPort {

    private RefusedPort() {
    }

    /**
     * Binds an ephemeral loopback port and releases it, so that the kernel handed out a port no fake of this run
     * holds. Another process could claim it later; on a test machine that is rare and only turns "refused" into
     * "wrong protocol", which the probes report as unreachable all the same.
     */
    static InetSocketAddress reserve() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        } catch (IOException noPort) {
            throw new UncheckedIOException("no free loopback port for a drill's refused address", noPort);
        }
    }
}
