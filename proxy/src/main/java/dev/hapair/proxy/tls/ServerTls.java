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
public final class ServerTls implements CaFileStore.User {

    /** A ClientHello larger than this is refused before any allocation grows past it. */
    static final int MAX_CLIENT_HELLO = 64 * 1024;

    /**
     * One certificate as the bind serves it: from {@code crt} (no filters, no line) or a crt-list line.
     *
     * @param filters the crt-list line's SNI filters; empty = the certificate's own names
     * @param crtList the crt-list file the line is in, or null for {@code crt}
     * @param line    the crt-list line, or null for {@code crt}
     */
    record Instance(
            CertifiedKey certificate,
            ServerTlsFactory.Settings settings,
            List<String> filters,
            String crtList,
            dev.hapair.proxy.config.CrtListEntry line) {
        List<String> sniNames() {
            return filters.isEmpty() ? certificate.names() : filters;
        }

        String path() {
            return certificate.source().toString();
        }

        Instance with(CertifiedKey k) {
            return new Instance(k, settings, filters, crtList, line);
        }
    }

    /** The contexts in use and what they were built from; replaced whole, never changed. */
    private record State(
            List<Instance> instances, List<SslContext> contexts, SniTable<SslContext> table, ClientOffer.Bind offers) {}

    /** What {@link Selector} is built with; it never runs: the selection reads the ClientHello itself. */
    private static final AsyncMapping<String, SslContext> UNUSED =
            (name, promise) -> promise.setFailure(new IllegalStateException("not used"));

    private final boolean strictSni;
    private final TlsProvider provider;
    private final ServerTlsFactory factory;
    private final dev.hapair.proxy.config.BindSslConfig bind;
    private final dev.hapair.proxy.config.SslDefaults defaults;
    private final String location;
    private volatile State state;

    ServerTls(
            List<Instance> instances,
            dev.hapair.proxy.config.BindSslConfig bind,
            dev.hapair.proxy.config.SslDefaults defaults,
            TlsProvider provider,
            ServerTlsFactory factory)
            throws TlsException {
        this.strictSni = bind.strictSni();
        this.bind = bind;
        this.defaults = defaults;
        this.location = bind.location().file() + ":" + bind.location().line();
        this.provider = provider;
        this.factory = factory;
        this.state = build(instances, List.of(), List.of());
    }

    /**
     * A state for {@code instances}, reusing the contexts of {@code old} instances still there (same
     * certificate and settings).
     */
    private State build(List<Instance> instances, List<Instance> oldInstances, List<SslContext> oldContexts)
            throws TlsException {
        List<SniTable.Entry<SslContext>> entries = new java.util.ArrayList<>();
        List<SslContext> contexts = new java.util.ArrayList<>();
        for (Instance i : instances) {
            int same = -1;
            for (int j = 0; j < oldInstances.size() && same < 0; j++) {
                Instance o = oldInstances.get(j);
                if (o.certificate() == i.certificate() && o.settings() == i.settings()) {
                    same = j;
                }
            }
            SslContext ctx;
            try {
                ctx = same >= 0 ? oldContexts.get(same) : factory.context(i.certificate(), i.settings());
            } catch (TlsException e) {
                if (i.line() == null) {
                    throw e;
                }
                throw new TlsException(
                        "crt-list " + i.line().location().file() + ":"
                                + i.line().location().line() + ": " + e.getMessage(),
                        e);
            }
            contexts.add(ctx);
            entries.add(new SniTable.Entry<>(
                    i.sniNames(), SniTable.KeyType.of(i.certificate().key()), ctx));
        }
        return new State(
                List.copyOf(instances),
                List.copyOf(contexts),
                new SniTable<>(entries, strictSni),
                offers(instances.isEmpty() ? null : instances.get(0).settings()));
    }

    /**
     * What the bind offers, for {@link ClientOffer}: the versions and ciphers of its default (first) certificate's
     * context, the one a handshake starts on, as HAProxy reads them there.
     */
    private ClientOffer.Bind offers(ServerTlsFactory.Settings first) {
        if (first == null) return new ClientOffer.Bind(false, name -> false);
        boolean tls13 = first.protocols().contains("TLSv1.3");
        if (first.cipherList() == null) {
            java.util.Set<String> all = provider.tls12Ciphers();
            return new ClientOffer.Bind(tls13, all::contains);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String java : first.cipherList()) {
            String openSsl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(java, false);
            if (openSsl != null) names.add(openSsl);
        }
        return new ClientOffer.Bind(tls13, names::contains);
    }

