package io.aether.runbook.platform.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Publishes a container's ports on 127.0.0.1 only. Docker publishes on every interface by default, and the local
 * platform listens on loopback and nowhere else.
 */
public final class LoopbackPorts {

    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** A create-command modifier that rebinds every published port to loopback, keeping its host port choice. */
    public static Consumer<CreateContainerCmd> only() {
        return command -> {
            HostConfig host = command.getHostConfig();
            if (host == null || host.getPortBindings() == null) {
                return;
            }
            Ports rebound = new Ports();
            for (Map.Entry<ExposedPort, Ports.Binding[]> port : host.getPortBindings().getBindings().entrySet()) {
                Ports.Binding[] bindings = port.getValue();
                if (bindings == null || bindings.length == 0) {
                    rebound.bind(port.getKey(), Ports.Binding.bindIp(LOOPBACK));
                    continue;
                }
                for (Ports.Binding binding : bindings) {
                    rebound.bind(port.getKey(), new Ports.Binding(LOOPBACK, binding.getHostPortSpec()));
                }
            }
            host.withPortBindings(rebound);
        };
    }
}
