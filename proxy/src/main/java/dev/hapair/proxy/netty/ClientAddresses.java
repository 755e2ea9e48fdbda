package dev.hapair.proxy.netty;

import dev.hapair.proxy.proxyprotocol.ProxyHeader;
import dev.hapair.proxy.sample.Addresses;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * The addresses of a client connection as everything after the handshake sees them (fetches, logs, acls,
 * {@code option forwardfor}, {@code send-proxy}): those of a received PROXY protocol header when it carried
 * some, else the socket's own. {@code tcp-request connection} rules read the socket's, as in HAProxy.
 */
final class ClientAddresses {

    /** The PROXY protocol header received on the connection, once decoded. */
    static final AttributeKey<ProxyHeader> PROXY_HEADER = AttributeKey.valueOf("hapair.proxy.header");

    private ClientAddresses() {}

    /**
     * The socket {@code ch} carries: itself, or the connection of an HTTP/2 stream. What the connection learnt
     * (PROXY header, tcp-request variables) is read there, not copied onto every stream.
     */
    static Channel socket(Channel ch) {
        return ch instanceof io.netty.handler.codec.http2.Http2StreamChannel ? ch.parent() : ch;
    }

    /** The PROXY header received on {@code ch}'s connection, or null (the attribute is not created to ask). */
    static ProxyHeader proxyHeader(Channel ch) {
        Channel s = socket(ch);
        return s.hasAttr(PROXY_HEADER) ? s.attr(PROXY_HEADER).get() : null;
    }

    static InetSocketAddress source(Channel ch) {
        ProxyHeader h = proxyHeader(ch);
        return h != null && h.carriesAddresses() ? h.source() : inet(ch.remoteAddress());
    }

    /** A socket address as the session sees it: {@link Addresses#UNIX} for a unix socket's peer or local end. */
    static InetSocketAddress inet(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : a == null ? null : Addresses.UNIX;
    }

    /** Hands the received header's TLVs to a transaction's fetches. */
    static dev.hapair.proxy.sample.ProxyTlvs tlvs(Channel ch) {
        ProxyHeader h = proxyHeader(ch);
        return h == null
                ? dev.hapair.proxy.sample.ProxyTlvs.NONE
                : new dev.hapair.proxy.sample.ProxyTlvs(h.authority(), h.uniqueId());
    }

    /** The connection facts of {@code ch}, accepted by {@code frontend}, before any HTTP multiplexer runs. */
    static dev.hapair.proxy.sample.ClientConnection connection(
            Channel ch, dev.hapair.proxy.backend.FrontendRuntime frontend) {
        return connection(ch, frontend, 0);
    }

    /**
     * The connection facts of {@code ch} (a socket, or an HTTP/2 stream whose socket is its parent), with the
     * HTTP major version of its on-wire encoding ({@code fc_http_major}; 0 when none).
     */
    static dev.hapair.proxy.sample.ClientConnection connection(
            Channel ch, dev.hapair.proxy.backend.FrontendRuntime frontend, int httpMajor) {
        Channel socket = socket(ch);
        return new dev.hapair.proxy.sample.ClientConnection(
                source(ch),
                destination(ch),
                proxyHeader(ch) != null,
                frontend.bindId(ch.localAddress()),
                socket instanceof io.netty.channel.epoll.HapairSocketChannel e
                        ? () -> tcpInfo(e)
                        : dev.hapair.proxy.sample.TcpInfo.Probe.NONE,
                httpMajor);
    }

    /** HTTP/2 streams are channels of their own whose parent is the client connection. */
    static int httpMajor(Channel ch) {
        return ch instanceof io.netty.handler.codec.http2.Http2StreamChannel ? 2 : 1;
    }

    /** TCP_INFO of an epoll socket, read now; null once it is closed (getsockopt fails). */
    private static dev.hapair.proxy.sample.TcpInfo tcpInfo(io.netty.channel.epoll.HapairSocketChannel ch) {
        if (!ch.isOpen()) return null;
        try {
            io.netty.channel.epoll.EpollTcpInfo i = ch.tcpInfo(new io.netty.channel.epoll.EpollTcpInfo());
            return new dev.hapair.proxy.sample.TcpInfo(
                    i.rtt(), i.rttvar(), i.unacked(), i.sacked(), i.lost(), i.retrans(), i.fackets(), i.reordering());
        } catch (io.netty.channel.ChannelException e) {
            return null;
        }
    }

    static InetSocketAddress destination(Channel ch) {
        ProxyHeader h = proxyHeader(ch);
        return h != null && h.carriesAddresses() ? h.destination() : inet(ch.localAddress());
    }
}
