package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h1.BodyFramer;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.http.cookie.RequestCookie;
import dev.hapair.proxy.log.TrafficLogEntry;
import java.io.ByteArrayOutputStream;

/** State of one request/response on a client connection, from its head to the end of the response. */
final class HttpExchange implements ServerAttempt.Callback {
    /** Where the request goes. */
    enum Upstream {
        /** Routing not finished. */
        NONE,
        /** Waiting for a server connection (queue, connect, retries). */
        CONNECTING,
        /** Connected: head sent, body forwarded as it comes. */
        SERVER,
        /** Answered by hapair itself; the rest of the request body is read and discarded (or collected). */
        LOCAL
    }

    /** Progress of the request as read from the client. */
    enum RequestPhase {
        BODY,
        DONE
    }

    /** Progress of the response as written to the client. */
    enum ResponsePhase {
        WAITING,
        BODY,
        DONE
    }

    final HttpSession owner;
    /** The transaction the rules see (variables, captures, response head). */
    dev.hapair.proxy.http.HttpTxn txn;

    dev.hapair.proxy.rules.ProxyRules frontendRules;
    dev.hapair.proxy.rules.ProxyRules backendRules;
    RequestHead request;
    /**
     * The client asked with HEAD: its response has no body even when a rule turned the request into another
     * method (the server's body is then read and dropped, so its connection stays usable).
     */
    boolean clientHead;

    BodyFramer requestBody;
    long startNanos;
    long headNanos;
    Upstream upstream = Upstream.NONE;
    RequestPhase requestPhase;
    ResponsePhase responsePhase = ResponsePhase.WAITING;
    Termination termination = Termination.NORMAL;
    RequestInfo info;
    BackendRuntime backend;
    ServerRuntime server;
    /** The last server the exchange was connected to (kept after {@link #server} is released), for counters. */
    ServerRuntime servedBy;
    /** Its end was counted (aborts, internal errors): an exchange ends once. */
    boolean endCounted;
    /** The h1 stats modules this exchange is an open stream of (client side, server side), until it ends. */
    dev.hapair.proxy.backend.H1Counters clientStream, serverStream;

    /** The exchange is over: it is no longer an open HTTP/1 stream on either side. */
    void h1StreamsEnded() {
        if (clientStream != null) clientStream.streamClosed();
        if (serverStream != null) serverStream.streamClosed();
        clientStream = null;
        serverStream = null;
    }

    ServerLink link;
    ServerAttempt attempt;
    /** The rest of the request or response body moving by kernel splicing ({@link BodySplice}), or null. */
    dev.hapair.proxy.splice.SpliceJob requestSplice, responseSplice;
    /** Splicing was tried and could not start for this exchange: it copies to the end. */
    boolean noSplice;
    /**
     * A splice job was made for this exchange: its listener may still call on it after its end, so it is never
     * recycled.
     */
    boolean spliced;
    /** The server connection closed while its response body was being spliced: handled once the job ends. */
    boolean serverClosedWhileSplicing;

    /** The exchange is over: any splice stops (bytes still in its pipe are dropped with the exchange). */
    void stopSplices() {
        if (requestSplice != null) requestSplice.cancel();
        if (responseSplice != null) responseSplice.cancel();
        requestSplice = null;
        responseSplice = null;
    }

    ResponseHead response;
    BodyFramer responseBody;
    /**
     * The response framer of this exchange's previous request (kept by {@link #recycle}), for its next response:
     * nothing else refers to it any more. Null when none.
     */
    BodyFramer spareResponseBody;
    /** The server connection came from the idle pool (a failure before any response may be replayed once). */
    boolean reused;
    /**
     * The client left after it had its whole response to a HEAD (an HTTP/2 stream ends with the head) while the
     * server's body, not the client's, is still being drained: the server connection may still be kept.
     */
    boolean drainingAfterHead;

    boolean replayed;
    boolean bodyForwarded;
    boolean clientKeepAlive;
    boolean serverKeepAlive;
    int status = -1;
    long connectedNanos;
    long responseNanos;
    long bytesToClient;
    /** Bytes of the request head as received (counted into the backend's and server's bin once chosen). */
    int requestHeadBytes;
    /** Milliseconds spent waiting for a server slot (0 when none was waited for). */
    long queueMillis;
    /** Milliseconds the server connection took to establish (0 when an idle one was reused). */
    long connectMillis;

    RequestCookie requestCookie;
    ServerRuntime stickyServer;
    /** What the backend's {@code force-persist} / {@code ignore-persist} rules said for this request. */
    dev.hapair.proxy.rules.ProxyRules.Persist persist = dev.hapair.proxy.rules.ProxyRules.Persist.NONE;

    TrafficLogEntry log;
    /** Set while the request goes to a local service (stats admin form): its body is kept, bounded. */
    HttpLocalService.BodyHandler localService;

    private ByteArrayOutputStream localBody;

    HttpExchange(HttpSession owner, RequestHead request, long startNanos, long headNanos) {
        this.owner = owner;
        begin(request, startNanos, headNanos);
    }

