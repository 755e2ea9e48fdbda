package dev.hapair.proxy.tls;

import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleExpr;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS towards one server ({@code server ... ssl}): the client context built at configuration load, the SNI
 * expression, and the name a {@code verify required} server's certificate must carry. The context (with the
 * client certificate) is replaced whole when a CA/CRL file or the certificate it reads is committed.
 */
public final class ClientTls implements CaFileStore.User {

    /**
     * Builds the context again, with the CA and CRL files as the store has them and {@code certificate} as the
     * client certificate (null: none).
     */
    interface ContextSource {
        /** @param alpn the ALPN list to offer instead of the server's (null: the server's {@code alpn}) */
        SslContext build(CertifiedKey certificate, java.util.List<String> alpn) throws TlsException;
    }

    /** Replaced whole by a committed CA or CRL file; a connection reads it once, for its handshake. */
    private volatile SslContext context;

    /**
     * What a websocket's new connection offers instead of the server's ALPN list ({@code ws}, see
     * {@link dev.hapair.proxy.h2.ServerMux}), or null; its context is replaced with {@link #context}.
     */
    private volatile java.util.List<String> websocketAlpn;

    private volatile SslContext websocketContext;

    private final ContextSource source;
    private final java.util.Set<String> caPaths;
    private final SampleExpr sni;
    private final String sniText;
    private final String verifyhost;
    private final boolean verify;
    private final long handshakeTimeoutMillis;
    /** The client certificate ({@code crt}); replaced with the context by {@code commit ssl cert}. */
    private volatile CertifiedKey certificate;

    ClientTls(
            SslContext context,
            SampleExpr sni,
            String sniText,
            String verifyhost,
            boolean verify,
            long handshakeTimeoutMillis,
            ContextSource source,
            java.util.Set<String> caPaths,
            CertifiedKey certificate) {
        this.context = context;
        this.certificate = certificate;
        this.source = source;
        this.caPaths = caPaths;
        this.sni = sni;
        this.sniText = sniText;
        this.verifyhost = verifyhost;
        this.verify = verify;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : 10_000;
    }

    @Override
    public java.util.Set<String> caPaths() {
        return caPaths;
    }

    @Override
    public Runnable rebuild() throws TlsException {
        CertifiedKey with = certificate;
        SslContext next = source.build(with, null);
        SslContext nextWebsocket = websocketContext(with);
        return () -> install(with, next, nextWebsocket);
    }

    /**
     * Websocket connections offer {@code alpn} instead of the server's list (built now, so a connection only
     * builds an engine); null: the server's list.
     */
    public synchronized void websocketAlpn(java.util.List<String> alpn) throws TlsException {
        websocketAlpn = alpn == null ? null : java.util.List.copyOf(alpn);
        websocketContext = websocketContext(certificate);
    }

    private SslContext websocketContext(CertifiedKey with) throws TlsException {
        java.util.List<String> alpn = websocketAlpn;
        return alpn == null ? null : source.build(with, alpn);
    }

    /** The context a server connection was handshaked with (see {@link #tag}). */
    private static final io.netty.util.AttributeKey<SslContext> CONTEXT =
            io.netty.util.AttributeKey.valueOf("hapair.tls.client-context");

    /** Counts {@code ch}, a TLS connection to the server whose handshake {@code h} runs (show info). */
    public void track(io.netty.channel.Channel ch, SslHandler h) {
        TlsCounters.PROCESS.track(ch, h, false);
    }

    /**
     * Records on {@code ch} the context its handshake uses now (that of websocket connections when
     * {@code websocket}).
     */
    public void tag(io.netty.channel.Channel ch, boolean websocket) {
        ch.attr(CONTEXT).set(contextFor(websocket));
    }

    private SslContext contextFor(boolean websocket) {
        SslContext w = websocket ? websocketContext : null;
        return w != null ? w : context;
    }

    /**
     * Whether {@code ch} was handshaked with the context in use now: after a commit of a CA or CRL file an
     * idle connection verified with the old files is not reused.
     */
    public boolean current(io.netty.channel.Channel ch) {
        SslContext c = ch.attr(CONTEXT).get();
        return c == null || c == context;
    }

    /**
     * Whether the SNI may differ between connections (anything but a constant {@code str(...)}): such
     * connections are not pooled for reuse, since a pooled one may carry another name.
     */
    public boolean sniVaries() {
        return sni != null && !sniText.matches("str\\([^,)]*\\)");
    }