    // ------------------------------------------------------------------ run-time changes (CertificateStore)

    List<Instance> instances() {
        return state.instances();
    }

    /** The crt-list files of this bind and their lines, in order. */
    java.util.Map<String, List<dev.hapair.proxy.config.CrtListEntry>> crtLists() {
        java.util.Map<String, List<dev.hapair.proxy.config.CrtListEntry>> out = new java.util.LinkedHashMap<>();
        for (dev.hapair.proxy.config.CertSource src : bind.certs()) {
            if (src.kind() == dev.hapair.proxy.config.CertSource.Kind.CRT_LIST) {
                out.putIfAbsent(src.path(), new java.util.ArrayList<>());
            }
        }
        for (Instance i : state.instances()) {
            if (i.crtList() != null) {
                out.get(i.crtList()).add(i.line());
            }
        }
        return out;
    }

    boolean uses(String path) {
        return state.instances().stream().anyMatch(i -> i.path().equals(path));
    }

    /** How many of this bind's certificates come from {@code path} (a crt-list may name a file on several lines). */
    int instanceCount(String path) {
        return (int)
                state.instances().stream().filter(i -> i.path().equals(path)).count();
    }

    /** The bind line, for messages. */
    String location() {
        return location;
    }

    /** A crt-list line's certificate joined with {@code crt-base}, as the store names it. */
    String resolve(String crt) {
        return ServerTlsFactory.base(defaults.crtBase(), crt).toString();
    }

    /** A crt-list line's {@code ca-file}, {@code ca-verify-file} or {@code crl-file} joined with {@code ca-base}. */
    String resolveCa(String file) {
        return ServerTlsFactory.base(defaults.caBase(), file).toString();
    }

    /** Whether {@code line} of {@code list} gives this bind its default certificate, one that may not be deleted. */
    boolean isDefault(String list, dev.hapair.proxy.config.CrtListEntry line) {
        // with strict-sni no handshake falls back to the first certificate: any line may go (HAProxy 2.6)
        // (but the last certificate of a bind stays: a bind has at least one)
        Instance first = state.instances().get(0);
        if (strictSni && state.instances().size() > 1) return false;
        return list.equals(first.crtList()) && first.line() == line;
    }

    /** Builds the state with {@code path} replaced by {@code k}; the returned action installs it. */
    Runnable prepareReplace(String path, CertifiedKey k) throws TlsException {
        State old = state;
        List<Instance> next = new java.util.ArrayList<>();
        for (Instance i : old.instances()) {
            next.add(i.path().equals(path) ? i.with(k) : i);
        }
        State s = build(next, old.instances(), old.contexts());
        return () -> state = s;
    }

    /** Builds the state with a crt-list line added. */
    Runnable prepareAdd(String list, dev.hapair.proxy.config.CrtListEntry line, CertifiedKey k) throws TlsException {
        State old = state;
        ServerTlsFactory.Settings base = factory.settings(bind, dev.hapair.proxy.config.CrtLineOptions.NONE, defaults);
        ServerTlsFactory.Settings s = line.options().equals(dev.hapair.proxy.config.CrtLineOptions.NONE)
                ? base
                : factory.settings(bind, line.options(), defaults);
        List<Instance> next = new java.util.ArrayList<>(old.instances());
        next.add(new Instance(k, s, line.filters(), list, line));
        State built = build(next, old.instances(), old.contexts());
        return () -> state = built;
    }

    private static dev.hapair.proxy.config.CrtLineOptions options(Instance i) {
        return i.line() == null
                ? dev.hapair.proxy.config.CrtLineOptions.NONE
                : i.line().options();
    }

