package io.aether.runbook.platform.kubernetes;

import io.aether.runbook.platform.ServiceDirectory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nc [-v] [-z] [-w SECONDS] HOST PORT} as the ingestor image's OpenBSD netcat answers it: a real TCP
 * connection to the loopback server the service directory names for HOST:PORT, with nc's own messages and exit
 * codes. The host is resolved when the command runs, because fakes register their services while others boot.
 */
final class Netcat {

    private final ServiceDirectory services;
    private final Duration connectTimeout;

    Netcat(ServiceDirectory services, Duration connectTimeout) {
        this.services = services;
        this.connectTimeout = connectTimeout;
    }

    CommandOutcome run(List<String> args) {
        boolean verbose = false;
        Duration timeout = connectTimeout;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("-w")) {
                String seconds = arg.length() > 2 ? arg.substring(2) : (i + 1 < args.size() ? args.get(++i) : "");
                Optional<Duration> wait = seconds(seconds);
                if (wait.isEmpty()) {
                    return CommandOutcome.failure(1, "nc: timeout invalid: " + seconds + "\n");
                }
                timeout = wait.get().compareTo(connectTimeout) < 0 ? wait.get() : connectTimeout;
            } else if (arg.startsWith("-") && arg.length() > 1) {
                for (char flag : arg.substring(1).toCharArray()) {
                    if (flag == 'v') {
                        verbose = true;
                    } else if (flag != 'z' && flag != 'n') {
                        return CommandOutcome.failure(1, "nc: invalid option -- '" + flag + "'\n" + usage());
                    }
                }
            } else {
                operands.add(arg);
            }
        }
        if (operands.size() != 2) {
            return CommandOutcome.failure(1, usage());
        }
        return connect(operands.get(0), operands.get(1), timeout, verbose);
    }

    private CommandOutcome connect(String host, String portText, Duration timeout, boolean verbose) {
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException notNumber) {
            return CommandOutcome.failure(1, "nc: port number invalid: " + portText + "\n");
        }
        if (!services.knows(host)) {
            return CommandOutcome.failure(1,
                    "nc: getaddrinfo for host \"" + host + "\" port " + port + ": Name or service not known\n");
        }
        Optional<InetSocketAddress> address = services.resolve(host, port);
        if (address.isEmpty()) {
            return refused(host, port);
        }
        try (Socket socket = new Socket()) {
            socket.connect(address.get(), (int) timeout.toMillis());
            return new CommandOutcome("", verbose
                    ? "Connection to " + host + " (" + address.get().getAddress().getHostAddress() + ") " + port
                            + " port [tcp/*] succeeded!\n"
                    : "", 0);
        } catch (SocketTimeoutException slow) {
            return CommandOutcome.failure(1,
                    "nc: connect to " + host + " port " + port + " (tcp) timed out: Operation now in progress\n");
        } catch (ConnectException closed) {
            return refused(host, port);
        } catch (IOException other) {
            return CommandOutcome.failure(1,
                    "nc: connect to " + host + " port " + port + " (tcp) failed: " + other.getMessage() + "\n");
        }
    }

    private static CommandOutcome refused(String host, int port) {
        return CommandOutcome.failure(1,
                "nc: connect to " + host + " port " + port + " (tcp) failed: Connection refused\n");
    }

    private static Optional<Duration> seconds(String text) {
        try {
            int seconds = Integer.parseInt(text);
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException notNumber) {
            return Optional.empty();
        }
    }

    private static String usage() {
        return "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
                + "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
                + "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
                + "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
                + "\t  [destination] [port]\n";
    }
}