    /** The server name to send for a request seen as {@code c} (null context: constant expressions only). */
    public String serverName(SampleContext c) {
        if (sni == null) {
            return null;
        }
        try {
            String v = c == null ? null : sni.evalText(c);
            if (v == null && c == null && !sniVaries()) {
                v = sniText.substring(4, sniText.length() - 1);
            }
            return v == null || v.isEmpty() ? null : v;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A handler for a connected channel; {@code serverName} is sent as SNI (null: none). */
    public SslHandler newHandler(ByteBufAllocator alloc, String serverName, InetSocketAddress target) {
        return newHandler(alloc, serverName, target, false);
    }

    /** As {@link #newHandler(ByteBufAllocator, String, InetSocketAddress)}, for a websocket when {@code websocket}. */
    public SslHandler newHandler(
            ByteBufAllocator alloc, String serverName, InetSocketAddress target, boolean websocket) {
        SslContext context = contextFor(websocket);
        SslHandler h = serverName != null
                ? context.newHandler(alloc, serverName, target == null ? -1 : target.getPort())
                : context.newHandler(alloc);
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        if (serverName != null && serverName.indexOf('.') < 0) {
            // Netty sends SNI only for names with a dot; HAProxy sends any name (e.g. "localhost")
            try {
                javax.net.ssl.SSLParameters p = h.engine().getSSLParameters();
                p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
                h.engine().setSSLParameters(p);
            } catch (IllegalArgumentException e) {
                // not a host name SNI can carry: sent without one, as for an IP address
            }
        }
        return h;
    }

    /**
     * After the handshake: with {@code verify required}, the certificate must name the SNI sent, or the
     * {@code verifyhost} when none was (HAProxy 2.6: DNS subjectAltNames, then CNs; a wildcard covers one
     * label). The chain was verified during the handshake.
     *
     * @return null when the server may be used, otherwise why not
     */
    public String checkName(SSLSession session, String serverName) {
        String expected = serverName != null ? serverName : verifyhost;
        if (!verify || expected == null) {
            return null;
        }
        X509Certificate leaf;
        try {
            Certificate[] chain = session.getPeerCertificates();
            leaf = chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            leaf = null;
        }
        if (leaf == null) {
            return "the server sent no certificate";
        }
        try {
            for (String name : PemFiles.names(leaf)) {
                if (matches(name, expected)) {
                    return null;
                }
            }
        } catch (TlsException e) {
            return e.getMessage();
        }
        // HAProxy's words for the mismatch (CO_ER_SSL_MISMATCH_SNI with an SNI sent, else CO_ER_SSL_MISMATCH)
        return serverName != null
                ? "Server presented an SSL certificate different from the expected one"
                : "Server presented an SSL certificate different from the configured one";
    }

    static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    /**
     * TLS for health checks: {@code check-sni} is sent (checks have no request to evaluate {@code sni} on);
     * with {@code verify required} the certificate must name it, or the {@code verifyhost}.
     */
    public dev.hapair.health.probe.TlsLayer checkLayer(String checkSni, InetSocketAddress target) {
        return new dev.hapair.health.probe.TlsLayer() {
            @Override
            public SslHandler newHandler(ByteBufAllocator alloc) {
                return ClientTls.this.newHandler(alloc, checkSni, target);
            }

            @Override
            public String checkPeer(SSLSession session) {
                return checkName(session, checkSni);
            }
        };
    }

    /** The client certificate sent to the server ({@code crt}), or null. */
    public CertifiedKey certificate() {
        return certificate;
    }

    /** The store's name of {@link #certificate()} (its file), or null without one. */
    public String certificatePath() {
        return certificate == null ? null : certificate.source().toString();
    }

    /**
     * Builds the context around {@code replacement} ({@code commit ssl cert}); the returned action installs
     * it. A new context, so sessions cached with the old certificate are not resumed with it, and idle
     * connections made with the old one are not reused ({@link #current}).
     */
    Runnable prepareCertificate(CertifiedKey replacement) throws TlsException {
        SslContext next = source.build(replacement, null);
        SslContext nextWebsocket = websocketContext(replacement);
        return () -> install(replacement, next, nextWebsocket);
    }

    private synchronized void install(CertifiedKey c, SslContext next, SslContext nextWebsocket) {
        certificate = c;
        context = next;
        websocketContext = nextWebsocket;
    }

    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }
}