    /** The CA, CA-verify and CRL files this bind's contexts read (its own and its crt-list lines'). */
    @Override
    public java.util.Set<String> caPaths() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Instance i : state.instances()) {
            out.addAll(ServerTlsFactory.caPaths(bind, options(i), defaults));
        }
        return out;
    }

    /** {@code commit ssl ca-file|crl-file}: every context built again with the files as the store has them now. */
    @Override
    public Runnable rebuild() throws TlsException {
        State old = state;
        ServerTlsFactory.Settings base = factory.settings(bind, dev.hapair.proxy.config.CrtLineOptions.NONE, defaults);
        List<Instance> next = new java.util.ArrayList<>();
        for (Instance i : old.instances()) {
            ServerTlsFactory.Settings s = options(i).equals(dev.hapair.proxy.config.CrtLineOptions.NONE)
                    ? base
                    : factory.settings(bind, options(i), defaults);
            next.add(new Instance(i.certificate(), s, i.filters(), i.crtList(), i.line()));
        }
        State built = build(next, List.of(), List.of());
        return () -> state = built;
    }

    /** Builds the state without a crt-list line. */
    Runnable prepareRemove(dev.hapair.proxy.config.CrtListEntry line) {
        State old = state;
        List<Instance> next = new java.util.ArrayList<>();
        for (Instance i : old.instances()) {
            if (i.line() != line) {
                next.add(i);
            }
        }
        try {
            State built = build(next, old.instances(), old.contexts());
            return () -> state = built;
        } catch (TlsException e) {
            throw new IllegalStateException("no context is built when a line goes away", e);
        }
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

    /** The server name {@code ch}'s ClientHello asked for, or null (none yet, or none sent). */
    public static String sni(io.netty.channel.Channel ch) {
        return connection(ch).attr(SNI).get();
    }

    /** The facts of a connection's completed handshake, read once: they do not change afterwards. */
    private static final io.netty.util.AttributeKey<dev.hapair.proxy.sample.TlsFacts> FACTS =
            io.netty.util.AttributeKey.valueOf("hapair.tls.facts");

    /**
     * What {@code ssl_fc_*} fetches read of {@code ch}'s completed handshake; null before it completes. Read
     * from the engine on the first call after the handshake and kept on the connection, so requests of a
     * keep-alive connection or the streams of an HTTP/2 one do not each query the TLS library.
     */
    public static dev.hapair.proxy.sample.TlsFacts facts(io.netty.channel.Channel ch) {
        ch = connection(ch);
        dev.hapair.proxy.sample.TlsFacts known = ch.attr(FACTS).get();
        if (known != null) return known;
        SslHandler h = ch.pipeline().get(SslHandler.class);
        if (h == null || !h.handshakeFuture().isSuccess()) {
            return null;
        }
        dev.hapair.proxy.sample.TlsFacts f = read(ch, h);
        ch.attr(FACTS).set(f);
        return f;
    }

    private static dev.hapair.proxy.sample.TlsFacts read(io.netty.channel.Channel ch, SslHandler h) {
        javax.net.ssl.SSLSession s = h.engine().getSession();
        List<java.security.cert.X509Certificate> peerChain = new java.util.ArrayList<>();
        if (mayHavePeerCertificates(h.engine())) {
            try {
                for (java.security.cert.Certificate c : s.getPeerCertificates())
                    if (c instanceof java.security.cert.X509Certificate x) peerChain.add(x);
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                peerChain.clear();
            }
        }
        java.security.cert.X509Certificate peer = peerChain.isEmpty() ? null : peerChain.get(0);
        java.security.cert.Certificate[] mine = s.getLocalCertificates();
        java.security.cert.X509Certificate local =
                mine != null && mine.length > 0 && mine[0] instanceof java.security.cert.X509Certificate x ? x : null;
        String cipher = s.getCipherSuite();
        String openSsl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(cipher, false);
        ClientCertTrust.Outcome v = ClientCertTrust.outcome(h.engine());
        return new dev.hapair.proxy.sample.TlsFacts(
                ch.attr(SNI).get(),
                s.getProtocol(),
                openSsl != null ? openSsl : cipher,
                h.applicationProtocol(),
                peer,
                new dev.hapair.proxy.sample.TlsFacts.Verify(v.result(), v.leafError(), v.caError(), v.caErrorDepth()),
                peerChain,
                local,
                resumed(h.engine()));
    }

    /**
     * A server engine that asked for no client certificate has none: asking would only build the exception that
     * says so (a stack trace per connection).
     */
    private static boolean mayHavePeerCertificates(javax.net.ssl.SSLEngine e) {
        return e.getUseClientMode() || e.getNeedClientAuth() || e.getWantClientAuth();
    }

    /**
     * Whether the handshake resumed a session: BoringSSL says so ({@code SSL_session_reused}); read on the
     * connection's event loop, where the engine is also freed, so a non-zero pointer is a live one.
     */
    private static Boolean resumed(javax.net.ssl.SSLEngine engine) {
        return TlsCounters.resumed(engine);
    }

    public List<CertifiedKey> certificates() {
        return state.instances().stream().map(Instance::certificate).toList();
    }

    public TlsProvider provider() {
        return provider;
    }

    /**
     * The first handler of an accepted connection: reads the ClientHello, picks the certificate by SNI and by
     * what the client can verify, then replaces itself with the SslHandler. {@code handshakeTimeoutMillis}
     * bounds the whole handshake (HAProxy bounds it by {@code timeout client}).
     */
    public ChannelHandler newHandler(long handshakeTimeoutMillis) {
        long timeout = handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : 10_000;
        TlsCounters.PROCESS.accepted();
        return new Selector(timeout);
    }

    /**
     * Netty's SNI handler, selecting with the whole ClientHello: Netty hands it over before the server name is
     * extracted, so the offer is read first (one handler per connection, on its event loop).
     */
    private final class Selector extends SniHandler {
        private final long timeout;
        private ClientOffer offer = ClientOffer.NONE;
        /** The server name as the client sent it (Netty hands over a lowercased copy): see ClientOffer.serverName. */
        private String sentName;

        private State selecting;

        Selector(long timeout) {
            super(UNUSED, MAX_CLIENT_HELLO, timeout);
            this.timeout = timeout;
        }

        @Override
        protected Future<SslContext> lookup(io.netty.channel.ChannelHandlerContext ctx, io.netty.buffer.ByteBuf hello)
                throws Exception {
            selecting = state; // one state for the whole choice, whatever a commit installs meanwhile
            offer = ClientOffer.parse(hello, selecting.offers());
            sentName = ClientOffer.serverName(hello);
            return super.lookup(ctx, hello); // extracts the server name, then calls the method below
        }

        @Override
        protected Future<SslContext> lookup(io.netty.channel.ChannelHandlerContext ctx, String serverName) {
            Promise<SslContext> promise = ctx.executor().newPromise();
            State s = selecting != null ? selecting : state;
            String name = serverName != null && sentName != null ? sentName : serverName;
            return s.table()
                    .select(name, offer)
                    .map(promise::setSuccess)
                    .orElseGet(() -> promise.setFailure(new NoCertificateException(serverName)));
        }

        @Override
        protected void onLookupComplete(io.netty.channel.ChannelHandlerContext ctx, Future<SslContext> future)
                throws Exception {
            if (!future.isSuccess() && future.cause() instanceof NoCertificateException) {
                // HAProxy 2.6 refuses with a fatal unrecognized_name alert (its client hello callback's
                // SSL_AD_UNRECOGNIZED_NAME), the client reads why; then the failure closes as before
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(UNRECOGNIZED_NAME));
            }
            super.onLookupComplete(ctx, future);
        }

        @Override
        protected void replaceHandler(io.netty.channel.ChannelHandlerContext ctx, String hostname, SslContext context)
                throws Exception {
            // ssl_fc_sni is the name as sent, as OpenSSL's SSL_get_servername returns it to HAProxy
            ctx.channel().attr(SNI).set(hostname != null && sentName != null ? sentName : hostname);
            super.replaceHandler(ctx, hostname, context);
            SslHandler h = ctx.pipeline().get(SslHandler.class);
            if (h != null) TlsCounters.PROCESS.track(ctx.channel(), h, true);
        }

        @Override
        protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
            SslHandler h = super.newSslHandler(context, allocator);
            h.setHandshakeTimeoutMillis(timeout);
            return h;
        }
    }

    /**
     * The record HAProxy 2.6.12 (OpenSSL 3.0) sends when strict-sni refuses a ClientHello: alert, TLS 1.2 record
     * version, fatal, unrecognized_name (112); the same bytes whatever the ClientHello's versions (measured).
     */
    static final byte[] UNRECOGNIZED_NAME = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70};

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
