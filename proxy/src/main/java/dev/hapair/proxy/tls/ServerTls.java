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

    /**
     * One certificate as the bind serves it: from {@code crt} (no filters, no line) or a crt-list line.
     *
     * @param filters the crt-list line's SNI filters; empty = the certificate's own names
     * @param line    the crt-list line, or null for {@code crt}
     */
    record Instance(
            CertifiedKey certificate,
            ServerTlsFactory.Settings settings,
            List<String> filters,
            dev.hapair.proxy.config.CrtListEntry line) {
        List<String> sniNames() {
            return filters.isEmpty() ? certificate.names() : filters;
        }
    }

    /** The contexts in use and what they were built from; replaced whole, never changed. */
    private record State(List<Instance> instances, SniTable<SslContext> table) {}

    private final boolean strictSni;
    private final TlsProvider provider;
    private final ServerTlsFactory factory;
    private volatile State state;

    ServerTls(List<Instance> instances, boolean strictSni, TlsProvider provider, ServerTlsFactory factory)
            throws TlsException {
        this.strictSni = strictSni;
        this.provider = provider;
        this.factory = factory;
        this.state = build(instances);
    }

    private State build(List<Instance> instances) throws TlsException {
        List<java.util.Map.Entry<List<String>, SslContext>> entries = new java.util.ArrayList<>();
        for (Instance i : instances) {
            try {
                entries.add(java.util.Map.entry(i.sniNames(), factory.context(i.certificate(), i.settings())));
            } catch (TlsException e) {
                if (i.line() == null) {
                    throw e;
                }
                throw new TlsException(
                        "crt-list " + i.line().location().file() + ":"
                                + i.line().location().line() + ": " + e.getMessage(),
                        e);
            }
        }
        return new State(List.copyOf(instances), new SniTable<>(entries, strictSni));
    }

    /** Whether {@code ch} came through a TLS listener (its handshake may still be under way). */
    public static boolean terminates(io.netty.channel.Channel ch) {
        return ch.pipeline().get(SslHandler.class) != null || ch.pipeline().get(SniHandler.class) != null;
    }

    /** The server name of a connection's ClientHello, recorded when the certificate is chosen. */
    static final io.netty.util.AttributeKey<String> SNI = io.netty.util.AttributeKey.valueOf("hapair.tls.sni");

    /** What {@code ssl_fc_*} fetches read of {@code ch}'s completed handshake; null before it completes. */
    public static dev.hapair.proxy.sample.TlsFacts facts(io.netty.channel.Channel ch) {
        SslHandler h = ch.pipeline().get(SslHandler.class);
        if (h == null || !h.handshakeFuture().isSuccess()) {
            return null;
        }
        javax.net.ssl.SSLSession s = h.engine().getSession();
        java.security.cert.X509Certificate peer;
        try {
            java.security.cert.Certificate[] chain = s.getPeerCertificates();
            peer = chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x ? x : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            peer = null;
        }
        String cipher = s.getCipherSuite();
        String openSsl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(cipher, false);
        return new dev.hapair.proxy.sample.TlsFacts(
                ch.attr(SNI).get(), s.getProtocol(), openSsl != null ? openSsl : cipher, h.applicationProtocol(), peer);
    }

    public List<CertifiedKey> certificates() {
        return state.instances().stream().map(Instance::certificate).toList();
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
                return state.table()
                        .select(serverName)
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
