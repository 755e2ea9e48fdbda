package dev.hapair.proxy.netty;

import dev.hapair.health.EventLoopScheduler;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.HeadScanner;
import dev.hapair.proxy.h1.InvalidMessage;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.ErrorPages;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.log.TrafficLogEntry;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.Vars;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
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
 *
 * <p>This class owns the client connection: reading and framing requests, the exchange's life (phases,
 * keep-alive, timeouts) and the tunnel toward the server. Where a request goes is decided by
 * {@link RequestRouting} (pure); the server connection and the response relay are {@link ServerSide}; the
 * answers hapair gives itself are {@link LocalAnswers}; log lines and times are {@link ExchangeLog}. The
 * channel it handles only needs to carry HTTP/1.1 bytes (a socket, or an HTTP/2 stream: {@link ClientEnd}).
 */
final class HttpSession extends ChannelInboundHandlerAdapter implements LiveSessions.Member {
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

    final ProxyContext px;
    final FrontendRuntime frontend;
    private final H1Limits requestLimits;
    final H1Limits responseLimits;
    private final HeadScanner scanner;
    /** Pipelined or not-yet-forwardable client bytes wait here up to this many before reads pause. */
    private final int bufsize;

    private ChannelHandlerContext ctx;
    ClientEnd client;
    /** The client is an HTTP/2 stream of an {@link H2Connection} (set when the session starts). */
    boolean h2Stream;
    /** An HTTP/2 stream's entry in {@link LiveSessions} (dropped when the stream ends), 0 otherwise. */
    private long liveId;

    private InetSocketAddress remote;
    InetSocketAddress local;
    Deadline deadline;
    Phase phase = Phase.WAIT_HEAD;
    HttpExchange ex;
    private ByteBuf in;
    private int requests;
    private long requestStartNanos;
    /**
     * {@code http-reuse never}: idle server connections that only this client connection's requests may take, at
     * most {@link #MAX_PRIVATE_CONNECTIONS} (HAProxy's {@code max-session-srv-conns} default), oldest closed first.
     */
    private java.util.ArrayDeque<ServerLink> privateConnections;

    static final int MAX_PRIVATE_CONNECTIONS = 10;
    /** Variables of this connection's {@code sess} scope, carried from transaction to transaction. */
    private Vars sessionVars;

    boolean serverNeedsFlush;
    private boolean processing;
    /** Ended by {@code shutdown session(s)}: the log says 'K'. */
    private boolean killed;
    /** The client closed its sending side: nothing more is read, the connection closes after the exchange. */
    private boolean inputShut;

    /** The server side of the exchanges (connect, response relay) and the answers hapair gives itself. */
    final ServerSide serverSide = new ServerSide(this);

    final LocalAnswers answers = new LocalAnswers(this);

