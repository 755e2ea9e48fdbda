package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * One listening socket and the frontend that new connections on it are served by. A reload swaps the
 * binding (frontend plus its {@code maxconn} gate) and leaves the socket alone.
 */
final class ListenerSlot {
    record Binding(FrontendRuntime frontend, ConnectionGate gate) {}

    final SocketAddress address;
    volatile Binding binding;
    Channel channel;

    ListenerSlot(SocketAddress address, Binding binding) {
        this.address = address;
        this.binding = binding;
    }
}
