package io.aether.runbook.platform.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}, so a self-test can prove that an
 * in-process fake listens on loopback only.
 */
final class ProcessListeners {

    private static final String LISTEN = "0A";

    private ProcessListeners() {
    }

    static boolean readable() {
        return Files.isReadable(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Local addresses, as {@code hex-address:hex-port} rows of /proc/net/tcp(6), of this process's listeners. */
    static List<String> addresses() throws IOException {
        Set<String> inodes = socketInodes();
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
                    listening.add(fields[1]);
                }
            }
        }
        return listening;
    }

    /** Whether a /proc/net row's local address is 127.0.0.1 (IPv4) or ::1 / ::ffff:127.0.0.1 (IPv6). */
    static boolean loopback(String address) {
        String host = address.substring(0, address.indexOf(':'));
        return "0100007F".equals(host) || "00000000000000000000000001000000".equals(host)
                || "0000000000000000FFFF00000100007F".equals(host);
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A descriptor closed between listing and reading is not a listener of interest.
                }
            });
        }
        return inodes;
    }
}
