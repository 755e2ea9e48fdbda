package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.h1.BodyFramer;
import dev.hapair.proxy.h1.BodyFraming;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.HeadScanner;
import dev.hapair.proxy.h1.InvalidMessage;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.ErrorPages;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.http.NettyHeads;
import dev.hapair.proxy.log.TrafficLogEntry;
import dev.hapair.proxy.rules.LocalReply;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.Vars;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Client side of {@code mode http}, on hapair's own HTTP/1 engine ({@link dev.hapair.proxy.h1}): one instance
 * per client connection, one {@link HttpExchange} at a time. Heads are parsed from the raw bytes, edited and
 * re-emitted by copying; bodies are forwarded exactly as received once their framing is validated, so no
 * framing is ever invented. Whatever cannot be framed is refused (400 / 502) and the connections involved are
 * closed, never pooled.
 *
 * <p>Memory is bounded per connection and direction: at most one read plus a partial head waits in
 * {@link #in} (client) or {@link ServerLink#in} (server), and reads on one side pause as soon as the other
 * side's write buffer passes its high water mark (checked inside the read loop, so a burst cannot overrun it).
 * Everything runs on the client's event loop; server channels share it.
 */
final class HttpSession extends ChannelInboundHandlerAdapter {
    /** Where the connection is in its life. */
    enum Phase {
        /** Between exchanges: waiting for (part of) the next request head. */
        WAIT_HEAD,
        /** A request is being served. */
        EXCHANGE,
        /** After a 101 or a CONNECT's 2xx: bytes relayed both ways, {@code timeout tunnel}. */
        TUNNEL,
        /** Closing or closed: nothing more is read or started. */
        CLOSED
    }

    private static final ChannelInitializer<Channel> NO_HANDLERS = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            // ServerLink is added once the attempt knows the server
        }
    };

    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private final H1Limits requestLimits;
    private final H1Limits responseLimits;
    private final HeadScanner scanner;
    /** Pipelined or not-yet-forwardable client bytes wait here up to this many before reads pause. */
    private final int bufsize;

    private ChannelHandlerContext ctx;
    private Channel client;
    private InetSocketAddress remote;
    private InetSocketAddress local;
    private Deadline deadline;
    private Phase phase = Phase.WAIT_HEAD;
    private HttpExchange ex;
    private ByteBuf in;
    private int requests;
    private long requestStartNanos;
    /** Variables of this connection's {@code sess} scope, carried from transaction to transaction. */
    private Vars sessionVars;

    private boolean serverNeedsFlush;
    private boolean processing;

    /** Null in production (the connection's event loop); a manual one in tests. */
    private final dev.hapair.common.time.Scheduler scheduler;

    HttpSession(ProxyContext px, FrontendRuntime frontend) {
        this(px, frontend, null);
    }

    /** With {@code scheduler}, timeouts run on it instead of the event loop (tests drive time by hand). */
    HttpSession(ProxyContext px, FrontendRuntime frontend, dev.hapair.common.time.Scheduler scheduler) {
        this.scheduler = scheduler;
        this.px = px;
        this.frontend = frontend;
        this.requestLimits = frontend.settings().http();
        this.responseLimits = requestLimits.withAcceptInvalid(false);
        this.scanner = new HeadScanner(requestLimits.maxHeadBytes(), true);
        this.bufsize = requestLimits.bufsize();
    }

    Phase phase() {
        return phase;
    }

    // ---------------------------------------------------------------- client events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.channel();
        this.deadline = scheduler != null
                ? new Deadline(scheduler, this::timeout)
                : new Deadline(client.eventLoop(), this::timeout);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = ClientAddresses.source(client);
        local = ClientAddresses.destination(client);
        requestStartNanos = System.nanoTime();
        armWaitingHead();
        bufferLimits(client);
        client.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b) || phase == Phase.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (phase == Phase.TUNNEL) {
            tunnelToServer(b);
            return;
        }
        if (b.isReadable()) {
            if (ex == null && !scanner.inProgress() && (in == null || !in.isReadable())) {
                newRequestBegins();
            } else if (ex != null && !ex.requestDone()) {
                deadline.arm(frontend.settings().timeouts().client());
            }
        }
        in = in == null ? b : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, b);
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushServer();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        HttpExchange e = ex;
        Channel server = e != null && e.link != null ? e.link.channel() : null;
        if (server != null && (phase == Phase.TUNNEL || e.responseStarted() && !e.responseDone())) {
            server.config().setAutoRead(client.isWritable());
            if (phase != Phase.TUNNEL) {
                deadline.arm(
                        client.isWritable()
                                ? e.backend.settings().timeouts().server()
                                : frontend.settings().timeouts().client());
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Phase was = phase;
        phase = Phase.CLOSED;
        deadline.cancel();
        releaseInput();
        HttpExchange e = ex;
        if (e != null) {
            if (e.termination == Termination.NORMAL && was != Phase.TUNNEL && !e.responseDone()) {
                e.termination = e.responseStarted() || e.upstream == HttpExchange.Upstream.SERVER && !e.requestDone()
                        ? Termination.CLIENT_ABORT_DATA
                        : e.upstream == HttpExchange.Upstream.SERVER
                                ? Termination.CLIENT_ABORT_HEADERS
                                : e.upstream == HttpExchange.Upstream.CONNECTING
                                        ? Termination.CLIENT_ABORT_CONNECT
                                        : Termination.CLIENT_ABORT_REQUEST;
            }
            abortExchange(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ServiceWatchdog.isAllocationFailure(cause)) px.watchdog.allocationFailed(System.nanoTime());
        ctx.close(); // a failed buffer allocation closes this connection only
    }

    /** From the server side of this session. */
    void serverException(Throwable cause) {
        if (ServiceWatchdog.isAllocationFailure(cause)) px.watchdog.allocationFailed(System.nanoTime());
    }

    /** First bytes of a request after keep-alive idle: the head now has {@code timeout http-request}. */
    private void newRequestBegins() {
        if (requests > 0) {
            requestStartNanos = System.nanoTime();
            armWaitingHead();
        }
    }

    // ---------------------------------------------------------------- request side

    /** Parses heads and forwards body bytes as far as the current state allows. Not re-entrant. */
    private void process() {
        if (processing) return;
        processing = true;
        try {
            while (phase == Phase.WAIT_HEAD || phase == Phase.EXCHANGE) {
                if (ex == null) {
                    if (!readHead()) break;
                    continue;
                }
                HttpExchange e = ex;
                if (e.requestDone() || in == null || !in.isReadable()) break;
                if (e.upstream != HttpExchange.Upstream.SERVER && e.upstream != HttpExchange.Upstream.LOCAL) break;
                int n;
                try {
                    n = e.requestBody.advance(in);
                } catch (H1Exception err) {
                    requestBodyInvalid(e, err);
                    break;
                }
                if (e.upstream == HttpExchange.Upstream.SERVER) {
                    if (n > 0) {
                        e.bodyForwarded = true;
                        frontend.counters().addBytesIn(n);
                        e.backend.counters().addBytesIn(n);
                        e.server.counters().addBytesIn(n);
                        e.link.channel()
                                .write(in.readRetainedSlice(n), e.link.channel().voidPromise());
                        serverNeedsFlush = true;
                    }
                } else {
                    if (e.localService != null) e.keepLocalBody(in, n);
                    in.skipBytes(n);
                }
                if (e.requestBody.isDone()) requestComplete(e);
            }
        } finally {
            processing = false;
        }
        if (in != null && !in.isReadable()) releaseInput();
        flushServer();
        maybeReadClient();
    }

    /** Returns true when a head was taken (an exchange started, or the connection is closing). */
    private boolean readHead() {
        if (in == null || !in.isReadable()) return false;
        int len;
        try {
            len = scanner.scan(in);
        } catch (H1Exception err) {
            byte[] seen = InvalidMessage.peek(in);
            rejectRequest(err, seen);
            return true;
        }
        if (len < 0) return false;
        byte[] raw = new byte[len];
        in.readBytes(raw);
        RequestHead head;
        try {
            head = HeadParser.parseRequest(raw, requestLimits);
        } catch (H1Exception err) {
            rejectRequest(err, raw);
            return true;
        }
        // HAProxy's bytes in count the head too (bin: everything received from the client)
        frontend.counters().addBytesIn(len);
        startExchange(head);
        if (ex != null) ex.requestHeadBytes = len;
        return true;
    }

    /** An invalid request head: HAProxy's 400, counted as {@code ereq}, logged with {@code PR}, connection closed. */
    private void rejectRequest(H1Exception err, byte[] seen) {
        frontend.counters().requestError();
        frontend.invalidRequest(InvalidMessage.of(peer(remote), err, seen, seen.length));
        long now = System.nanoTime();
        if (frontend.settings().log() == LogFormat.HTTPLOG) {
            TrafficLogEntry l = newLogEntry(now);
            l.requestLine = "<BADREQ>";
            l.status = 400;
            l.termination = Termination.PROXY_REQUEST.code();
            l.tTotal = (now - requestStartNanos) / 1_000_000;
            emitLog(l);
        }
        frontend.counters().response(400);
        closeWith(ErrorPages.response(client.alloc(), 400, true));
    }

    private void requestBodyInvalid(HttpExchange e, H1Exception err) {
        frontend.counters().requestError();
        byte[] seen = InvalidMessage.peek(in);
        frontend.invalidRequest(InvalidMessage.of(peer(remote), err, seen, seen.length));
        e.termination = Termination.PROXY_DATA;
        if (!e.responseStarted()) {
            e.status = 400;
            frontend.counters().response(400);
            closeWith(ErrorPages.response(client.alloc(), 400, true));
        } else {
            closeClient();
        }
        abortExchange(e);
    }

    private void requestComplete(HttpExchange e) {
        e.requestPhase = HttpExchange.RequestPhase.DONE;
        if (e.upstream == HttpExchange.Upstream.SERVER) {
            if (!e.responseStarted())
                deadline.arm(e.backend.settings().timeouts().server());
        } else if (e.upstream == HttpExchange.Upstream.LOCAL) {
            if (e.localService != null) {
                answerLocalService(e); // finishes the exchange
            } else if (e.responseDone()) {
                finishExchange(e);
            }
        }
    }

    private void startExchange(RequestHead h) {
        long now = System.nanoTime();
        phase = Phase.EXCHANGE;
        deadline.disarm();
        HttpExchange e = new HttpExchange(this, h, requestStartNanos, now);
        ex = e;
        requests++;
        frontend.counters().requestReceived();
        if (frontend.settings().log() == LogFormat.HTTPLOG) {
            e.log = newLogEntry(now);
            e.log.requestLine = h.method() + " " + h.uri() + " HTTP/" + h.version();
        }
        e.clientKeepAlive = h.clientKeepAlive() && frontend.settings().connectionMode() != HttpConnectionMode.HTTPCLOSE;
        e.info = RequestInfo.http(remote, local, h);

        ProxyRules fr = ProxyRules.in(frontend.rules());
        if (sessionVars == null) {
            dev.hapair.proxy.http.ConnTxn conn =
                    client.attr(TcpRequestRules.TXN).get();
            sessionVars = conn != null ? conn.vars() : new Vars(fr.live().proc());
        }
        sessionVars = sessionVars.nextTransaction();
        e.txn = new HttpTxn(
                remote,
                local,
                H1Heads.request(h),
                sessionVars,
                fr.live().state(),
                fr.live().users(),
                frontend.name());
        boolean tls = dev.hapair.proxy.tls.ServerTls.terminates(client);
        e.info.secure(tls);
        e.txn.secure(tls);
        if (tls) e.txn.tls(dev.hapair.proxy.tls.ServerTls.facts(client));
        e.txn.captureSlots(fr.requestCaptures().size(), fr.responseCaptures().size());
        e.txn.log(e.log);
        e.info.attach(e.txn);
        e.frontendRules = fr;
        captureHeaders(e, fr, true);
        // in HTTP mode, tcp-request content rules run for every request, before http-request rules
        if (!fr.tcpContent().isEmpty() && fr.tcpContent().run(e.txn).kind() == Outcome.Kind.REJECT) {
            ruleOutcome(e, Outcome.REJECT, frontend.counters());
            return;
        }
        if (ruleOutcome(e, fr.httpRequest().run(e.txn), frontend.counters())) return;
        if (fr.uniqueIdFormat() != null) {
            String id = fr.uniqueIdFormat().render(e.txn);
            e.txn.uniqueId(id);
            if (fr.uniqueIdHeader() != null) e.txn.requestHead().set(fr.uniqueIdHeader(), id);
        }
        if (localService(e, frontend.localService())) return;
        BackendRuntime be = frontend.router().route(e.info);
        if (be == null) {
            e.termination = Termination.SERVER_CONNECT;
            respondError(e, 503, false);
            return;
        }
        e.backend = be;
        e.txn.backend(be.name());
        if (e.log != null) e.log.backend = be.name();
        ProxyRules br = ProxyRules.in(be.rules());
        e.backendRules = br;
        if (br != fr && ruleOutcome(e, br.httpRequest().run(e.txn), be.counters())) return;
        if (localService(e, be.localService())) return;

        ForwardFor ff = be.settings().forwardFor() != null
                ? be.settings().forwardFor()
                : frontend.settings().forwardFor();
        if (ff != null && ff.appliesTo(remote.getAddress()))
            h.addHeader(ff.header(), dev.hapair.proxy.sample.Addresses.format(remote.getAddress()));

        HttpConnectionMode mode = effectiveMode(be);
        // Connection handling is per side: the client's wishes never decide the server connection,
        // except an upgrade, which is end to end by nature.
        boolean upgrade = h.upgradeRequested();
        h.delHeader("connection");
        h.delHeader("keep-alive");
        h.delHeader("proxy-connection");
        if (upgrade) {
            h.addHeader("Connection", "upgrade");
        } else if (mode != HttpConnectionMode.KEEP_ALIVE) {
            h.addHeader("Connection", "close");
        } else if (h.isHttp10()) {
            h.addHeader("Connection", "keep-alive");
        }
        if (mode == HttpConnectionMode.HTTPCLOSE) e.clientKeepAlive = false;
        keepOnlyTrailersInTe(h);

        // use-server rules come before cookie persistence and take precedence over it
        ServerRuntime sticky = ProxyRules.in(be.rules()).useServer(e.txn, be::server, ServerRuntime::usable);
        ServerRuntime byCookie = StickyCookie.serverFor(e, be, h); // still processed (prefix stripping)
        if (sticky == null) sticky = byCookie;
        connect(e, sticky, mode == HttpConnectionMode.KEEP_ALIVE && !upgrade);
    }

    /**
     * {@code TE} is hop-by-hop: as HAProxy, only a bare {@code trailers} is passed on (we never apply a
     * transfer-coding the client offers, so passing others would be a lie to the server).
     */
    private static void keepOnlyTrailersInTe(RequestHead h) {
        int first = h.indexOf("te", 0);
        if (first < 0) return;
        boolean trailers = false;
        for (String v : h.headers("te")) {
            for (String t : v.split(",")) trailers |= t.strip().equalsIgnoreCase("trailers");
        }
        if (trailers
                && h.indexOf("te", first + 1) < 0
                && h.fieldValue(first).strip().equalsIgnoreCase("trailers")) return;
        h.delHeader("te");
        if (trailers) h.addHeader("TE", "trailers");
    }

    /** Hands the request to a local service (stats page, monitor-uri) when it wants it; true if so. */
    private boolean localService(HttpExchange e, HttpLocalService svc) {
        if (svc == null) return false;
        HttpLocalService.BodyHandler bh = svc.bodyHandler(e.request, e.info);
        if (bh != null) {
            e.upstream = HttpExchange.Upstream.LOCAL;
            e.localService = bh;
            if (e.requestDone()) requestComplete(e);
            return true;
        }
        FullHttpResponse r = svc.serve(e.request, e.info, client.alloc());
        if (r == null) return false;
        respondLocal(e, r, false);
        return true;
    }

    private HttpConnectionMode effectiveMode(BackendRuntime be) {
        HttpConnectionMode f = frontend.settings().connectionMode();
        HttpConnectionMode b = be.settings().connectionMode();
        return f.ordinal() >= b.ordinal() ? f : b; // the more closing of the two wins, as in HAProxy
    }

    private void connect(HttpExchange e, ServerRuntime sticky, boolean reuse) {
        final BackendRuntime be = e.backend;
        e.upstream = HttpExchange.Upstream.CONNECTING;
        e.attempt = new ServerAttempt(
                client.eventLoop(),
                px.transport,
                be,
                e.info,
                sticky,
                local.getPort(),
                reuse,
                NO_HANDLERS,
                new ServerAttempt.Callback() {
                    @Override
                    public void connected(ServerRuntime server, Channel ch, boolean reused) {
                        serverConnected(e, server, ch, reused);
                    }

                    @Override
                    public void failed(boolean queueTimeout) {
                        e.attempt = null;
                        if (e != ex) return;
                        e.termination = queueTimeout ? Termination.SERVER_TIMEOUT_QUEUE : Termination.SERVER_CONNECT;
                        be.counters().connectionError();
                        respondError(e, 503, false);
                        process();
                    }
                });
        e.attempt.start();
    }

    private void serverConnected(HttpExchange e, ServerRuntime server, Channel ch, boolean reused) {
        ServerAttempt a = e.attempt;
        e.attempt = null;
        if (e != ex || phase == Phase.CLOSED) {
            e.backend.release(server); // client went away while we connected
            ch.close();
            return;
        }
        e.server = server;
        e.reused = reused;
        e.connectedNanos = System.nanoTime();
        ServerLink link = reused ? ch.pipeline().get(ServerLink.class) : null;
        if (link == null) {
            link = new ServerLink(server, responseLimits.maxHeadBytes());
            ch.pipeline().addLast("h1", link);
            bufferLimits(ch);
        }
        link.exchange = e;
        e.link = link;
        e.upstream = HttpExchange.Upstream.SERVER;
        if (a != null) {
            e.queueMillis = Math.max(0, (a.grantedNanos - a.queuedNanos) / 1_000_000);
            e.connectMillis = Math.max(0, (e.connectedNanos - a.grantedNanos) / 1_000_000);
        }
        server.counters().sessionAssigned(System.currentTimeMillis());
        e.backend.counters().sessionAssigned(System.currentTimeMillis());
        if (e.log != null && a != null) {
            e.log.server = server.name();
            e.log.tQueue = (a.grantedNanos - a.queuedNanos) / 1_000_000;
            e.log.tConnect = (e.connectedNanos - a.grantedNanos) / 1_000_000;
            e.log.retries = a.retries;
            e.log.redispatched = a.redispatched;
        }
        ByteBuf head = ch.alloc().buffer(e.request.estimatedSize());
        e.request.writeTo(head);
        e.backend.counters().addBytesIn(e.requestHeadBytes);
        server.counters().addBytesIn(e.requestHeadBytes);
        ch.write(head, ch.voidPromise());
        serverNeedsFlush = true;
        process();
        ch.config().setAutoRead(client.isWritable());
        deadline.arm(
                e.requestDone()
                        ? e.backend.settings().timeouts().server()
                        : frontend.settings().timeouts().client());
    }

    /** About two {@code tune.bufsize} buffers per direction: the write high-water mark and the largest read. */
    private void bufferLimits(Channel ch) {
        if (bufsize == H1Limits.DEFAULT_BUFSIZE) return; // the defaults are set on every channel already
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(bufsize, 2 * bufsize));
        ch.config()
                .setRecvByteBufAllocator(new io.netty.channel.AdaptiveRecvByteBufAllocator(
                        Math.min(512, bufsize), Math.min(2048, bufsize), Math.max(bufsize, 64)));
    }

    private void flushServer() {
        if (serverNeedsFlush) {
            serverNeedsFlush = false;
            if (ex != null && ex.link != null) ex.link.channel().flush();
        }
    }

    /**
     * Reads from the client only while what it sends can move on: the server takes more body, or few
     * enough bytes wait (pipelined requests, body while connecting). That is the backpressure toward it.
     */
    private void maybeReadClient() {
        HttpExchange e = ex;
        int buffered = in == null ? 0 : in.readableBytes();
        boolean want =
                switch (phase) {
                    case CLOSED -> false;
                    case WAIT_HEAD -> true; // the head scanner bounds what a head may take
                    case TUNNEL -> e != null
                            && e.link != null
                            && e.link.channel().isWritable();
                    case EXCHANGE -> e.requestDone()
                            ? buffered < bufsize
                            : e.upstream == HttpExchange.Upstream.SERVER
                                    ? e.link.channel().isWritable()
                                    : e.upstream == HttpExchange.Upstream.LOCAL || buffered < bufsize;
                };
        if (client.config().isAutoRead() != want) client.config().setAutoRead(want);
    }

    // ---------------------------------------------------------------- response side

    /** The server sent bytes (gathered in {@code link.in}). */
    void serverData(HttpExchange e, ServerLink link) {
        if (e != ex) {
            link.releaseInput();
            link.channel().close();
            return;
        }
        if (phase == Phase.TUNNEL) {
            tunnelToClient(e, link);
            return;
        }
        ByteBuf sin = link.in;
        while (sin != null && sin.isReadable() && e == ex) {
            if (e.responsePhase == HttpExchange.ResponsePhase.WAITING) {
                if (!readResponseHead(e, link, sin)) break;
            } else if (e.responsePhase == HttpExchange.ResponsePhase.BODY) {
                int n;
                try {
                    n = e.responseBody.advance(sin);
                } catch (H1Exception err) {
                    responseBodyInvalid(e, link, sin, err);
                    return;
                }
                if (n > 0) {
                    e.bytesToClient += n;
                    frontend.counters().addBytesOut(n);
                    e.backend.counters().addBytesOut(n);
                    e.server.counters().addBytesOut(n);
                    client.write(sin.readRetainedSlice(n), client.voidPromise());
                }
                if (e.responseBody.isDone()) {
                    responseComplete(e);
                    return;
                }
                // stop inside the read loop: a burst of reads must not overrun the client's buffer
                if (!client.isWritable()) link.channel().config().setAutoRead(false);
                if (n == 0) break;
            } else {
                break; // bytes after a complete response: the connection will not be reused
            }
        }
        if (link.in != null && !link.in.isReadable()) link.releaseInput();
    }

    /** Returns false when more bytes are needed for the head. */
    private boolean readResponseHead(HttpExchange e, ServerLink link, ByteBuf sin) {
        int len;
        try {
            len = link.scanner.scan(sin);
        } catch (H1Exception err) {
            byte[] seen = InvalidMessage.peek(sin);
            rejectResponse(e, err, seen);
            return false;
        }
        if (len < 0) return false;
        byte[] raw = new byte[len];
        sin.readBytes(raw);
        ResponseHead r;
        try {
            r = HeadParser.parseResponse(
                    raw,
                    e.backend.settings().acceptInvalidResponse()
                            ? responseLimits.withAcceptInvalid(true)
                            : responseLimits,
                    e.request.isHead());
        } catch (H1Exception err) {
            rejectResponse(e, err, raw);
            return false;
        }
        if (r.isInterim()) {
            client.write(Unpooled.wrappedBuffer(raw), client.voidPromise()); // 100/103: relayed, the real head follows
            return true;
        }
        boolean connectOk = "CONNECT".equals(e.request.method()) && r.status() / 100 == 2;
        if (r.status() == 101 && !e.request.upgradeRequested()) {
            rejectResponse(e, new H1Exception("101 Switching Protocols without an Upgrade request", 9), raw);
            return false;
        }
        responseHead(e, r);
        if (r.status() == 101 || connectOk) {
            startTunnel(e, link);
            return false;
        }
        if (e.responseBody.isDone()) {
            responseComplete(e);
            return false;
        }
        return true;
    }

    private void responseHead(HttpExchange e, ResponseHead r) {
        if (e.txn != null) {
            e.txn.response(H1Heads.response(r));
            e.txn.server(e.server.name(), e.server.options().id());
            captureHeaders(e, e.frontendRules, false);
            // the backend's http-response rules run first, then the frontend's, as in HAProxy
            Outcome o = e.backendRules.httpResponse().run(e.txn);
            if (o.kind() == Outcome.Kind.CONTINUE && e.frontendRules != e.backendRules) {
                o = e.frontendRules.httpResponse().run(e.txn);
            }
            if (o.kind() == Outcome.Kind.REPLY || o.kind() == Outcome.Kind.REJECT) {
                replaceResponse(e, o);
                return;
            }
            afterResponse(e);
        }
        e.response = r;
        e.responsePhase = HttpExchange.ResponsePhase.BODY;
        e.responseNanos = System.nanoTime();
        e.status = r.status();
        e.server.counters().response(e.status);
        e.backend.counters().response(e.status);
        frontend.counters().response(e.status);
        e.serverKeepAlive = r.serverKeepAlive();
        e.responseBody = new BodyFramer(r.framing());
        boolean tunnel = r.status() == 101 || "CONNECT".equals(e.request.method()) && r.status() / 100 == 2;
        if (r.framing().kind() == BodyFraming.Kind.UNTIL_CLOSE) {
            // delimited by the server's close: relayed as such (never re-framed), so the client connection ends too
            e.clientKeepAlive = false;
            e.serverKeepAlive = false;
        }
        if (!e.requestDone()) e.clientKeepAlive = false; // server answered before the body ended
        if (px.softStopping) e.clientKeepAlive = false; // old process after an upgrade: clients move to the new one
        if (!tunnel) {
            r.delHeader("connection");
            r.delHeader("keep-alive");
            if (!e.clientKeepAlive) {
                r.addHeader("Connection", "close");
            } else if (e.request.isHttp10()) {
                r.addHeader("Connection", "keep-alive");
            }
        }
        StickyCookie.onResponse(e, r);
        ByteBuf out = client.alloc().buffer(r.estimatedSize());
        r.writeTo(out);
        // bout counts the response head as sent, as HAProxy's does (and the log's bytes_read)
        int headBytes = out.readableBytes();
        e.bytesToClient += headBytes;
        frontend.counters().addBytesOut(headBytes);
        e.backend.counters().addBytesOut(headBytes);
        if (e.server != null) e.server.counters().addBytesOut(headBytes);
        client.write(out, client.voidPromise());
        deadline.arm(e.backend.settings().timeouts().server());
    }

    private void responseComplete(HttpExchange e) {
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        client.flush();
        finishExchange(e);
        process();
    }

    /** An invalid response head: 502 to the client, {@code eresp}, {@code PH}, server connection closed. */
    private void rejectResponse(HttpExchange e, H1Exception err, byte[] seen) {
        e.backend.invalidResponse(InvalidMessage.of(peer(e.link.channel().remoteAddress()), err, seen, seen.length));
        serverFailure(e, 502, Termination.PROXY_HEADERS);
    }

    /** Invalid body framing after the head went out: nothing more can be said to the client but closing. */
    private void responseBodyInvalid(HttpExchange e, ServerLink link, ByteBuf sin, H1Exception err) {
        byte[] seen = InvalidMessage.peek(sin);
        e.backend.invalidResponse(InvalidMessage.of(peer(link.channel().remoteAddress()), err, seen, seen.length));
        e.server.counters().responseError();
        e.termination = Termination.PROXY_DATA;
        client.flush();
        closeClient();
        abortExchange(e);
    }

    void serverReadComplete(HttpExchange e) {
        client.flush();
        if (e != ex || e.link == null || phase == Phase.CLOSED) return;
        if (phase == Phase.TUNNEL) {
            deadline.arm(e.backend.settings().timeouts().tunnelIdle());
        } else if (!e.responseDone()) {
            if (client.isWritable()) {
                deadline.arm(e.backend.settings().timeouts().server());
            } else {
                e.link.channel().config().setAutoRead(false); // resumes in channelWritabilityChanged
            }
        }
    }

    void serverWritabilityChanged(HttpExchange e) {
        if (e == ex && (phase == Phase.TUNNEL || !e.requestDone())) maybeReadClient();
    }

    void serverClosed(HttpExchange e, ServerLink link) {
        if (e != ex) return;
        if (phase == Phase.TUNNEL) {
            e.link = null;
            client.flush();
            closeClient();
            abortExchange(e);
            return;
        }
        if (e.responseDone()) return;
        if (e.responseStarted()) {
            try {
                e.responseBody.closed(); // fine only for a body delimited by the close
                e.responsePhase = HttpExchange.ResponsePhase.DONE;
                client.flush();
                finishExchange(e);
            } catch (H1Exception err) {
                e.termination = Termination.SERVER_ABORT_DATA;
                e.server.counters().responseError();
                client.flush();
                closeClient();
                abortExchange(e);
            }
            return;
        }
        if (e.reused && !e.bodyForwarded && !e.replayed && phase != Phase.CLOSED) {
            // A kept-alive connection the server closed just before we used it: resend once on a fresh one.
            e.replayed = true;
            e.link = null;
            e.backend.release(e.server);
            ServerRuntime s = e.server;
            e.server = null;
            connect(e, s, false);
            return;
        }
        serverFailure(e, 502, Termination.SERVER_ABORT_HEADERS);
    }

    private void serverFailure(HttpExchange e, int code, Termination term) {
        e.termination = term;
        if (e.server != null) e.server.counters().responseError();
        if (e.link != null) {
            e.link.exchange = null;
            e.link.releaseInput();
            e.link.channel().close(); // never pooled
            e.link = null;
        }
        if (e.server != null) {
            e.backend.release(e.server);
            e.server = null;
        }
        e.status = code;
        if (!e.responseStarted()) {
            frontend.counters().response(code);
            FullHttpResponse r = errorResponse(e, code);
            if (r != null) closeWith(r);
            else closeClient();
        } else {
            closeClient();
        }
        logExchange(e);
        ex = null;
    }

    // ---------------------------------------------------------------- tunnel (101, CONNECT)

    private void startTunnel(HttpExchange e, ServerLink link) {
        phase = Phase.TUNNEL;
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        e.requestPhase = HttpExchange.RequestPhase.DONE;
        Channel server = link.channel();
        if (link.in != null && link.in.isReadable()) client.write(link.in.retainedSlice(), client.voidPromise());
        link.releaseInput();
        if (in != null && in.isReadable()) server.write(in.retainedSlice(), server.voidPromise());
        releaseInput();
        client.flush();
        server.flush();
        deadline.arm(e.backend.settings().timeouts().tunnelIdle());
        server.config().setAutoRead(client.isWritable());
        maybeReadClient();
    }

    private void tunnelToServer(ByteBuf b) {
        HttpExchange e = ex;
        if (e == null || e.link == null) {
            b.release();
            return;
        }
        frontend.counters().addBytesIn(b.readableBytes());
        Channel server = e.link.channel();
        server.write(b, server.voidPromise());
        serverNeedsFlush = true;
        deadline.arm(e.backend.settings().timeouts().tunnelIdle());
        if (!server.isWritable()) client.config().setAutoRead(false);
    }

    private void tunnelToClient(HttpExchange e, ServerLink link) {
        ByteBuf b = link.in;
        link.in = null;
        if (b == null) return;
        e.bytesToClient += b.readableBytes();
        frontend.counters().addBytesOut(b.readableBytes());
        client.write(b, client.voidPromise());
        if (!client.isWritable()) link.channel().config().setAutoRead(false);
    }

    // ---------------------------------------------------------------- rules

    /**
     * Applies a request rule list's outcome: a reply ends the exchange (deny, return, redirect, auth),
     * reject closes the connection. True when the exchange is over.
     */
    private boolean ruleOutcome(HttpExchange e, Outcome o, dev.hapair.proxy.backend.ServerCounters counters) {
        if (o.kind() == Outcome.Kind.REJECT
                || o.kind() == Outcome.Kind.REPLY && o.reply().silent()) {
            counters.denied();
            e.termination = Termination.PROXY_REQUEST;
            e.clientKeepAlive = false;
            closeClient();
            logExchange(e);
            ex = null;
            return true;
        }
        if (o.kind() != Outcome.Kind.REPLY) return false;
        if (o.denied()) counters.denied();
        e.termination = o.denied() ? Termination.PROXY_REQUEST : Termination.NORMAL;
        respondLocal(e, NettyHeads.toNetty(o.reply(), client.alloc()), false);
        return true;
    }

    /** An http-response rule replied or rejected: the server's response is dropped and its connection closed. */
    private void replaceResponse(HttpExchange e, Outcome o) {
        e.backend.counters().denied();
        e.termination = Termination.PROXY_HEADERS;
        if (e.link != null) {
            e.link.exchange = null;
            e.link.releaseInput();
            e.link.channel().close(); // its response body is never read: not reusable
            e.link = null;
        }
        if (e.server != null) {
            e.backend.release(e.server);
            e.server = null;
        }
        if (o.kind() == Outcome.Kind.REJECT || o.reply().silent()) {
            closeClient();
            logExchange(e);
            ex = null;
            return;
        }
        e.txn.response(null);
        respondLocal(e, NettyHeads.toNetty(o.reply(), client.alloc()), true);
    }

    /** http-after-response rules (backend's, then frontend's) on the response about to be sent. */
    private void afterResponse(HttpExchange e) {
        if (e.txn == null || e.frontendRules == null) return;
        ProxyRules be = e.backendRules != null ? e.backendRules : e.frontendRules;
        Outcome o = be.httpAfterResponse().run(e.txn);
        if (o.kind() == Outcome.Kind.CONTINUE && e.frontendRules != be)
            e.frontendRules.httpAfterResponse().run(e.txn);
    }

    /** {@code capture request|response header}: the last value of each declared header, truncated to its length. */
    private void captureHeaders(HttpExchange e, ProxyRules r, boolean request) {
        if (r == null) return;
        java.util.List<String> names = request ? r.requestCaptures() : r.responseCaptures();
        dev.hapair.proxy.sample.HttpHead head = request ? e.txn.request() : e.txn.response();
        for (int i = 0; i < names.size(); i++) {
            java.util.List<String> v = head.headers(names.get(i));
            if (v.isEmpty()) continue;
            String last = v.get(v.size() - 1);
            int max = r.captureLength(request, i);
            e.txn.capture(request, i, last.length() > max ? last.substring(0, max) : last);
        }
    }

    /**
     * The error response for {@code code}: the backend's error files, else the frontend's, else built-in;
     * null for an empty error file (the connection is closed without a response).
     */
    private FullHttpResponse errorResponse(HttpExchange e, int code) {
        LocalReply r = null;
        if (e != null && e.backendRules != null) r = e.backendRules.errors().configured(code);
        if (r == null && e != null && e.frontendRules != null)
            r = e.frontendRules.errors().configured(code);
        if (r == null) r = ProxyRules.in(frontend.rules()).errors().configured(code);
        if (r == null) return ErrorPages.response(client.alloc(), code, false);
        return r.silent() ? null : NettyHeads.toNetty(r, client.alloc());
    }

    private void respondError(HttpExchange e, int code, boolean forceClose) {
        FullHttpResponse r = errorResponse(e, code);
        if (r != null) {
            respondLocal(e, r, forceClose);
            return;
        }
        e.status = code;
        e.clientKeepAlive = false;
        closeClient();
        logExchange(e);
        ex = null;
    }

    // ---------------------------------------------------------------- local answers

    private void answerLocalService(HttpExchange e) {
        FullHttpResponse r = e.localService.complete(e.localBody(), client.alloc());
        e.localService = null;
        respondLocal(e, r, false);
    }

    /**
     * Answers the exchange ourselves. With keep-alive, the rest of the request body is then read and
     * discarded before the next request; otherwise the connection closes after the answer.
     */
    private void respondLocal(HttpExchange e, FullHttpResponse r, boolean forceClose) {
        e.upstream = HttpExchange.Upstream.LOCAL;
        if (e.txn != null) {
            e.txn.response(NettyHeads.response(r));
            afterResponse(e);
        }
        e.status = r.status().code();
        frontend.counters().response(e.status);
        boolean close = forceClose || !e.clientKeepAlive || px.softStopping;
        if (close) e.clientKeepAlive = false;
        e.bytesToClient += r.content().readableBytes();
        client.writeAndFlush(LocalResponses.encode(client.alloc(), r, close), client.voidPromise());
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        if (close || e.requestDone()) finishExchange(e);
    }

    /** Sends a final error page and closes (nothing after it is read). */
    private void closeWith(FullHttpResponse r) {
        phase = Phase.CLOSED;
        deadline.cancel();
        releaseInput();
        client.writeAndFlush(LocalResponses.encode(client.alloc(), r, true)).addListener(ChannelFutureListener.CLOSE);
    }

    // ---------------------------------------------------------------- end of exchange

    private void finishExchange(HttpExchange e) {
        if (e.status > 0 && e.status < 500) px.watchdog.served();
        recordTimes(e, System.nanoTime()); // before the server is released: the times are the server's too
        if (e.server != null) {
            ServerLink link = e.link;
            boolean reusable = link != null
                    && e.server.options().sharesConnections()
                    && e.serverKeepAlive
                    && e.requestDone()
                    && e.responseDone()
                    && phase == Phase.EXCHANGE
                    && effectiveMode(e.backend) == HttpConnectionMode.KEEP_ALIVE
                    && link.drained()
                    && link.channel().isActive();
            if (link != null) {
                Channel sc = link.channel();
                link.exchange = null;
                link.releaseInput();
                if (reusable) sc.config().setAutoRead(true); // idle: notice the server closing or talking out of turn
                if (!reusable || !e.server.idle(sc.eventLoop()).offer(sc)) sc.close();
            }
            e.backend.release(e.server);
            e.server = null;
            e.link = null;
        }
        logExchange(e);
        ex = null;
        if (e.clientKeepAlive && e.requestDone() && phase == Phase.EXCHANGE) {
            phase = Phase.WAIT_HEAD;
            requestStartNanos = System.nanoTime();
            if (in != null && in.isReadable()) {
                armWaitingHead(); // a pipelined request is already here
            } else {
                deadline.arm(frontend.settings().timeouts().keepAliveIdle());
            }
        } else {
            closeClient();
        }
    }

    private void abortExchange(HttpExchange e) {
        if (e.attempt != null) {
            e.attempt.cancel();
            e.attempt = null;
        }
        if (e.link != null) {
            e.link.exchange = null;
            e.link.releaseInput();
            e.link.channel().close();
            e.link = null;
        }
        if (e.server != null) {
            e.backend.release(e.server);
            e.server = null;
        }
        if (ex == e) {
            logExchange(e);
            ex = null;
        }
    }

    private void closeClient() {
        phase = Phase.CLOSED;
        deadline.cancel();
        releaseInput();
        if (client.isActive()) client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseInput() {
        if (in != null) {
            in.release();
            in = null;
        }
    }

    // ---------------------------------------------------------------- logs

    private TrafficLogEntry newLogEntry(long now) {
        TrafficLogEntry l = new TrafficLogEntry();
        l.clientIp = dev.hapair.proxy.sample.Addresses.format(remote.getAddress());
        l.clientPort = remote.getPort();
        l.acceptEpochMillis = System.currentTimeMillis() - (now - requestStartNanos) / 1_000_000;
        l.frontend = frontend.name();
        l.tRequest = (now - requestStartNanos) / 1_000_000;
        return l;
    }

    /** qtime/ctime/rtime/ttime of a request a server answered (HAProxy averages successful ones only). */
    private static void recordTimes(HttpExchange e, long endNanos) {
        if (e.server == null || e.responseNanos <= 0 || e.connectedNanos <= 0) return;
        long connect = e.connectMillis; // 0 on a reused server connection, as HAProxy reports it
        long response = (e.responseNanos - e.connectedNanos) / 1_000_000;
        long total = (endNanos - e.startNanos) / 1_000_000;
        e.server.counters().times().record(e.queueMillis, connect, response, total);
        e.backend.counters().times().record(e.queueMillis, connect, response, total);
    }

    private void logExchange(HttpExchange e) {
        TrafficLogEntry l = e.log;
        if (l == null) return;
        e.log = null;
        long end = System.nanoTime();
        if (e.responseNanos > 0) l.tResponse = (e.responseNanos - e.connectedNanos) / 1_000_000;
        l.tTotal = (end - e.startNanos) / 1_000_000;
        l.status = e.status;
        l.bytesRead = e.bytesToClient;
        l.termination = e.termination.code();
        if (e.backend != null) {
            l.beconn = e.backend.counters().currentSessions();
            l.backendQueue = e.backend.queued();
        }
        if (e.server != null) l.srvconn = e.server.counters().currentSessions();
        if (e.txn != null) {
            l.requestCaptures = captureBlock(e.txn.capturedRequestHeaders());
            l.responseCaptures = captureBlock(e.txn.capturedResponseHeaders());
        }
        if (e.txn != null && "silent".equals(e.txn.logLevel())) return;
        emitLog(l, e.txn);
    }

    /** {@code {a|b}} as httplog prints captured headers (absent ones empty); null without captures. */
    private static String captureBlock(java.util.List<String> values) {
        if (values.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append('|');
            if (values.get(i) != null) sb.append(values.get(i));
        }
        return sb.append('}').toString();
    }

    private void emitLog(TrafficLogEntry l) {
        emitLog(l, null);
    }

    /** The line of {@code log-format} when the frontend has one (rendered over {@code txn}), else httplog's. */
    private void emitLog(TrafficLogEntry l, HttpTxn txn) {
        l.actconn = px.activeConnections.get();
        l.feconn = frontend.counters().currentSessions();
        ProxyRules fr = ProxyRules.in(frontend.rules());
        String line = fr.logFormat() != null && txn != null
                ? fr.logFormat().render(txn, dev.hapair.proxy.sample.FormatString.Absent.DASH)
                : l.httpLine();
        (frontend.log() != null ? frontend.log() : px.log).log(6, line);
    }

    private static String peer(java.net.SocketAddress a) {
        return a instanceof InetSocketAddress i
                ? i.getAddress().getHostAddress() + ":" + i.getPort()
                : String.valueOf(a);
    }

    // ---------------------------------------------------------------- timeouts

    private void armWaitingHead() {
        long t = frontend.settings().timeouts().httpRequest();
        deadline.arm(t > 0 ? t : frontend.settings().timeouts().client());
    }

    private void timeout() {
        if (phase == Phase.CLOSED) return;
        HttpExchange e = ex;
        if (e == null) {
            if (requests == 0 || scanner.inProgress() || in != null && in.isReadable()) {
                // slow or silent client: HAProxy answers 408 and closes
                frontend.counters().requestError();
                frontend.counters().response(408);
                closeWith(ErrorPages.response(client.alloc(), 408, true));
            } else {
                closeClient(); // keep-alive idle
            }
            return;
        }
        if (phase == Phase.TUNNEL) {
            closeClient();
            abortExchange(e);
        } else if (!e.requestDone() && e.upstream != HttpExchange.Upstream.CONNECTING) {
            e.termination = Termination.CLIENT_TIMEOUT_DATA;
            closeClient();
            abortExchange(e);
        } else if (e.requestDone() && !e.responseStarted() && e.upstream == HttpExchange.Upstream.SERVER) {
            serverFailure(e, 504, Termination.SERVER_TIMEOUT_HEADERS);
        } else if (e.responseStarted() && !e.responseDone()) {
            e.termination = client.isWritable() ? Termination.SERVER_TIMEOUT_DATA : Termination.CLIENT_TIMEOUT_DATA;
            closeClient();
            abortExchange(e);
        }
    }
}
