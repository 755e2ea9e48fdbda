package io.netty.channel.epoll;

import java.io.IOException;

/**
 * Delayed acknowledgement of a listener's new connections, as HAProxy's {@code option tcp-smart-accept} (its
 * default in {@code mode http}): {@code TCP_QUICKACK} off on the listening socket, which the connections it
 * accepts inherit, so the kernel does not acknowledge the client's first data (a request, a TLS ClientHello) by
 * itself at once but with the proxy's answer, one packet fewer per connection (the ACK still leaves after the
 * delayed-ACK timer, ~40 ms, if no answer comes by then). Netty's server channel config has no such option, and
 * its socket is package-private: hence this class in Netty's package.
 */
public final class HapairListenerAck {
    private HapairListenerAck() {}

    /** Turns {@code TCP_QUICKACK} off on the listening socket of {@code listener} (an epoll TCP server channel). */
    public static void delay(AbstractEpollServerChannel listener) throws IOException {
        listener.socket.setTcpQuickAck(false);
    }

    /** Turns {@code TCP_QUICKACK} back on (the kernel's default): connections acknowledge data at once. */
    public static void immediate(AbstractEpollServerChannel listener) throws IOException {
        listener.socket.setTcpQuickAck(true);
    }

    /** Whether {@code listener}'s connections start with delayed ACKs ({@code TCP_QUICKACK} off). */
    public static boolean delays(AbstractEpollServerChannel listener) throws IOException {
        return !listener.socket.isTcpQuickAck();
    }
}
