package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.HttpConnectionMode;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.http.ErrorPages;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.http.NettyHeads;
import dev.hapair.proxy.rules.LocalReply;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.Vars;
import dev.hapair.proxy.log.TrafficLogEntry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Client side of {@code mode http}: one instance per client connection, driving one exchange at a
 * time. Requests are routed one by one (acls per request), bodies stream in both directions without
 * aggregation, and reads on each side are requested only when the other side can take more
 * (AUTO_READ is off everywhere). Pipelined requests wait in {@link #inbox} until the current
 * response is done. Everything runs on the client's event loop; server channels share it.
 */
final class HttpFrontendHandler extends ChannelInboundHandlerAdapter {
    static final int MAX_RESPONSE_HEADER = 16384;
    /** Decoded messages allowed to wait (pipelined requests, body parts while connecting) before reads pause. */
    static final int MAX_INBOX = 16;

    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private final ArrayDeque<HttpObject> inbox = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Channel client;
    private InetSocketAddress remote;
    private int localPort;
    private InetSocketAddress local;
    private Deadline deadline;
    private HttpExchange ex;
    private boolean closing;
    private boolean firstRequest = true;
    private boolean waitingHead = true;
    private boolean partialHead;
    private boolean serverNeedsFlush;
    private long requestStartNanos;
    /** Variables of this connection's {@code sess} scope, carried from transaction to transaction. */
    private Vars sessionVars;

    HttpFrontendHandler(ProxyContext px, FrontendRuntime frontend) {
        this.px = px;
        this.frontend = frontend;
    }

    // ---------------------------------------------------------------- client events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.channel();
        this.deadline = new Deadline(client.eventLoop(), this::timeout);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        remote = (InetSocketAddress) client.remoteAddress();
        local = (InetSocketAddress) client.localAddress();
        localPort = local.getPort();
        requestStartNanos = System.nanoTime();
        armWaitingHead();
        client.config().setAutoRead(true);
    }

    /** Raw bytes arrived (told by {@link ClientTrafficCounter}): a new request has begun. */
    void bytesArrived() {
        if (ex == null && waitingHead && !partialHead) {
            partialHead = true;
            if (!firstRequest) {
                requestStartNanos = System.nanoTime();
                long t = frontend.settings().timeouts().httpRequest();
                deadline.arm(t > 0 ? t : frontend.settings().timeouts().client());
            }
        } else if (ex != null && !ex.requestComplete) {
            deadline.arm(frontend.settings().timeouts().client());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbox.add((HttpObject) msg);
        pump();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushServer();
        maybeReadClient();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (client.isWritable()) {
            if (ex != null && ex.serverChannel != null && ex.responseStarted && !ex.responseComplete) {
                ex.serverChannel.config().setAutoRead(true);
                deadline.arm(ex.backend.settings().timeouts().server());
            }
        } else if (ex != null) {
            if (ex.serverChannel != null && !ex.responseComplete) ex.serverChannel.config().setAutoRead(false);
            deadline.arm(frontend.settings().timeouts().client());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        deadline.cancel();
        releaseInbox();
        HttpExchange e = ex;
        if (e != null) {
            if (e.termination.equals("--")) e.termination = e.responseStarted || (e.serverChannel != null && !e.requestComplete) ? "CD"
                : (e.serverChannel != null ? "CH" : "CC");
            abortExchange(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    // ---------------------------------------------------------------- request side

    private void pump() {
        while (!closing) {
            HttpObject m = inbox.peek();
            if (m == null) break;
            if (ex == null) {
                inbox.poll();
                if (m instanceof HttpRequest r) {
                    startExchange(r);
                } else {
                    ReferenceCountUtil.release(m); // tail of a request we already answered
                }
                continue;
            }
            if (ex.requestComplete) break; // pipelined: the next request waits for this response
            if (ex.local) {
                inbox.poll();
                boolean last = m instanceof LastHttpContent;
                if (ex.localService != null) ex.keepLocalBody((HttpContent) m);
                ReferenceCountUtil.release(m);
                if (last) {
                    ex.requestComplete = true;
                    if (ex.localService != null) answerLocalService(ex);
                    finishExchange(ex);
                }
                continue;
            }
            if (ex.serverChannel == null) break; // still connecting
            inbox.poll();
            forwardRequestContent(ex, (HttpContent) m);
        }
        flushServer();
    }

    private void forwardRequestContent(HttpExchange e, HttpContent c) {
        int n = c.content().readableBytes();
        if (n > 0) {
            e.bodyForwarded = true;
            frontend.counters().addBytesIn(n);
            e.backend.counters().addBytesIn(n);
            e.server.counters().addBytesIn(n);
        }
        boolean last = c instanceof LastHttpContent;
        e.serverChannel.write(c, e.serverChannel.voidPromise());
        serverNeedsFlush = true;
        if (last) {
            e.requestComplete = true;
            if (!e.responseStarted) deadline.arm(e.backend.settings().timeouts().server());
        }
    }

    private void flushServer() {
        if (serverNeedsFlush) {
            serverNeedsFlush = false;
            if (ex != null && ex.serverChannel != null) ex.serverChannel.flush();
        }
    }

    /**
     * Reading stays on (no epoll re-arming per request) except while the server cannot take more body
     * or too many pipelined messages wait: that is the backpressure toward the client.
     */
    private void maybeReadClient() {
        HttpExchange e = ex;
        boolean want = !closing && inbox.size() < MAX_INBOX
            && (e == null || e.requestComplete || e.local || e.serverChannel == null || e.serverChannel.isWritable());
        if (client.config().isAutoRead() != want) client.config().setAutoRead(want);
    }

    private void startExchange(HttpRequest req) {
        long now = System.nanoTime();
        waitingHead = false;
        partialHead = false;
        deadline.disarm();
        HttpExchange e = new HttpExchange(this, req, requestStartNanos, now);
        ex = e;
        frontend.counters().requestReceived();
        boolean first = firstRequest;
        firstRequest = false;
        if (frontend.settings().log() == LogFormat.HTTPLOG) {
            e.log = new TrafficLogEntry();
            e.log.clientIp = remote.getAddress().getHostAddress();
            e.log.clientPort = remote.getPort();
            e.log.acceptEpochMillis = System.currentTimeMillis() - (now - requestStartNanos) / 1_000_000;
            e.log.frontend = frontend.name();
            e.log.tRequest = (now - requestStartNanos) / 1_000_000;
            e.log.requestLine = req.method() + " " + req.uri() + " " + req.protocolVersion();
        }
        if (req.decoderResult().isFailure()) {
            frontend.counters().requestError();
            e.termination = "PR";
            if (e.log != null) e.log.requestLine = "<BADREQ>";
            respondLocal(e, ErrorPages.response(client.alloc(), 400, true), true);
            return;
        }
        HttpHeaders h = req.headers();
        e.requestHasBody = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
        e.headRequest = HttpMethod.HEAD.equals(req.method());
        e.clientKeepAlive = HttpUtil.isKeepAlive(req) && frontend.settings().connectionMode() != HttpConnectionMode.CLOSE;
        e.info = RequestInfo.http(remote, local, req);
        ProxyRules fr = ProxyRules.in(frontend.rules());
        if (sessionVars == null) {
            dev.hapair.proxy.http.ConnTxn conn = client.attr(TcpRequestRules.TXN).get();
            sessionVars = conn != null ? conn.vars() : new Vars(fr.live().proc());
        }
        sessionVars = sessionVars.nextTransaction();
        e.txn = new HttpTxn(remote, this.local, req, sessionVars, fr.live().state(), fr.live().users(), frontend.name());
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
            if (fr.uniqueIdHeader() != null) h.set(fr.uniqueIdHeader(), id);
        }
        FullHttpResponse local;
        if (acceptBodyService(e, frontend.localService(), req)) return;
        if (frontend.localService() != null) {
            local = frontend.localService().serve(req, e.info, client.alloc());
            if (local != null) {
                e.termination = "--";
                respondLocal(e, local, false);
                return;
            }
        }
        BackendRuntime be = frontend.router().route(e.info);
        if (be == null) {
            e.termination = "SC";
            respondError(e, 503, false);
            return;
        }
        e.backend = be;
        e.txn.backend(be.name());
        if (e.log != null) e.log.backend = be.name();
        ProxyRules br = ProxyRules.in(be.rules());
        e.backendRules = br;
        if (br != fr && ruleOutcome(e, br.httpRequest().run(e.txn), be.counters())) return;
        if (acceptBodyService(e, be.localService(), req)) return;
        if (be.localService() != null) {
            local = be.localService().serve(req, e.info, client.alloc());
            if (local != null) {
                respondLocal(e, local, false);
                return;
            }
        }
        ForwardFor ff = be.settings().forwardFor() != null ? be.settings().forwardFor() : frontend.settings().forwardFor();
        if (ff != null && ff.appliesTo(remote.getAddress())) h.add(ff.header(), remote.getAddress().getHostAddress());

        HttpConnectionMode mode = effectiveMode(be);
        // Connection handling is per side: the client's wishes never decide the server connection.
        h.remove(HttpHeaderNames.CONNECTION);
        h.remove("Keep-Alive");
        h.remove("Proxy-Connection");
        if (mode == HttpConnectionMode.KEEP_ALIVE) {
            if (req.protocolVersion() == HttpVersion.HTTP_1_0) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (mode == HttpConnectionMode.CLOSE) e.clientKeepAlive = false;

        ServerRuntime sticky = StickyCookie.serverFor(e, be, req);
        connect(e, sticky, mode == HttpConnectionMode.KEEP_ALIVE);
    }

    private HttpConnectionMode effectiveMode(BackendRuntime be) {
        HttpConnectionMode f = frontend.settings().connectionMode();
        HttpConnectionMode b = be.settings().connectionMode();
        return f.ordinal() >= b.ordinal() ? f : b; // the more closing of the two wins, as in HAProxy
    }

    private void connect(HttpExchange e, ServerRuntime sticky, boolean reuse) {
        final BackendRuntime be = e.backend;
        ChannelInitializer<Channel> init = serverInitializer();
        e.attempt = new ServerAttempt(client.eventLoop(), px.transport, be, e.info, sticky, localPort, reuse, init,
            new ServerAttempt.Callback() {
                @Override
                public void connected(ServerRuntime server, Channel ch, boolean reused) {
                    serverConnected(e, server, ch, reused);
                }

                @Override
                public void failed(boolean queueTimeout) {
                    e.attempt = null;
                    if (e != ex) return;
                    e.termination = queueTimeout ? "sQ" : "SC";
                    be.counters().connectionError();
                    respondError(e, 503, false);
                }
            });
        e.attempt.start();
    }

    private ChannelInitializer<Channel> serverInit;

    private ChannelInitializer<Channel> serverInitializer() {
        if (serverInit != null) return serverInit;
        return serverInit = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                // Decoder limits sized for proxies: large chunks are forwarded as slices, not copied.
                ch.pipeline().addLast("codec", new HttpClientCodec(8192, MAX_RESPONSE_HEADER, 1 << 20, false, false));
            }
        };
    }

    private void serverConnected(HttpExchange e, ServerRuntime server, Channel ch, boolean reused) {
        ServerAttempt a = e.attempt;
        e.attempt = null;
        if (e != ex || closing) {
            // client went away while we connected
            e.backend.release(server);
            ch.close();
            return;
        }
        e.server = server;
        e.serverChannel = ch;
        e.reused = reused;
        e.connectedNanos = System.nanoTime();
        HttpServerSideHandler sh;
        if (reused) {
            sh = ch.pipeline().get(HttpServerSideHandler.class);
        } else {
            sh = new HttpServerSideHandler(server);
            ch.pipeline().addLast("proxy", sh);
        }
        sh.exchange = e;
        e.serverHandler = sh;
        if (e.log != null && a != null) {
            e.log.server = server.name();
            e.log.tQueue = (a.grantedNanos - a.queuedNanos) / 1_000_000;
            e.log.tConnect = (e.connectedNanos - a.grantedNanos) / 1_000_000;
            e.log.retries = a.retries;
            e.log.redispatched = a.redispatched;
        }
        ch.write(e.request, ch.voidPromise());
        if (e.replayed && e.requestComplete) ch.write(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
        serverNeedsFlush = true;
        pump();
        flushServer();
        ch.config().setAutoRead(client.isWritable());
        if (!e.requestComplete) deadline.arm(frontend.settings().timeouts().client());
        maybeReadClient();
    }

    // ---------------------------------------------------------------- response side

    void serverRead(HttpExchange e, HttpObject msg) {
        if (e != ex) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse res) {
            if (res.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                serverFailure(e, 502, "SH");
                return;
            }
            int code = res.status().code();
            if (code >= 100 && code < 200 && code != 101) {
                e.interim = true;
                client.write(res, client.voidPromise());
            } else {
                responseHead(e, res);
            }
            if (!(msg instanceof HttpContent)) return;
        }
        if (msg instanceof HttpContent c) {
            if (e.interim) {
                e.interim = !(c instanceof LastHttpContent);
                client.write(c, client.voidPromise());
                return;
            }
            int n = c.content().readableBytes();
            e.bytesToClient += n;
            if (n > 0) {
                frontend.counters().addBytesOut(n);
                e.backend.counters().addBytesOut(n);
                e.server.counters().addBytesOut(n);
            }
            boolean last = c instanceof LastHttpContent;
            if (last) {
                e.responseComplete = true;
                client.writeAndFlush(c, client.voidPromise());
                finishExchange(e);
            } else {
                client.write(c, client.voidPromise());
            }
        }
    }

    private void responseHead(HttpExchange e, HttpResponse res) {
        if (e.txn != null) {
            e.txn.response(res);
            e.txn.server(e.server.name());
            captureHeaders(e, e.frontendRules, false);
            // the backend's http-response rules run first, then the frontend's, as in HAProxy
            Outcome o = e.backendRules.httpResponse().run(e.txn);
            if (o.kind() == Outcome.Kind.CONTINUE && e.frontendRules != e.backendRules) {
                o = e.frontendRules.httpResponse().run(e.txn);
            }
            if (o.final_()) {
                replaceResponse(e, o);
                return;
            }
            afterResponse(e);
        }
        e.responseStarted = true;
        e.responseNanos = System.nanoTime();
        e.status = res.status().code();
        e.server.counters().response(e.status);
        e.backend.counters().response(e.status);
        frontend.counters().response(e.status);
        HttpHeaders h = res.headers();
        e.serverKeepAlive = HttpUtil.isKeepAlive(res);
        boolean bodyless = e.headRequest || e.status == 204 || e.status == 304;
        boolean framed = bodyless || HttpUtil.isTransferEncodingChunked(res) || HttpUtil.isContentLengthSet(res);
        if (!framed) {
            // Body delimited by the server's close: chunk it for HTTP/1.1 clients to keep them alive.
            if (e.request.protocolVersion() == HttpVersion.HTTP_1_1) {
                HttpUtil.setTransferEncodingChunked(res, true);
            } else {
                e.clientKeepAlive = false;
            }
            e.serverKeepAlive = false;
        }
        if (!e.requestComplete) e.clientKeepAlive = false; // server answered before the body ended
        // soft stop (old process after an upgrade): close after this response so the client reconnects to the new one
        if (px.softStopping) e.clientKeepAlive = false;
        h.remove(HttpHeaderNames.CONNECTION);
        h.remove("Keep-Alive");
        if (!e.clientKeepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (e.request.protocolVersion() == HttpVersion.HTTP_1_0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        StickyCookie.onResponse(e, res);
        client.write(res, client.voidPromise());
    }

    void serverReadComplete(HttpExchange e) {
        client.flush();
        if (e != ex || e.responseComplete || e.serverChannel == null) return;
        if (client.isWritable()) {
            deadline.arm(e.backend.settings().timeouts().server());
        } else {
            e.serverChannel.config().setAutoRead(false); // resumes in channelWritabilityChanged
        }
    }

    void serverWritable(HttpExchange e) {
        if (e == ex && !e.requestComplete) maybeReadClient();
    }

    /** The server's write buffer filled up while we stream the request body: pause the client. */
    void serverUnwritable(HttpExchange e) {
        if (e == ex && !e.requestComplete) maybeReadClient();
    }

    void serverClosed(HttpExchange e) {
        if (e != ex || e.responseComplete) return;
        if (!e.responseStarted) {
            if (e.reused && !e.bodyForwarded && !e.replayed && !closing) {
                // A kept-alive connection the server closed just before we used it: resend once on a fresh one.
                e.replayed = true;
                e.serverChannel = null;
                e.backend.release(e.server);
                ServerRuntime s = e.server;
                e.server = null;
                connect(e, s, false);
                return;
            }
            serverFailure(e, 502, "SH");
        } else {
            e.termination = "SD";
            e.server.counters().responseError();
            closeClient();
            abortExchange(e);
        }
    }

    private void serverFailure(HttpExchange e, int code, String term) {
        e.termination = term;
        if (e.server != null) e.server.counters().responseError();
        if (e.serverChannel != null) {
            e.serverHandler.exchange = null;
            e.serverChannel.close();
        }
        if (e.server != null) {
            e.backend.release(e.server);
            e.server = null;
        }
        e.serverChannel = null;
        e.status = code;
        if (!e.responseStarted) {
            e.local = true;
            FullHttpResponse r = errorResponse(e, code);
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            client.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            closeClient();
        }
        closing = true;
        logExchange(e);
        ex = null;
        releaseInbox();
    }

    // ---------------------------------------------------------------- local services (stats, monitor-uri)

    /** A local service wants this request with its body: the body is collected by {@link #pump}. */
    private boolean acceptBodyService(HttpExchange e, HttpLocalService svc, HttpRequest req) {
        if (svc == null) return false;
        HttpLocalService.BodyHandler h = svc.bodyHandler(req, e.info);
        if (h == null) return false;
        e.local = true;
        e.localService = h;
        return true;
    }

    private void answerLocalService(HttpExchange e) {
        FullHttpResponse r = e.localService.complete(e.localBody(), client.alloc());
        e.localService = null;
        e.status = r.status().code();
        frontend.counters().response(e.status);
        if (!e.clientKeepAlive) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        e.bytesToClient += r.content().readableBytes();
        client.writeAndFlush(r);
        e.responseComplete = true;
    }

    // ---------------------------------------------------------------- rules

    /**
     * Applies a request rule list's outcome: a reply ends the exchange (deny, return, redirect, auth),
     * reject closes the connection. True when the exchange is over.
     */
    private boolean ruleOutcome(HttpExchange e, Outcome o, dev.hapair.proxy.backend.ServerCounters counters) {
        if (o.kind() == Outcome.Kind.REJECT) {
            counters.denied();
            e.termination = "PR";
            e.clientKeepAlive = false;
            e.requestComplete = true;
            e.local = true;
            closeClient();
            abortExchange(e);
            return true;
        }
        if (o.kind() != Outcome.Kind.REPLY) return false;
        if (o.denied()) counters.denied();
        e.termination = o.denied() ? "PR" : "--";
        respondLocal(e, NettyHeads.toNetty(o.reply(), client.alloc()), false);
        return true;
    }

    /** An http-response rule replied or rejected: the server's response is dropped, its connection closed. */
    private void replaceResponse(HttpExchange e, Outcome o) {
        e.backend.counters().denied();
        e.termination = "PH";
        if (e.serverChannel != null) {
            e.serverHandler.exchange = null;
            e.serverChannel.close();
            e.serverChannel = null;
        }
        if (e.server != null) {
            e.backend.release(e.server);
            e.server = null;
        }
        if (o.kind() == Outcome.Kind.REJECT) {
            e.responseComplete = true;
            closeClient();
            abortExchange(e);
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
        if (o.kind() == Outcome.Kind.CONTINUE && e.frontendRules != be) e.frontendRules.httpAfterResponse().run(e.txn);
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

    /** The error response for {@code code}: the backend's error files, else the frontend's, else built-in. */
    private FullHttpResponse errorResponse(HttpExchange e, int code) {
        LocalReply r = null;
        if (e.backendRules != null) r = e.backendRules.errors().configured(code);
        if (r == null && e.frontendRules != null) r = e.frontendRules.errors().configured(code);
        if (r == null) return ErrorPages.response(client.alloc(), code, false);
        return NettyHeads.toNetty(r, client.alloc());
    }

    private void respondError(HttpExchange e, int code, boolean forceClose) {
        respondLocal(e, errorResponse(e, code), forceClose);
    }

    // ---------------------------------------------------------------- end of exchange

    private void respondLocal(HttpExchange e, FullHttpResponse r, boolean forceClose) {
        e.local = true;
        if (e.txn != null) {
            e.txn.response(r);
            afterResponse(e);
        }
        e.status = r.status().code();
        frontend.counters().response(e.status);
        boolean close = forceClose || !e.clientKeepAlive;
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            e.clientKeepAlive = false;
        }
        client.writeAndFlush(r);
        e.responseComplete = true;
        if (close) {
            finishExchange(e);
        } else {
            pump(); // discard the rest of the request body, then go on with keep-alive
            maybeReadClient();
        }
    }

    private void finishExchange(HttpExchange e) {
        if (e.local && !e.requestComplete && e.clientKeepAlive) return; // wait for the body to be skipped
        if (e.server != null) {
            boolean reusable = e.serverKeepAlive && e.requestComplete && e.responseComplete && !e.interim
                && effectiveMode(e.backend) == HttpConnectionMode.KEEP_ALIVE && e.serverChannel.isActive();
            Channel sc = e.serverChannel;
            e.serverHandler.exchange = null;
            if (reusable) sc.config().setAutoRead(true); // idle: notice the server closing or talking out of turn
            if (!reusable || !e.server.idle(sc.eventLoop()).offer(sc)) sc.close();
            e.backend.release(e.server);
            e.server = null;
        }
        logExchange(e);
        ex = null;
        if (e.clientKeepAlive && e.requestComplete && !closing) {
            waitingHead = true;
            requestStartNanos = System.nanoTime();
            long ka = frontend.settings().timeouts().keepAliveIdle();
            deadline.arm(ka);
            pump();
            maybeReadClient();
        } else {
            closeClient();
        }
    }

    private void abortExchange(HttpExchange e) {
        if (e.attempt != null) {
            e.attempt.cancel();
            e.attempt = null;
        }
        if (e.serverChannel != null) {
            if (e.serverHandler != null) e.serverHandler.exchange = null;
            e.serverChannel.close();
            e.serverChannel = null;
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
        closing = true;
        deadline.cancel();
        releaseInbox();
        if (client.isActive()) client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseInbox() {
        HttpObject m;
        while ((m = inbox.poll()) != null) ReferenceCountUtil.release(m);
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
        l.termination = e.termination;
        l.actconn = px.activeConnections.get();
        l.feconn = frontend.counters().currentSessions();
        if (e.backend != null) {
            l.beconn = e.backend.counters().currentSessions();
            l.backendQueue = e.backend.queued();
        }
        if (e.server != null) l.srvconn = e.server.counters().currentSessions();
        String line = l.httpLine();
        if (e.txn != null && e.frontendRules != null && e.frontendRules.logFormat() != null) {
            line = e.frontendRules.logFormat().render(e.txn, dev.hapair.proxy.sample.FormatString.Absent.DASH);
        }
        if (e.txn != null && "silent".equals(e.txn.logLevel())) return;
        (frontend.log() != null ? frontend.log() : px.log).log(6, line);
    }

    // ---------------------------------------------------------------- timeouts

    private void armWaitingHead() {
        long t = frontend.settings().timeouts().httpRequest();
        deadline.arm(t > 0 ? t : frontend.settings().timeouts().client());
    }

    private void timeout() {
        if (closing) return;
        HttpExchange e = ex;
        if (e == null) {
            if (firstRequest || partialHead) {
                // slow or silent client: HAProxy answers 408 and closes
                frontend.counters().requestError();
                client.writeAndFlush(ErrorPages.response(client.alloc(), 408, true)).addListener(ChannelFutureListener.CLOSE);
                closing = true;
            } else {
                closeClient();
            }
            return;
        }
        if (!e.requestComplete && e.serverChannel != null && !e.local) {
            e.termination = "cD";
            closeClient();
            abortExchange(e);
        } else if (e.requestComplete && !e.responseStarted && e.serverChannel != null) {
            if (e.server != null) e.server.counters().responseError();
            serverFailure(e, 504, "sH");
        } else if (e.responseStarted && !e.responseComplete) {
            e.termination = client.isWritable() ? "sD" : "cD";
            closeClient();
            abortExchange(e);
        }
    }
}