    // the routing's callbacks, bound once per connection rather than once per request
    private final RequestRouting.LocalServices offerLocal = answers::offer;
    private final RequestRouting.BodyView bodyViewer = this::bodyView;
    /** The frontend's rules (those of the configuration the connection was accepted under). */
    private final ProxyRules frontendRules;

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
        this.frontendRules = ProxyRules.in(frontend.rules());
    }

    Phase phase() {
        return phase;
    }

    /**
     * Until the first bytes rule it out, whether this connection becomes HTTP/2 when it starts with the HTTP/2
     * preface (HAProxy's implicit upgrade on binds without {@code proto}); false for an HTTP/2 stream's session.
     */
    private boolean upgradeOnPreface;

    /** Lets a connection that starts with the HTTP/2 preface become HTTP/2 ({@link H2Frontend}). */
    HttpSession upgradeOnPreface(boolean on) {
        this.upgradeOnPreface = on;
        return this;
    }

    // ---------------------------------------------------------------- client events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        attach(new ClientEnd.Socket(ctx.channel()), false);
    }

    private void attach(ClientEnd end, boolean stream) {
        this.client = end;
        this.h2Stream = stream;
        if (stream && shared != null) {
            // an HTTP/2 stream's timeouts are one of its connection's timers (see StreamTimers)
            if (shared.timers == null) {
                shared.timers =
                        new StreamTimers(scheduler != null ? scheduler : new EventLoopScheduler(end.eventLoop()));
            }
            this.deadline = new Deadline(shared.timers, this::timeout);
            return;
        }
        this.deadline = scheduler != null
                ? new Deadline(scheduler, this::timeout)
                : new Deadline(end.eventLoop(), this::timeout);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin();
        bufferLimits(ctx.channel());
        client.setAutoRead(true);
        px.sessions.add(ctx.channel(), frontend, this);
    }

    private void begin() {
        if (shared != null && shared.remote != null) {
            remote = shared.remote;
            local = shared.local;
        } else {
            remote = ClientAddresses.source(client.socket());
            local = ClientAddresses.destination(client.socket());
            if (shared != null) {
                shared.remote = remote;
                shared.local = local;
            }
        }
        requestStartNanos = System.nanoTime();
        armWaitingHead();
    }

    /**
     * What the streams of one HTTP/2 connection share, found by its first stream's session and taken by the next
     * ones instead of looking them up again per stream: the connection's facts (TLS, PROXY header, listener), its
     * addresses, its {@code src} sample and the timers of its streams' timeouts. Confined to the connection's
     * event loop, as its streams are.
     */
    static final class StreamShared {
        private ConnectionFacts facts;
        private InetSocketAddress remote;
        private InetSocketAddress local;
        private dev.hapair.proxy.sample.SourceSample sourceSamples;
        /** The streams' timeouts. */
        private StreamTimers timers;

        /** Stream timeouts pending on the connection (tests: one at most per stream a session works on). */
        int pendingTimers() {
            return timers == null ? 0 : timers.pending();
        }
    }

    /** The connection's facts shared by its streams (HTTP/2), or null. */
    private StreamShared shared;

    /**
     * Serves HTTP/2 stream {@code end} (its connection is established): as a connection that just became active.
     * {@code shared} is the connection's, for all its streams.
     */
    void startStream(ClientEnd end, StreamShared shared) {
        this.shared = shared;
        attach(end, true);
        begin();
        liveId = px.sessions.addStream(end.socket(), frontend, this);
    }

    /** Its exchange is over and it is closing: the end of its stream changes nothing but bookkeeping. */
    boolean finished() {
        return ex == null && phase == Phase.CLOSED;
    }

    /** The HTTP/2 stream ended (reset, closed, or its connection gone): as a connection that became inactive. */
    void streamEnded() {
        px.sessions.remove(liveId);
        inactive();
    }

    /**
     * A request head {@link H2Connection} translated from a stream's HEADERS: the complete HTTP/1.1 head, no
     * byte after it (body DATA follows as buffers), and where its parts are in it (null: parsed from the bytes).
     */
    record StreamRequestHead(byte[] bytes, dev.hapair.proxy.h1.HeadLayout layout) {}

    // ---------------------------------------------------------------- runtime API (LiveSessions)

    @Override
    public BackendRuntime backend() {
        HttpExchange e = ex;
        return e == null ? null : e.backend;
    }

    @Override
    public ServerRuntime server() {
        HttpExchange e = ex;
        return e == null ? null : e.server;
    }

    @Override
    public boolean hasStream() {
        return ex != null || scanner.inProgress();
    }

    @Override
    public int streamNumber() {
        return ex != null ? requests : requests + 1;
    }

    @Override
    public long streamStartNanos() {
        return requestStartNanos;
    }

    @Override
    public void kill() {
        killed = true;
        HttpExchange e = ex;
        if (e != null && e.upstream == HttpExchange.Upstream.SERVER && !e.responseStarted()) {
            serverSide.serverFailure(e, 502, Termination.KILLED_HEADERS); // HAProxy answers 502 and logs KH
            return;
        }
        client.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        read(msg);
    }

    /** Bytes (or an HTTP/2 stream's request head) from the client. */
    void read(Object msg) {
        if (msg instanceof StreamRequestHead h) {
            if (phase == Phase.WAIT_HEAD
                    && ex == null
                    && (in == null || !in.isReadable())
                    && !scanner.inProgress()
                    && h.bytes().length <= requestLimits.maxHeadBytes()) {
                // an HTTP/2 stream's head, complete and well-formed by construction: no scan for its end, no copy
                newRequestBegins();
                processing = true; // as when process() takes a head: what the exchange's start does re-enters not
                try {
                    takeHead(h.bytes(), h.layout());
                } finally {
                    processing = false;
                }
                process();
                return;
            }
            msg = Unpooled.wrappedBuffer(h.bytes()); // anything unusual takes the bytes' way
        }
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
            } else if (ex != null && !ex.requestDone() && !ex.paused) {
                deadline.arm(frontend.settings().timeouts().client());
            }
        }
        in = in == null ? b : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(client.alloc(), in, b);
        if (upgradeOnPreface && in.isReadable()) {
            switch (dev.hapair.proxy.h2.H2Preface.match(in)) {
                case PARTIAL -> {
                    return; // the waiting-head deadline bounds a client that stops here
                }
                case PREFACE -> {
                    becomeH2(ctx);
                    return;
                }
                case NO -> upgradeOnPreface = false;
            }
        }
        process();
    }

    /**
     * The connection started with the HTTP/2 preface and no request was read: HTTP/2 takes it over from here
     * (its codec after this handler reads the preface and what follows), and this session leaves without a
     * trace: no exchange, no log line, its HTTP/1 connection count undone.
     */
    private void becomeH2(ChannelHandlerContext ctx) {
        upgradeOnPreface = false;
        ByteBuf data = in;
        in = null;
        phase = Phase.CLOSED;
        deadline.cancel();
        ChannelPipeline p = ctx.pipeline();
        // half-closure stays allowed (a clear bind): a client's FIN is handled as on any HTTP/2 connection
        H2Frontend.install(p, px, frontend);
        H1Traffic h1 = p.get(H1Traffic.class);
        if (h1 != null) p.remove(h1);
        ctx.fireChannelRead(data);
        ctx.fireChannelReadComplete();
        p.remove(this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushServer();
    }

    /** The end of a batch of reads from the client. */
    void readComplete() {
        flushServer();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    /** The client side became writable or not: the server's reads follow it. */
    void writabilityChanged() {
        HttpExchange e = ex;
        Channel server = e != null && e.link != null ? e.link.channel() : null;
        if (server != null
                && e.responseSplice == null // the splice reads the server itself
                && (phase == Phase.TUNNEL || e.responseStarted() && !e.responseDone())) {
            server.config().setAutoRead(client.isWritable());
            if (phase != Phase.TUNNEL) {
                deadline.arm(
                        client.isWritable()
                                ? e.serverTimeout()
                                : frontend.settings().timeouts().client());
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive();
    }

    private void inactive() {
        ExchangeEvents.Stage was = stage();
        Phase wasPhase = phase;
        phase = Phase.CLOSED;
        closePrivateConnections();
        HttpExchange head = ex;
        if (head != null
                && wasPhase == Phase.EXCHANGE
                && head.clientHead
                && head.requestDone()
                && head.responseStarted()
                && !head.responseDone()
                && head.link != null) {
            // the client has all of its response; the server's body is read and dropped (timeout server bounds it)
            head.drainingAfterHead = true;
            releaseInput();
            return;
        }
        deadline.cancel();
        releaseInput();
        HttpExchange e = ex;
        if (e != null) {
            if (e.termination == Termination.NORMAL && !e.responseDone()) {
                Termination t = ExchangeEvents.clientGone(was, e.responseStarted());
                if (t != null) e.termination = t;
            }
            if (killed) e.termination = Termination.killed(e.termination);
            abortExchange(e);
        }
    }

    /** The client closed its sending side (possible on plain binds, which allow half-closed connections). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // an HTTP/2 stream hears of its connection's FIN as ChannelInputShutdownReadComplete (from the multiplexer)
        if (!(evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        inputShut();
    }

    /** The client closed its sending side (an HTTP/2 stream: its connection did, with a FIN). */
    void inputShut() {
        if (inputShut || phase == Phase.CLOSED) return;
        inputShut = true;
        HttpExchange e = ex;
        boolean abortOnClose =
                e != null && e.backend != null && e.backend.settings().abortOnClose();
        carryOut(ExchangeEvents.clientShut(stage(), e != null && e.requestDone(), abortOnClose));
    }

    /** Where the connection is, for {@link ExchangeEvents}. */
    ExchangeEvents.Stage stage() {
        if (phase == Phase.CLOSED) return ExchangeEvents.Stage.CLOSED;
        if (phase == Phase.TUNNEL) return ExchangeEvents.Stage.TUNNEL;
        HttpExchange e = ex;
        if (e == null) {
            if (scanner.inProgress() || in != null && in.isReadable()) return ExchangeEvents.Stage.PARTIAL_HEAD;
            return requests == 0 ? ExchangeEvents.Stage.FIRST_HEAD : ExchangeEvents.Stage.IDLE;
        }
        if (e.paused) return ExchangeEvents.Stage.REQUEST_BODY_WAIT;
        if (e.pendingResponse != null) return ExchangeEvents.Stage.RESPONSE_BODY_WAIT;
        if (e.responseStarted() && !e.responseDone()) return ExchangeEvents.Stage.RESPONSE_BODY;
        if (e.upstream == HttpExchange.Upstream.CONNECTING) {
            return e.attempt != null && e.attempt.queued()
                    ? ExchangeEvents.Stage.QUEUED
                    : ExchangeEvents.Stage.CONNECTING;
        }
        if (!e.requestDone()) {
            return e.upstream == HttpExchange.Upstream.SERVER
                    ? ExchangeEvents.Stage.REQUEST_BODY
                    : ExchangeEvents.Stage.LOCAL_BODY;
        }
        if (e.upstream == HttpExchange.Upstream.SERVER && !e.responseStarted())
            return ExchangeEvents.Stage.WAIT_RESPONSE;
        return ExchangeEvents.Stage.CLOSED; // the exchange is ending
    }

    /** Carries out what {@link ExchangeEvents} decided for a timeout or the client going away. */
    private void carryOut(ExchangeEvents.Action a) {
        HttpExchange e = ex;
        if (a instanceof ExchangeEvents.Close) {
            if (e == null) {
                closeClient();
            } else {
                client.close(); // channelInactive logs the exchange as the client's abort
            }
        } else if (a instanceof ExchangeEvents.Answer ans) {
            answer(e, ans);
        } else if (a instanceof ExchangeEvents.ServerFailure f) {
            serverSide.serverFailure(e, f.status(), f.termination());
        } else if (a instanceof ExchangeEvents.Abort ab) {
            if (ab.termination() != null) e.termination = ab.termination();
            if (ab.status() != -1) e.status = ab.status();
            closeClient();
            abortExchange(e);
        } else if (a instanceof ExchangeEvents.FinishThenClose) {
            e.clientKeepAlive = false; // nothing more can come from this client
            maybeReadClient();
        } else if (a instanceof ExchangeEvents.ResumeThenAbort r) {
            resumeThenAbort(e, r.termination());
        } // Ignore
    }

    /** An error answer after a timeout: with no exchange, the request head never completed. */
    private void answer(HttpExchange e, ExchangeEvents.Answer a) {
        if (a.requestError()) frontend.counters().requestError();
        if (e != null) {
            e.paused = false;
            e.termination = a.termination();
            e.clientKeepAlive = false;
            answers.error(e, a.status(), true);
            return;
        }
        boolean nothing = requests == 0 && !scanner.inProgress() && (in == null || !in.isReadable());
        if (!(nothing && frontend.settings().dontLogNull())) logBadRequest(a.status(), a.termination());
        frontend.counters().response(a.status());
        closeWith(ErrorPages.response(client.alloc(), a.status(), true));
    }

    /**
     * The client closed while the rules waited for its body: they run once more with what came (so the
     * backend is chosen, as HAProxy's), then the exchange ends as the client's abort unless they answered.
     */
    private void resumeThenAbort(HttpExchange e, Termination t) {
        e.paused = false;
        e.clientKeepAlive = false;
        bodyView(e);
        RequestRouting.Decision d = RequestRouting.decide(
                e, frontend, remote, offerLocal, bodyViewer, e.pausedStage, Math.max(0, e.pausedAt));
        if (d instanceof RequestRouting.Forward || d instanceof RequestRouting.Wait) {
            e.termination = t;
            closeClient();
            abortExchange(e);
            return;
        }
        carryOut(e, d);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ServiceWatchdog.isAllocationFailure(cause)) {
            px.watchdog.allocationFailed(System.nanoTime());
            px.sessions.allocationFailed(ctx.channel().eventLoop());
        }
        countInternalError(cause);
        PeerReset.close(ctx, cause); // a failed buffer allocation closes this connection only
    }

    /** A failure in this session's server side, or in an HTTP/2 stream's session as its connection drove it. */
    void serverException(Throwable cause) {
        if (ServiceWatchdog.isAllocationFailure(cause)) {
            px.watchdog.allocationFailed(System.nanoTime());
            px.sessions.allocationFailed(client.eventLoop());
        }
        countInternalError(cause);
    }

    /**
     * HAProxy's {@code eint}: a failure of the proxy itself (not a peer's reset or broken pipe, which are I/O
     * errors) ended the session, counted on the frontend and on the backend and server of the exchange.
     */
    private void countInternalError(Throwable cause) {
        if (cause instanceof java.io.IOException) return;
        frontend.counters().internalError();
        HttpExchange e = ex;
        if (e != null && e.backend != null) {
            e.backend.counters().internalError();
            if (e.servedBy != null) e.servedBy.counters().internalError();
        }
    }

    /** First bytes of a request after keep-alive idle: the head now has {@code timeout http-request}. */
    private void newRequestBegins() {
        if (requests > 0) {
            requestStartNanos = System.nanoTime();
            armWaitingHead(requestStartNanos);
        }
    }

    // ---------------------------------------------------------------- request side

    /** Parses heads and forwards body bytes as far as the current state allows. Not re-entrant. */
    void process() {
        if (processing) return;
        processing = true;
        try {
            while (phase == Phase.WAIT_HEAD || phase == Phase.EXCHANGE) {
                if (ex == null) {
                    if (!readHead()) break;
                    continue;
                }
                HttpExchange e = ex;
                if (e.paused) {
                    // the request rules wait for the body: run them again with what has arrived
                    boolean done = bodyView(e);
                    if (e.pausedAt < 0 && !done) break;
                    e.paused = false;
                    carryOut(
                            e,
                            RequestRouting.decide(
                                    e,
                                    frontend,
                                    remote,
                                    offerLocal,
                                    bodyViewer,
                                    e.pausedStage,
                                    Math.max(0, e.pausedAt)));
                    if (e.paused || ex != e) break;
                    continue;
                }
                if (e.requestDone() || in == null || !in.isReadable()) break;
                if (e.upstream != HttpExchange.Upstream.SERVER && e.upstream != HttpExchange.Upstream.LOCAL) break;
                if (e.requestSplice != null) {
                    if (e.requestSplice.active()) break; // the kernel moves the body; these bytes wait for its end
                    e.requestSplice.cancel(); // not started: bytes came first, they are copied
                    e.requestSplice = null;
                }
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
        BodySplice.offerRequest(this, ex);
        maybeReadClient();
    }

    /**
     * Fields the rules added to the last request head: the next head of the connection is made with room for them
     * (a frontend's rules add the same few lines to most requests), so their edits do not grow it.
     */
    private int addedFields;

    /** Request bytes read and not yet forwarded. */
    int bufferedRequestBytes() {
        return in == null ? 0 : in.readableBytes();
    }

    /** {@code tune.bufsize}. */
    int bufsize() {
        return bufsize;
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
        takeHead(raw);
        return true;
    }

    /**
     * A complete request head as bytes ({@code raw}, nothing else in it): parsed, then its exchange starts; an
     * invalid one is refused.
     */
    private void takeHead(byte[] raw) {
        takeHead(raw, null);
    }

    /** {@code layout}: where the head's parts are, as its writer recorded them (an HTTP/2 stream's), or null. */
    private void takeHead(byte[] raw, dev.hapair.proxy.h1.HeadLayout layout) {
        int len = raw.length;
        RequestHead head;
        try {
            int[] slots = spareRequestSlots;
            spareRequestSlots = null;
            head = layout != null
                    ? HeadParser.parseLaidOut(raw, layout, requestLimits, addedFields, slots)
                    : HeadParser.parseRequest(raw, requestLimits, addedFields, slots);
        } catch (H1Exception err) {
            rejectRequest(err, raw);
            return;
        }
        if (dev.hapair.proxy.h2.WebSocketHandshake.isUpgrade(head) && !head.hasHeader("sec-websocket-key")) {
            rejectRequest(new H1Exception("websocket upgrade without Sec-WebSocket-Key", 0), raw); // as HAProxy
            return;
        }
        // HAProxy's bytes in count the head too (bin: everything received from the client)
        frontend.counters().addBytesIn(len);
        startExchange(head);
        if (ex != null) ex.requestHeadBytes = len;
    }

    /** An invalid request head: HAProxy's 400, counted as {@code ereq}, logged with {@code PR}, connection closed. */
    private void rejectRequest(H1Exception err, byte[] seen) {
        frontend.counters().requestError();
        frontend.invalidRequest(InvalidMessage.of(ExchangeLog.peer(remote), err, seen, seen.length));
        logBadRequest(err.status(), Termination.PROXY_REQUEST);
        frontend.counters().response(err.status());
        closeWith(ErrorPages.response(client.alloc(), err.status(), true));
    }

    /** The log line of a request whose head never made it ({@code <BADREQ>}). */
    private void logBadRequest(int status, Termination t) {
        if (frontend.settings().log() != LogFormat.HTTPLOG) return;
        long now = System.nanoTime();
        TrafficLogEntry l = ExchangeLog.newEntry(frontend, remote, requestStartNanos, now);
        l.requestLine = "<BADREQ>";
        l.status = status;
        l.termination = t.code();
        l.tRequest = -1;
        l.tTotal = (now - requestStartNanos) / 1_000_000;
        ExchangeLog.emit(px, frontend, l, null);
    }

    private void requestBodyInvalid(HttpExchange e, H1Exception err) {
        frontend.counters().requestError();
        byte[] seen = InvalidMessage.peek(in);
        frontend.invalidRequest(InvalidMessage.of(ExchangeLog.peer(remote), err, seen, seen.length));
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

    void requestComplete(HttpExchange e) {
        e.requestPhase = HttpExchange.RequestPhase.DONE;
        if (e.upstream == HttpExchange.Upstream.SERVER) {
            if (!e.responseStarted()) deadline.arm(e.serverTimeout());
        } else if (e.upstream == HttpExchange.Upstream.LOCAL) {
            if (e.localService != null) {
                answers.answerService(e); // finishes the exchange
            } else if (e.responseDone()) {
                finishExchange(e);
            }
        }
    }

    private void startExchange(RequestHead h) {
        long now = System.nanoTime();
        phase = Phase.EXCHANGE;
        deadline.disarm();
        if (h2Stream) h.clientVersion("2.0");
        HttpExchange e = newExchange(h, now);
        ex = e;
        if (!h2Stream) {
            e.clientStream = frontend.counters().h1();
            e.clientStream.streamOpened();
        }
        requests++;
        frontend.counters().requestReceived();
        if (frontend.settings().log() == LogFormat.HTTPLOG) {
            e.log = ExchangeLog.newEntry(frontend, remote, requestStartNanos, now);
            e.log.requestLine = h.method() + " " + h.uri() + " HTTP/" + h.version();
        }
        e.clientKeepAlive = h.clientKeepAlive() && frontend.settings().connectionMode() != HttpConnectionMode.HTTPCLOSE;
        e.info = RequestInfo.http(remote, local, h);

        ProxyRules fr = frontendRules;
        if (sessionVars == null) {
            Channel socket = client.socket(); // an HTTP/2 stream's variables are its connection's
            dev.hapair.proxy.http.ConnTxn conn = socket.hasAttr(TcpRequestRules.TXN)
                    ? socket.attr(TcpRequestRules.TXN).get()
                    : null;
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
        ConnectionFacts c = connectionFacts();
        e.info.secure(c.tls);
        e.txn.secure(c.tls);
        if (c.tls) e.txn.tls(c.tlsFacts);
        e.txn.proxyTlvs(c.tlvs);
        if (sourceSamples == null) {
            if (shared != null && shared.sourceSamples != null) {
                sourceSamples = shared.sourceSamples;
            } else {
                sourceSamples = new dev.hapair.proxy.sample.SourceSample();
                if (shared != null) shared.sourceSamples = sourceSamples;
            }
        }
        e.txn.sourceSamples(sourceSamples);
        e.txn.captureSlots(fr.requestCaptures().size(), fr.responseCaptures().size());
        e.txn.timeouts(frontend.settings().timeouts(), null);
        e.txn.listenerName(c.listenerName);
        e.txn.connection(c.connection);
        e.txn.firstRequest(firstRequest());
        e.txn.log(e.log);
        bufferedRequest(e, in == null ? 0 : in.readableBytes());
        e.info.attach(e.txn);
        e.frontendRules = fr;
        ExchangeLog.captureHeaders(e, fr, true);
        carryOut(e, RequestRouting.decide(e, frontend, remote, offerLocal, bodyViewer, 0, 0));
    }

    /** This connection's {@linkplain #retire retired} exchange once blank, else a new one. */
    private HttpExchange newExchange(RequestHead h, long now) {
        HttpExchange e = spare;
        if (e != null && spareBlank) {
            spare = null;
            spareBlank = false;
            e.begin(h, requestStartNanos, now);
            return e;
        }
        return new HttpExchange(this, h, requestStartNanos, now);
    }

    /**
     * Keeps exchange {@code e}, ended normally with the connection kept alive, for the connection's next request
     * (one object fewer per keep-alive request) when nothing may call on it any more: no server attempt under way,
     * no server connection linked, never spliced (a job's listener may run after its end), no local service, not
     * an HTTP/2 stream (a session of its own, one request). It is reset, and may be reused, only in a task of the
     * event loop after the current one: the frames below this call still read it (and compare it with {@link #ex}
     * to see whether theirs is current), so it must neither change nor become another request's exchange before
     * they have all returned; a pipelined request started meanwhile gets a new one.
     */
    private void retire(HttpExchange e) {
        if (h2Stream || !retirable(e)) return;
        spare = e;
        spareBlank = false;
        client.eventLoop().execute(blankSpare);
    }

    /** Nothing may call on ended exchange {@code e} any more (see {@link #retire}). */
    static boolean retirable(HttpExchange e) {
        return e.attempt == null && e.link == null && !e.spliced && e.localService == null;
    }

    /** Resets the retired exchange ({@link #retire}), from a task of its own. */
    private void blankSpare() {
        if (spare != null && !spareBlank) {
            // its heads are read by nothing any more either (they lived in the exchange, its transaction and its
            // request info, all reset or dropped here): their field-slot arrays serve the connection's next heads
            if (spare.request != null) spareRequestSlots = spare.request.releaseSlots();
            if (spare.response != null) spareResponseSlots = spare.response.releaseSlots();
            spare.recycle();
            spareBlank = true;
        }
    }

    /** A server attempt that ended at once, kept for the next request's ({@link ServerSide#connect}), or null. */
    ServerAttempt spareAttempt;

    /**
     * The field-slot arrays of the heads of the last {@linkplain #retire retired} exchange, given up when it was
     * reset: the next request head and response head of the connection are parsed into them (null: none).
     */
    int[] spareRequestSlots, spareResponseSlots;

    /** The last exchange retired for the next request ({@link #retire}), or null. */
    private HttpExchange spare;
    /** {@link #spare} has been reset and may be reused. */
    private boolean spareBlank;

    private final Runnable blankSpare = this::blankSpare;

    /**
     * What the transactions of this connection read about it: fixed once the connection is established (its
     * TLS handshake and PROXY header come before any request), so found once, not per request.
     */
    private record ConnectionFacts(
            boolean tls,
            dev.hapair.proxy.sample.TlsFacts tlsFacts,
            dev.hapair.proxy.sample.ProxyTlvs tlvs,
            String listenerName,
            dev.hapair.proxy.sample.ClientConnection connection) {}

    private ConnectionFacts facts;
    /** The connection's {@code src} sample, made once for its requests. */
    private dev.hapair.proxy.sample.SourceSample sourceSamples;

    private ConnectionFacts connectionFacts() {
        if (facts == null || facts.tls && facts.tlsFacts == null) { // (a handshake not complete yet: asked again)
            ConnectionFacts known = shared == null ? null : shared.facts;
            if (known != null && !(known.tls && known.tlsFacts == null)) return facts = known;
            Channel socket = client.socket();
            boolean tls = dev.hapair.proxy.tls.ServerTls.terminates(socket);
            facts = new ConnectionFacts(
                    tls,
                    tls ? dev.hapair.proxy.tls.ServerTls.facts(socket) : null,
                    ClientAddresses.tlvs(socket),
                    frontend.bindName(socket.localAddress()),
                    ClientAddresses.connection(socket, frontend, client.httpMajor()));
            if (shared != null) shared.facts = facts;
        }
        return facts;
    }

    /** Carries out what the routing decided for exchange {@code e}. */
    private void carryOut(HttpExchange e, RequestRouting.Decision d) {
        // set-src/set-dst change the session's addresses, as HAProxy's
        remote = e.txn.source();
        local = e.txn.destination();
        if (d instanceof RequestRouting.Wait w) {
            pauseForBody(e, w);
        } else if (d instanceof RequestRouting.Forward f) {
            quickAckForBody(e);
            serverSide.connect(e, f.sticky(), f.reuse());
        } else if (d instanceof RequestRouting.Drop drop) {
            dropExchange(e, drop.counters());
        } else if (d instanceof RequestRouting.Reply r) {
            answers.ruleReply(e, r.outcome(), r.counters());
        } else if (d instanceof RequestRouting.Service svc) {
            // use-service: the built-in service answers (always, as HAProxy's applet does)
            dev.hapair.proxy.http.HttpLocalService service = px.services.get(svc.name());
            if (service == null || !answers.offer(e, service)) answers.error(e, 503, false);
        } else if (d instanceof RequestRouting.NoBackend) {
            e.termination = Termination.SERVER_CONNECT;
            answers.error(e, 503, false);
        } // RequestRouting.Local: the service answers
    }

    /**
     * As HAProxy's http_process_request: on a {@code tcp-smart-accept} listener (its connections start with delayed
     * ACKs), a request forwarded before its body has all arrived turns the connection's quick ACKs back on, or a
     * client that waits for the ACK of what it sent (Nagle) holds the rest of its body back until the kernel's
     * delayed-ACK timer fires: 40 ms and more per request. A sized body already all in the buffer needs none.
     */
    private void quickAckForBody(HttpExchange e) {
        if (e.requestDone() || !frontend.settings().smartAccept(connectionFacts().tls)) return;
        long rest = e.requestBody == null ? 0 : e.requestBody.bulkRemaining();
        if (rest > 0 && in != null && in.readableBytes() >= rest) return;
        if (client.socket() instanceof io.netty.channel.epoll.HapairSocketChannel s && s.isActive()) {
            try {
                s.config().setTcpQuickAck(true);
            } catch (io.netty.channel.ChannelException ignored) {
                // closing meanwhile: nothing to acknowledge any more
            }
        }
    }

    /** About two {@code tune.bufsize} buffers per direction: the write high-water mark and the largest read. */
    void bufferLimits(Channel ch) {
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
    void maybeReadClient() {
        HttpExchange e = ex;
        int buffered = in == null ? 0 : in.readableBytes();
        boolean want = !inputShut
                && (e == null || e.requestSplice == null) // the kernel reads the body meanwhile
                && switch (phase) {
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
        if (client.isAutoRead() != want) client.setAutoRead(want);
    }

    // ---------------------------------------------------------------- tunnel (101, CONNECT)

    void startTunnel(HttpExchange e, ServerLink link) {
        phase = Phase.TUNNEL;
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        e.requestPhase = HttpExchange.RequestPhase.DONE;
        Channel server = link.channel();
        if (link.in != null && link.in.isReadable()) client.write(link.in.retainedSlice());
        link.releaseInput();
        if (in != null && in.isReadable()) server.write(in.retainedSlice(), server.voidPromise());
        releaseInput();
        client.flush();
        server.flush();
        deadline.arm(e.tunnelTimeout());
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
        deadline.arm(e.tunnelTimeout());
        if (!server.isWritable()) client.setAutoRead(false);
    }

    // ---------------------------------------------------------------- closing

    /** Sends a final error page and closes (nothing after it is read). */
    void closeWith(FullHttpResponse r) {
        closeWith(r, false);
    }

    /** As {@link #closeWith(FullHttpResponse)}; {@code headRequest}: the page's head only (a HEAD's answer). */
    void closeWith(FullHttpResponse r, boolean headRequest) {
        phase = Phase.CLOSED;
        deadline.cancel();
        releaseInput();
        client.writeFlushAndClose(LocalResponses.encode(client.alloc(), r, true, headRequest));
    }

    // ---------------------------------------------------------------- end of exchange

    void finishExchange(HttpExchange e) {
        finishExchange(e, System.nanoTime());
    }

    /** As {@link #finishExchange(HttpExchange)}, at {@code now}: a {@link System#nanoTime} read during this event. */
    void finishExchange(HttpExchange e, long now) {
        addedFields = e.request.addedFields();
        if (e.status > 0 && e.status < 500) px.watchdog.served();
        ExchangeLog.recordTimes(e, now); // before the server is released: the times are the server's too
        if (e.server != null) {
            ServerLink link = e.link;
            boolean reusable = link != null
                    && e.server.options().sharesConnections()
                    && e.serverKeepAlive
                    && e.requestDone()
                    && e.responseDone()
                    && (phase == Phase.EXCHANGE || e.drainingAfterHead)
                    && RequestRouting.effectiveMode(frontend, e.backend) == HttpConnectionMode.KEEP_ALIVE
                    && link.drained()
                    && link.channel().isActive();
            if (link != null) {
                Channel sc = link.channel();
                link.exchange = null;
                link.releaseInput();
                if (reusable) sc.config().setAutoRead(true); // idle: notice the server closing or talking out of turn
                if (!reusable
                        || sc instanceof io.netty.handler.codec.http2.Http2StreamChannel // streams end with it
                        || !e.server.poolable()
                        || !park(e, link)) sc.close();
            }
            e.backend.release(e.server);
            e.server = null;
            e.link = null;
        }
        logExchange(e);
        ex = null;
        if (e.clientKeepAlive && e.requestDone() && phase == Phase.EXCHANGE) {
            phase = Phase.WAIT_HEAD;
            retire(e);
            requestStartNanos = now;
            if (in != null && in.isReadable()) {
                armWaitingHead(now); // a pipelined request is already here
            } else {
                deadline.arm(frontend.settings().timeouts().keepAliveIdle(), now);
            }
        } else {
            closeClient();
        }
    }

    /**
     * Keeps a reusable server connection after its exchange: in the server's pool for any client connection, or,
     * with {@code http-reuse never}, for this client connection's later requests only. False: close it.
     */
    private boolean park(HttpExchange e, ServerLink link) {
        Channel sc = link.channel();
        if (e.backend.settings().httpReuse() != dev.hapair.proxy.config.HttpReuse.NEVER) {
            return e.server.park(sc.eventLoop(), sc, link.requests > 1);
        }
        if (phase == Phase.CLOSED || !client.isActive()) return false; // nobody left to reuse it
        if (privateConnections == null) privateConnections = new java.util.ArrayDeque<>(2);
        if (privateConnections.size() >= MAX_PRIVATE_CONNECTIONS)
            privateConnections.pollFirst().channel().close();
        privateConnections.addLast(link);
        return true;
    }

    /** An open private connection to {@code server} ({@code http-reuse never}), taken out of keeping, or null. */
    Channel takePrivateConnection(ServerRuntime server) {
        if (privateConnections == null) return null;
        for (java.util.Iterator<ServerLink> it = privateConnections.iterator(); it.hasNext(); ) {
            ServerLink l = it.next();
            if (!l.channel().isActive()) {
                it.remove();
            } else if (l.server == server) {
                it.remove();
                return l.channel();
            }
        }
        return null;
    }

    /** The client connection ends: its private server connections end with it. */
    private void closePrivateConnections() {
        if (privateConnections == null) return;
        for (ServerLink l : privateConnections) l.channel().close();
        privateConnections = null;
    }

    /**
     * Whether the request being routed opens its client connection: HAProxy's {@code http-reuse safe} sends it on
     * a connection of its own. Every HTTP/2 stream counts as a later request, as HAProxy marks them.
     */
    boolean firstRequest() {
        return requests <= 1 && !h2Stream; // found once, when the session was added
    }

    void abortExchange(HttpExchange e) {
        e.stopSplices();
        if (e.attempt != null) {
            ExchangeLog.attemptEnded(e, e.attempt, System.nanoTime());
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

    void closeClient() {
        phase = Phase.CLOSED;
        deadline.cancel();
        releaseInput();
        if (client.isActive()) client.writeFlushAndClose(Unpooled.EMPTY_BUFFER);
    }

    void logExchange(HttpExchange e) {
        e.stopSplices();
        e.h1StreamsEnded();
        if (e.txn != null) e.txn.endTracking(e.status, e.requestHeadBytes, e.bytesToClient);
        countEnd(e);
        ExchangeLog.exchange(px, frontend, e);
    }

    /** HAProxy's cli_abrt/srv_abrt of the backend and server an exchange ended on in its data phase. */
    private static void countEnd(HttpExchange e) {
        if (e.endCounted || e.backend == null) return;
        e.endCounted = true;
        if (e.termination.clientAbort()) {
            e.backend.counters().clientAborted();
            if (e.servedBy != null) e.servedBy.counters().clientAborted();
        } else if (e.termination.serverAbort()) {
            e.backend.counters().serverAborted();
            if (e.servedBy != null) e.servedBy.counters().serverAborted();
        }
    }

    /** Closes the client connection and ends the exchange without an answer (logged). */
    void closeAndForget(HttpExchange e) {
        closeClient();
        logExchange(e);
        ex = null;
    }

    /** {@code reject} (or a silent reply): a denial, {@code PR}, the connection closed without an answer. */
    private void dropExchange(HttpExchange e, dev.hapair.proxy.backend.ServerCounters counters) {
        counters.denied();
        e.termination = Termination.PROXY_REQUEST;
        e.clientKeepAlive = false;
        closeAndForget(e);
    }

    private void releaseInput() {
        if (in != null) {
            in.release();
            in = null;
        }
    }

    // ---------------------------------------------------------------- timeouts

    private void armWaitingHead() {
        armWaitingHead(System.nanoTime());
    }

    /** As {@link #armWaitingHead()}, from a reading of the clock taken during this event. */
    private void armWaitingHead(long nowNanos) {
        long t = frontend.settings().timeouts().httpRequest();
        deadline.arm(t > 0 ? t : frontend.settings().timeouts().client(), nowNanos);
    }

    /** Waits for more request body before running the rules again; the same wait keeps its deadline. */
    private void pauseForBody(HttpExchange e, RequestRouting.Wait w) {
        boolean same = e.waitUntilNanos != 0 && e.pausedStage == w.stage() && e.pausedAt == w.at();
        e.paused = true;
        e.pausedStage = w.stage();
        e.pausedAt = w.at();
        long now = System.nanoTime();
        if (!same) e.waitUntilNanos = now + w.millis() * 1_000_000;
        deadline.arm(Math.max(1, (e.waitUntilNanos - now) / 1_000_000));
    }

    /**
     * Gives the rules the request body received so far (bounded by the buffer, nothing consumed); true when
     * waiting for it is over: the body is complete or the buffer is full.
     */
    private boolean bodyView(HttpExchange e) {
        int avail = in == null ? 0 : in.readableBytes();
        byte[] raw = new byte[avail];
        if (avail > 0) in.getBytes(in.readerIndex(), raw);
        dev.hapair.proxy.h1.BodyPeek p = dev.hapair.proxy.h1.BodyPeek.of(e.request.framing(), raw);
        boolean done = p.complete() || avail >= bufsize;
        e.txn.requestBody(p.body(), done);
        bufferedRequest(e, avail);
        return done;
    }

    /** What the request's rewrites must fit in: the head and the body bytes received so far (strict-mode). */
    private void bufferedRequest(HttpExchange e, long avail) {
        dev.hapair.proxy.h1.BodyFraming f = e.request.framing();
        long body = !f.hasBody() ? 0 : f.length() >= 0 ? Math.min(avail, f.length()) : avail;
        e.txn.rewriteBuffer(
                false, requestLimits.bufsize(), requestLimits.maxHeadBytes(), e.request.receivedLength(), body);
    }

    private void timeout() {
        HttpExchange e = ex;
        // a response splice waiting for the client to take more is a client that does not read
        boolean clientWritable = client.isWritable()
                && (e == null || e.responseSplice == null || !e.responseSplice.waitingOnDestination());
        carryOut(ExchangeEvents.timeout(stage(), e != null && e.requestDone(), clientWritable));
    }
}