    /** Starts this exchange with {@code request}: on a new exchange, or on a {@link #recycle recycled} one. */
    void begin(RequestHead request, long startNanos, long headNanos) {
        this.request = request;
        this.clientHead = request.isHead();
        this.requestBody = BodyFramer.of(
                request.framing(), owner == null ? H1Limits.DEFAULT_MAXHDR : owner.responseLimits.maxHeaders());
        this.requestPhase = requestBody.isDone() ? RequestPhase.DONE : RequestPhase.BODY;
        this.startNanos = startNanos;
        this.headNanos = headNanos;
    }

    /**
     * Back to the state of a new exchange, before {@link #begin}: every field as a new exchange has it (so nothing
     * of this request reaches the connection's next one, and an idle connection keeps no head, transaction or
     * server reference alive). Only for an exchange nothing else refers to any more: see
     * {@link HttpSession#retire}. HttpExchangeRecycleTest fails when a field is added here and not reset.
     */
    void recycle() {
        txn = null;
        frontendRules = null;
        backendRules = null;
        request = null;
        clientHead = false;
        requestBody = null;
        startNanos = 0;
        headNanos = 0;
        upstream = Upstream.NONE;
        requestPhase = null;
        responsePhase = ResponsePhase.WAITING;
        termination = Termination.NORMAL;
        info = null;
        backend = null;
        server = null;
        servedBy = null;
        endCounted = false;
        clientStream = null;
        serverStream = null;
        link = null;
        attempt = null;
        requestSplice = null;
        responseSplice = null;
        noSplice = false;
        spliced = false;
        serverClosedWhileSplicing = false;
        response = null;
        spareResponseBody = responseBody != null ? responseBody : spareResponseBody;
        responseBody = null;
        reused = false;
        drainingAfterHead = false;
        replayed = false;
        bodyForwarded = false;
        clientKeepAlive = false;
        serverKeepAlive = false;
        status = -1;
        connectedNanos = 0;
        responseNanos = 0;
        bytesToClient = 0;
        requestHeadBytes = 0;
        queueMillis = 0;
        connectMillis = 0;
        requestCookie = null;
        stickyServer = null;
        persist = dev.hapair.proxy.rules.ProxyRules.Persist.NONE;
        log = null;
        localService = null;
        localBody = null;
        paused = false;
        pausedStage = 0;
        pausedAt = 0;
        pendingResponse = null;
        responseWaitAt = 0;
        responseWaitStage = 0;
        closeServerAfter = false;
        responseWaitUntilNanos = 0;
        waitUntilNanos = 0;
        contentRulesRan = false;
        bodyView = false;
    }

    /** The request rules wait for the body (wait-for-body, option http-buffer-request). */
    boolean paused;
    /** Where the paused rules resume: 0 = frontend, 1 = backend http-request rules. */
    int pausedStage;
    /** The rule they resume at; -1 = the whole list, once the body is complete (option http-buffer-request). */
    int pausedAt;
    /** A response head the {@code http-response} rules wait to see more body of ({@code wait-for-body}). */
    ResponseHead pendingResponse;
    /** The response rule the paused {@code http-response} rules resume at, and of which list (0 = backend's). */
    int responseWaitAt;

    int responseWaitStage;
    /** A {@code tcp-response content close} rule matched: the server connection is not kept after the response. */
    boolean closeServerAfter;
    /** When the response's wait for its body times out (System.nanoTime; 0: none yet). */
    long responseWaitUntilNanos;
    /** When the current wait times out (System.nanoTime). */
    long waitUntilNanos;
    /** The frontend's tcp-request content rules ran (a resumed wait does not run them again). */
    boolean contentRulesRan;
    /** The rules are given a view of the request body ({@code req.body}...). */
    boolean bodyView;

    @Override
    public void connected(ServerRuntime server, io.netty.channel.Channel channel, boolean reused) {
        owner.serverSide.serverConnected(this, server, channel, reused);
    }

    @Override
    public void failed(boolean queueTimeout) {
        owner.serverSide.attemptFailed(this, queueTimeout);
    }

    @Override
    public io.netty.channel.Channel privateConnection(ServerRuntime server) {
        return owner.takePrivateConnection(server);
    }

    /** The server timeout of this stream: {@code set-timeout server}, else the backend's. */
    long serverTimeout() {
        long own = txn == null ? -1 : txn.serverTimeoutOverride();
        return own > 0 ? own : backend.settings().timeouts().server();
    }

    /** The tunnel inactivity timeout of this stream: {@code set-timeout tunnel}, else the backend's. */
    long tunnelTimeout() {
        long own = txn == null ? -1 : txn.tunnelTimeoutOverride();
        return own > 0 ? own : backend.settings().timeouts().tunnelIdle();
    }

    boolean requestDone() {
        return requestPhase == RequestPhase.DONE;
    }

    boolean responseStarted() {
        return responsePhase != ResponsePhase.WAITING;
    }

    boolean responseDone() {
        return responsePhase == ResponsePhase.DONE;
    }

    void keepLocalBody(io.netty.buffer.ByteBuf c, int n) {
        if (n == 0) return;
        if (localBody == null) localBody = new ByteArrayOutputStream();
        int room = HttpLocalService.MAX_BODY - localBody.size();
        if (room <= 0) return;
        byte[] b = new byte[Math.min(room, n)];
        c.getBytes(c.readerIndex(), b);
        localBody.write(b, 0, b.length);
    }

    byte[] localBody() {
        return localBody == null ? new byte[0] : localBody.toByteArray();
    }
}
