package io.netty.channel.epoll;

import java.io.IOException;

/**
 * hapair's one reach into Netty's epoll channel: while hapair splices a body out of a socket
 * ({@code dev.hapair.proxy.splice.SpliceJob}), Netty must not read that socket, not even when the peer's FIN
 * arrives (Netty reads on {@code EPOLLRDHUP} whatever its auto-read setting). Auto-read off removes
 * {@code EPOLLIN}; this removes {@code EPOLLRDHUP} for the time of the splice and puts it back after. Netty
 * offers no public way to do so ({@code clearFlag} is package-private), hence this class in Netty's package.
 * Call on the channel's event loop only.
 */
public final class HapairEpollInterest {
    private HapairEpollInterest() {}

    /** Netty stops watching the peer's half-close on {@code ch} (it reads nothing while auto-read is off). */
    public static void ignorePeerShutdown(AbstractEpollChannel ch) throws IOException {
        ch.clearFlag(Native.EPOLLRDHUP);
    }

    /** Netty watches the peer's half-close on {@code ch} again (as it does from the start). */
    public static void watchPeerShutdown(AbstractEpollChannel ch) throws IOException {
        if (ch.isOpen()) ch.setFlag(Native.EPOLLRDHUP);
    }
}
