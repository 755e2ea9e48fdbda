package dev.hapair.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;

/**
 * The TLS side of one {@code bind ... ssl} line, ready for connections: the certificates' contexts (built at
 * configuration load) and the SNI table choosing among them. Immutable; a reload builds a new one, so live
 * connections keep the certificate they were handshaked with.
 */
public final class ServerTls {

    /** A ClientHello larger than this is refused before any allocation grows past it. */
    static final int MAX_CLIENT_HELLO = 64 * 1024;

    private final SniTable<SslContext> table;
    private final List<CertifiedKey> certificates;
    private final TlsProvider provider;

    ServerTls(SniTable<SslContext> table, List<CertifiedKey> certificates, TlsProvider provider) {
        this.table = table;
        this.certificates = List.copyOf(certificates);
        this.provider = provider;
    }

    /** Whether {@code ch} came through a TLS listener (its handshake may still be under way). */
    public static boolean terminates(io.netty.channel.Channel ch) {
        ch = connection(ch);
        return ch.pipeline().get(SslHandler.class) != null || ch.pipeline().get(SniHandler.class) != null;
    }

    /** The connection an HTTP/2 stream's channel belongs to (the TLS handlers are there), else {@code ch}. */
    private static io.netty.channel.Channel connection(io.netty.channel.Channel ch) {
        return ch instanceof io.netty.handler.codec.http2.Http2StreamChannel ? ch.parent() : ch;
    }

    /** The server name of a connection's ClientHello, recorded when the certificate is chosen. */
    static final io.netty.util.AttributeKey<String> SNI = io.netty.util.AttributeKey.valueOf("hapair.tls.sni");

    /** What {@code ssl_fc_*} fetches read of {@code ch}'s completed handshake; null before it completes. */
    public static dev.hapair.proxy.sample.TlsFacts facts(io.netty.channel.Channel ch) {
        ch = connection(ch);
        SslHandler h = ch.pipeline().get(SslHandler.class);
        if (h == null || !h.handshakeFuture().isSuccess()) {
            return null;
        }
        javax.net.ssl.SSLSession s = h.engine().getSession();
        boolean clientCert;
        try {
            clientCert = s.getPeerCertificates().length > 0;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            clientCert = false;
        }
        String cipher = s.getCipherSuite();
        String openSsl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(cipher, false);
        return new dev.hapair.proxy.sample.TlsFacts(
                ch.attr(SNI).get(),
                s.getProtocol(),
                openSsl != null ? openSsl : cipher,
                h.applicationProtocol(),
                clientCert);
    }

    public List<CertifiedKey> certificates() {
        return certificates;
    }

    public TlsProvider provider() {
        return provider;
    }

    /**
     * The first handler of an accepted connection: reads the ClientHello, picks the certificate by SNI, then
     * replaces itself with the SslHandler. {@code handshakeTimeoutMillis} bounds the whole handshake (HAProxy
     * bounds it by {@code timeout client}).
     */
    public ChannelHandler newHandler(long handshakeTimeoutMillis) {
        long timeout = handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : 10_000;
        return new SniHandler(mapping(), MAX_CLIENT_HELLO, timeout) {
            @Override
            protected void replaceHandler(
                    io.netty.channel.ChannelHandlerContext ctx, String hostname, SslContext context) throws Exception {
                ctx.channel().attr(SNI).set(hostname);
                super.replaceHandler(ctx, hostname, context);
            }

            @Override
            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                SslHandler h = super.newSslHandler(context, allocator);
                h.setHandshakeTimeoutMillis(timeout);
                return h;
            }
        };
    }

    private AsyncMapping<String, SslContext> mapping() {
        return new AsyncMapping<>() {
            @Override
            public Future<SslContext> map(String serverName, Promise<SslContext> promise) {
                return table.select(serverName)
                        .map(promise::setSuccess)
                        .orElseGet(() -> promise.setFailure(new NoCertificateException(serverName)));
            }
        };
    }

    /** strict-sni: the client's server name matches no certificate; the handshake is refused. */
    static final class NoCertificateException extends Exception {
        NoCertificateException(String serverName) {
            super(
                    serverName == null
                            ? "strict-sni: the client sent no server name"
                            : "strict-sni: no certificate for '" + serverName + "'",
                    null,
                    false,
                    false);
        }
    }
}
