package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.Acquisition;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.PendingRequest;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ReuseOrder;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h2.ServerMux;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gets a connected server channel for one session or request: server choice (with queueing when all
 * servers are full), idle-connection reuse, connect on the caller's event loop, then {@code retries}
 * with HAProxy's turn-around delay and {@code option redispatch} on the last retry. Loop-confined
 * except {@link #granted}, which the backend hops onto our loop.
 */
final class ServerAttempt implements PendingRequest {
    /** Outcome, always on the event loop. */
    interface Callback {
        /** {@code server}'s slot is now owned by the caller, who must release it. */
        void connected(ServerRuntime server, Channel channel, boolean reused);

        /** No server could be reached; {@code queueTimeout} tells 503-after-queue from no-server. */
        void failed(boolean queueTimeout);

        /**
         * An idle connection to {@code server} kept private to the caller's client connection ({@code http-reuse
         * never}), taken out of its keeping, or null.
         */
        default Channel privateConnection(ServerRuntime server) {
            return null;
        }
    }

    /**
     * Per-connection write buffer bounds: past the high mark the other side stops reading. About two
     * HAProxy buffers ({@code tune.bufsize} 16384) per direction, so thousands of slow readers cannot
     * exhaust memory (each used to hold up to 1 MiB).
     */
    static final io.netty.channel.WriteBufferWaterMark WATER_MARK = new io.netty.channel.WriteBufferWaterMark(
            dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE, 2 * dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE);

    /** Largest single read: one buffer, so one read cannot overrun the water marks by much. */
    static final int MAX_READ = dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE;

    static final io.netty.channel.RecvByteBufAllocator READS =
            new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 2048, MAX_READ);

    // fixed for the client connection; the rest is per request (see reuse)
    private final EventLoop loop;
    private final ChannelHandler serverInitializer;
    private final Transport transport;

    private BackendRuntime backend;
    private RequestInfo info;
    /** The port the request was addressed to ({@code set-dst-port} may change it from one request to the next). */
    private int clientPort;

    private ServerRuntime sticky;
    private boolean reuseIdle;
    /** Which pooled idle connections this request may take ({@code http-reuse}, first request or not). */
    private ReuseOrder reuseOrder;

    private Callback callback;
    /**
     * A timer, a listener or the backend's queue may still call on this attempt: set before any of them is
     * registered; an attempt without is never {@linkplain #reusable reused} (its callers could not tell uses apart).
     */
    private boolean async;
    /** The limits HTTP/2 server connections announce ({@code tune.h2.*}). */
    private dev.hapair.proxy.h2.H2Limits h2Limits = dev.hapair.proxy.h2.H2Limits.DEFAULTS;

    private Set<ServerRuntime> exclude; // servers that failed, created on the first redispatch

    private int retriesLeft;
    private boolean done;
    private ScheduledFuture<?> timer;
    private ChannelFuture connecting;
    private Channel handshaking;
    private ServerRuntime current;
    /** How this request reaches {@link #current} (its protocol, reuse, the ALPN a new connection offers). */
    private ServerMux.Plan plan = ServerMux.H1_ONLY.plan(false);

    long queuedNanos;
    long grantedNanos;
    /** When the connection was handed to the callback (an idle one: at {@link #grantedNanos}, the same event). */
    long deliveredNanos;

    int retries;
    boolean redispatched;
    private boolean forced;

    /** An attempt for requests of one client connection; {@link #forRequest} sets it up for each. */
    ServerAttempt(EventLoop loop, Transport transport, ChannelHandler serverInitializer) {
        this.loop = loop;
        this.transport = transport;
        this.serverInitializer = serverInitializer;
    }

    /**
     * Sets this attempt up for one request: a new one, or one {@linkplain #reusable ended without anything left to
     * call on it} for another request of the same client connection. Every field ends as for a new attempt.
     */
    ServerAttempt forRequest(
            BackendRuntime backend,
            RequestInfo info,
            ServerRuntime sticky,
            int clientPort,
            boolean reuseIdle,
            ReuseOrder reuseOrder,
            Callback callback) {
        this.backend = backend;
        this.info = info;
        this.sticky = sticky;
        this.clientPort = clientPort;
        this.reuseIdle = reuseIdle;
        this.reuseOrder = reuseOrder;
        this.callback = callback;
        this.retriesLeft = Math.max(0, backend.settings().retries());
        h2Limits = dev.hapair.proxy.h2.H2Limits.DEFAULTS;
        exclude = null;
        done = false;
        async = false;
        timer = null;
        connecting = null;
        handshaking = null;
        current = null;
        plan = ServerMux.H1_ONLY.plan(false);
        queuedNanos = 0;
        grantedNanos = 0;
        deliveredNanos = 0;
        retries = 0;
        redispatched = false;
        forced = false;
        return this;
    }

    /**
     * Ended and handed its connection over within the call that started it (an idle connection taken at once):
     * no timer, listener or queue refers to it, so it may be {@linkplain #forRequest reused} once its caller is done.
     */
    boolean reusable() {
        return done && !async;
    }

    /** Kept for the client connection's next request: it holds on to nothing of this one. */
    void park() {
        backend = null;
        info = null;
        sticky = null;
        callback = null;
        current = null;
    }

    /**
     * {@code force-persist} matched: the preferred server is used even when down, and neither a failure nor
     * {@code option redispatch} moves the request to another server (HAProxy disables the final redispatch).
     */
    void forcePersist() {
        forced = true;
    }

    void start() {
        queuedNanos = System.nanoTime();
        acquire(sticky, false, queuedNanos); // a server granted at once is granted in this same event
    }

    private void acquire(ServerRuntime preferred, boolean redispatch, long now) {
        Acquisition a = backend.acquire(info, preferred, forced, redispatch ? exclude : null, this);
        if (a.server() != null) {
            grantedNanos = now;
            open(a.server());
        } else if (a.queued()) {
            async = true;
            long wait = backend.settings().timeouts().queueWait();
            if (wait > 0) timer = loop.schedule(this::queueExpired, wait, TimeUnit.MILLISECONDS);
        } else {
            finishFailed(false);
        }
    }

    private void queueExpired() {
        timer = null;
        if (!done && backend.cancel(this)) finishFailed(true);
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void granted(ServerRuntime server) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (done) {
            backend.release(server);
            return;
        }
        grantedNanos = System.nanoTime();
        open(server);
    }

    /** Whether the request asks for a websocket ({@code ws} on the server line decides how it is spoken). */
    private boolean websocket() {
        dev.hapair.proxy.h1.RequestHead r = info.httpRequest();
        return r != null && dev.hapair.proxy.h2.WebSocketHandshake.isUpgrade(r);
    }

    private void open(ServerRuntime server) {
        current = server;
        plan = server.mux().plan(websocket());
        ServerMux.Mux mux = plan.mux();
        if (mux != ServerMux.Mux.H1 && plan.reuse() && server.options().sharesConnections()) {
            // streams share the connections of this loop (upgrades too: they become extended CONNECT streams)
            Channel shared = H2Backend.available(server, loop);
            if (shared != null) {
                async = true; // the stream's listener
                server.counters().connectionReused();
                backend.counters().connectionReused();
                openStream(server, shared, true);
                return;
            }
        }
        if (mux != ServerMux.Mux.H2
                && plan.reuse()
                && reuseIdle
                && server.options().sharesConnections()
                && server.poolable()) {
            Channel idle = callback.privateConnection(server);
            if (idle == null) idle = server.pollIdle(loop, reuseOrder);
            dev.hapair.proxy.tls.ClientTls tls = server.tls();
            while (idle != null && tls != null && !tls.current(idle)) {
                // handshaked before a CA or CRL file was committed: not reused (its verification is stale)
                idle.close();
                idle = server.pollIdle(loop, reuseOrder);
            }
            if (idle != null) {
                server.counters().connectionReused();
                backend.counters().connectionReused();
                done = true;
                deliveredNanos = grantedNanos; // taken in the event that granted the server
                callback.connected(server, idle, true);
                return;
            }
        }
        long connectTimeout = backend.settings().timeouts().connect();
        // tcp relays FINs one way at a time; an HTTP server's FIN simply ends its connection
        boolean halfClose = backend.settings().mode() == dev.hapair.proxy.config.ProxyMode.TCP;
        java.net.SocketAddress target = server.connectTarget(clientPort);
        boolean unix = target instanceof io.netty.channel.unix.DomainSocketAddress;
        if (unix && !transport.isEpoll()) {
            async = true; // retried by a timer
            // unix socket servers need the native transport; counted and retried like a refused connect
            server.counters().connectAttempted();
            backend.counters().connectAttempted();
            server.counters().connectionError();
            backend.release(server);
            if (!done) retry(server);
            return;
        }
        async = true; // the connect's listener
        Bootstrap b = new Bootstrap()
                .group(loop)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, halfClose)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, connectTimeout > 0 ? connectTimeout : 0))
                .handler(serverInitializer);
        if (unix) {
            b.channel(io.netty.channel.epoll.EpollDomainSocketChannel.class);
        } else {
            b.channelFactory(transport.socketChannelFactory()); // TCP_NODELAY: set by Netty's socket config
        }
        server.counters().connectAttempted();
        backend.counters().connectAttempted();
        connecting = b.connect(target);
        connecting.addListener((ChannelFuture f) -> {
            connecting = null;
            if (f.isSuccess()) {
                if (done) { // caller gave up meanwhile
                    f.channel().close();
                    backend.release(server);
                    return;
                }
                dev.hapair.proxy.tls.ClientTls tls = server.tls();
                if (tls != null) {
                    sendProxyHeader(server, f.channel()); // in clear, before the handshake, as HAProxy
                    handshake(server, f.channel(), tls);
                    return;
                }
                sendProxyHeader(server, f.channel());
                deliver(server, f.channel());
            } else {
                server.counters().connectionError();
                backend.release(server);
                if (!done) retry(server);
            }
        });
    }

    /**
     * {@code send-proxy[-v2]}: the header goes first on the new connection, flushed at once (the server may
     * speak first), naming the client's addresses as the session sees them (those of a received PROXY
     * header included) and, for v2, the ALPN the client negotiated with us.
     */
    private void sendProxyHeader(ServerRuntime server, Channel ch) {
        var version = server.options().sendProxy();
        if (version == dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.NONE) return;
        dev.hapair.proxy.sample.TlsFacts tls =
                info.context() == null ? null : info.context().tls();
        byte[] header = dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.encode(
                version, info.client(), info.local(), tls == null ? null : tls.alpn());
        ch.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(header), ch.voidPromise());
    }

    /**
     * {@code server ... ssl}: the handshake (bounded by {@code timeout connect}) is part of connecting; a
     * failed one, or a certificate that does not name the server, is a connection error like a refused
     * connect (counted, retried, redispatched).
     */
    private void handshake(ServerRuntime server, Channel ch, dev.hapair.proxy.tls.ClientTls tls) {
        dev.hapair.proxy.sample.SampleContext c = info.context() != null
                ? info.context()
                : dev.hapair.proxy.acl.RequestView.context(info, dev.hapair.proxy.acl.BackendStates.NONE);
        String name = tls.serverName(c);
        boolean ws = plan.alpn() != null; // a websocket's connection offers its own ALPN list
        tls.tag(ch, ws); // before the handler: a commit in between makes the connection look stale, never fresh
        io.netty.handler.ssl.SslHandler h = tls.newHandler(
                ch.alloc(), name, ch.remoteAddress() instanceof java.net.InetSocketAddress peer ? peer : null, ws);
        ch.pipeline().addFirst("tls", h);
        // until the handshake ends, its failure is the listener's below (counted, retried): the exception the
        // TLS handler fires with it ends here, not at the pipeline's tail that logs a stack trace per attempt
        ch.pipeline().addAfter("tls", HANDSHAKE_ERRORS, HandshakeErrors.INSTANCE);
        tls.track(ch, h);
        handshaking = ch;
        h.handshakeFuture().addListener(hf -> {
            handshaking = null;
            // kept on a failure: the TLS handler fires its exception after this listener, and the connection closes
            if (hf.isSuccess() && ch.pipeline().get(HANDSHAKE_ERRORS) != null) {
                ch.pipeline().remove(HANDSHAKE_ERRORS);
            }
            String refused = hf.isSuccess() ? tls.checkName(h.engine().getSession(), name) : "handshake failed";
            if (refused == null) {
                boolean resumed = Boolean.TRUE.equals(dev.hapair.proxy.tls.TlsCounters.resumed(h.engine()));
                server.counters().ssl().handshake(resumed);
                backend.counters().ssl().handshake(resumed);
            } else {
                server.counters().ssl().failedHandshake();
                backend.counters().ssl().failedHandshake();
            }
            if (done) { // caller gave up meanwhile
                ch.close();
                backend.release(server);
                return;
            }
            if (refused == null) {
                deliver(server, ch);
                return;
            }
            ch.close();
            server.counters().connectionError();
            backend.release(server);
            retry(server);
        });
        ch.read();
    }

    private static final String HANDSHAKE_ERRORS = "tls-handshake-errors";

    /** Drops the exceptions fired while a server handshake is under way (see {@link #handshake}). */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class HandshakeErrors extends io.netty.channel.ChannelInboundHandlerAdapter {
        static final HandshakeErrors INSTANCE = new HandshakeErrors();

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            // the handshake future fails with the same cause
        }
    }

    /**
     * A new connection is ready: HTTP/1 hands it over, HTTP/2 starts the connection and opens a stream; with
     * {@code ssl alpn} and no {@code proto}, the server's ALPN answer says which ({@code h2}, else HTTP/1.1).
     */
    private void deliver(ServerRuntime server, Channel ch) {
        boolean h2 =
                switch (plan.mux()) {
                    case H1 -> false;
                    case H2 -> true;
                    case BY_ALPN -> {
                        io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                        yield ssl != null
                                && io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(
                                        ssl.applicationProtocol());
                    }
                };
        if (!h2) {
            done = true;
            deliveredNanos = System.nanoTime();
            callback.connected(server, ch, false);
            return;
        }
        io.netty.util.concurrent.Promise<Channel> ready = loop.newPromise();
        H2Backend.install(ch, server, backend.counters().h2(), h2Limits, ready);
        handshaking = ch; // cancel() closes it while the server's SETTINGS are awaited
        ready.addListener(r -> {
            handshaking = null;
            if (done) { // caller gave up meanwhile; the connection stays for others
                backend.release(server);
                return;
            }
            if (r.isSuccess()) {
                openStream(server, ch, false);
            } else {
                server.counters().connectionError();
                backend.release(server);
                retry(server);
            }
        });
    }

    /** Opens a stream to an HTTP/2 server on {@code parent}; the stream is the exchange's server channel. */
    private void openStream(ServerRuntime server, Channel parent, boolean reused) {
        H2Backend.openStream(parent, new H2ServerStreamBridge(dev.hapair.proxy.h1.H1Limits.DEFAULTS))
                .addListener(f -> {
                    Channel stream = (Channel) f.getNow();
                    if (done) {
                        if (stream != null) stream.close();
                        backend.release(server);
                        return;
                    }
                    if (!f.isSuccess()) {
                        server.counters().connectionError();
                        backend.release(server);
                        retry(server);
                        return;
                    }
                    done = true;
                    deliveredNanos = System.nanoTime();
                    callback.connected(server, stream, reused);
                });
    }

    private void retry(ServerRuntime failed) {
        async = true;
        if (retriesLeft <= 0) {
            finishFailed(false);
            return;
        }
        retriesLeft--;
        retries++;
        failed.counters().retried();
        boolean redispatch = backend.settings().redispatchesOnRetry(retries);
        if (!forced && backend.settings().redispatch() && (redispatch || !failed.usable() || anyServerWillDo(failed))) {
            // HAProxy 2.6 (back_handle_st_cer) redispatches without the turn-around delay: on the last retry, when
            // the server is down, and at every retry when the server was not chosen by persistence, the algorithm
            // is not a hash (random is one) and more than one active server is up ("we don't care about this
            // particular server"); the delay is for connecting to the same server again
            loop.execute(() -> {
                if (!done) redispatchFrom(failed);
            });
            return;
        }
        long connectTimeout = backend.settings().timeouts().connect();
        long turnAround = connectTimeout > 0 ? Math.min(1000, connectTimeout) : 1000;
        timer = loop.schedule(
                () -> {
                    timer = null;
                    if (done) return;
                    if (!forced && (redispatch || !failed.usable())) {
                        if (!backend.settings().redispatch()) {
                            finishFailed(false);
                            return;
                        }
                        redispatchFrom(failed);
                    } else {
                        acquire(failed, false, System.nanoTime());
                    }
                },
                turnAround,
                TimeUnit.MILLISECONDS);
    }

    /** The request goes to another server than {@code failed} ({@code option redispatch}). */
    private void redispatchFrom(ServerRuntime failed) {
        if (exclude == null) exclude = new HashSet<>(2);
        exclude.add(failed);
        redispatched = true;
        failed.counters().redispatched();
        acquire(null, true, System.nanoTime());
    }

    /**
     * HAProxy's immediate redispatch: {@code failed} was not chosen by persistence, the algorithm is not
     * deterministic (no hash) and more than one active server is up, so any other server serves as well.
     */
    private boolean anyServerWillDo(ServerRuntime failed) {
        dev.hapair.proxy.lb.LbAlgorithm.Kind k = backend.algorithm().kind();
        return failed != sticky
                && !failed.backup()
                && !k.hashBased()
                && k != dev.hapair.proxy.lb.LbAlgorithm.Kind.RANDOM
                && backend.usableServers() > 1;
    }

    private void finishFailed(boolean queueTimeout) {
        if (done) return;
        done = true;
        callback.failed(queueTimeout);
    }

    /** Caller is gone (client closed): drop out of queues and pending connects. */
    void cancel() {
        if (done) return;
        done = true;
        if (timer != null) timer.cancel(false);
        backend.cancel(this);
        if (connecting != null) connecting.channel().close();
        if (handshaking != null) handshaking.close();
    }

    ServerRuntime currentServer() {
        return current;
    }

    /** Waiting in a queue for a server slot (no server granted yet). */
    boolean queued() {
        return current == null && !done;
    }
}
