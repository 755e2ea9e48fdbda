package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h1.BodyFramer;
import dev.hapair.proxy.h1.BodyFraming;
import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.InvalidMessage;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.NettyHeads;
import dev.hapair.proxy.rules.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The server side of {@link HttpSession}'s exchanges: getting a server connection ({@link ServerAttempt}),
 * sending the edited request head, then reading the response ({@link ServerLink} gathers its bytes), checking
 * its head and framing, running the {@code http-response} rules and relaying it to the client until its body
 * ends; a server connection whose response was not cleanly framed is closed, never pooled. Failures map to
 * HAProxy's answers and termination causes (502 {@code PH}, 502 {@code SH}, 504 {@code sH}, {@code SD}, ...).
 * Runs on the client's event loop, with the session's state.
 */
final class ServerSide {
    private static final ChannelInitializer<Channel> NO_HANDLERS = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
            // ServerLink is added once the attempt knows the server
        }
    };

    private final HttpSession session;

    ServerSide(HttpSession session) {
        this.session = session;
    }

    void connect(HttpExchange e, ServerRuntime sticky, boolean reuse) {
        final BackendRuntime be = e.backend;
        e.upstream = HttpExchange.Upstream.CONNECTING;
        dev.hapair.proxy.backend.ReuseOrder order =
                dev.hapair.proxy.backend.ReuseOrder.of(be.settings().httpReuse(), session.firstRequest());
        // the previous request's attempt if it ended at once (serverConnected): one object fewer per request
        ServerAttempt a = session.spareAttempt;
        session.spareAttempt = null;
        if (a == null) a = new ServerAttempt(session.client.eventLoop(), session.px.transport, NO_HANDLERS);
        // the exchange is the attempt's callback (no object per request): attemptFailed, serverConnected
        e.attempt = a.forRequest(be, e.info, sticky, session.local.getPort(), reuse, order, e);
        if (e.persist == dev.hapair.proxy.rules.ProxyRules.Persist.FORCE) e.attempt.forcePersist();
        e.attempt.start();
    }

    /** No server could be reached for {@code e}: 503 ({@code SC}, or {@code sQ} after the queue timeout). */
    void attemptFailed(HttpExchange e, boolean queueTimeout) {
        if (e.attempt != null) ExchangeLog.attemptEnded(e, e.attempt, System.nanoTime());
        e.attempt = null;
        if (e != session.ex) return;
        e.termination = queueTimeout ? Termination.SERVER_TIMEOUT_QUEUE : Termination.SERVER_CONNECT;
        e.backend.counters().connectionError();
        session.answers.error(e, 503, false);
        session.process();
    }

    void serverConnected(HttpExchange e, ServerRuntime server, Channel ch, boolean reused) {
        ServerAttempt a = e.attempt;
        e.attempt = null;
        if (e != session.ex || session.phase == HttpSession.Phase.CLOSED) {
            e.backend.release(server); // client went away while we connected
            ch.close();
            return;
        }
        e.server = server;
        e.servedBy = server;
        e.reused = reused;
        // the attempt read the clock when it handed the connection over (an idle one: in this same event)
        e.connectedNanos = a != null ? a.deliveredNanos : System.nanoTime();
        ServerLink link = reused ? linkOf(ch) : null;
        if (link == null) {
            link = new ServerLink(server, session.responseLimits.maxHeadBytes());
            if (!(ch instanceof io.netty.handler.codec.http2.Http2StreamChannel))
                ch.pipeline()
                        .addLast(
                                H1Traffic.NAME,
                                new H1Traffic(e.backend.counters().h1(), true));
            ch.pipeline().addLast("h1", link);
            session.bufferLimits(ch);
        }
        link.exchange = e;
        link.requests++;
        e.link = link;
        if (!(ch instanceof io.netty.handler.codec.http2.Http2StreamChannel) && e.serverStream == null) {
            e.serverStream = e.backend.counters().h1();
            e.serverStream.streamOpened();
        }
        e.upstream = HttpExchange.Upstream.SERVER;
        if (a != null) {
            e.queueMillis = Math.max(0, (a.grantedNanos - a.queuedNanos) / 1_000_000);
            e.connectMillis = Math.max(0, (e.connectedNanos - a.grantedNanos) / 1_000_000);
        }
        long nowMillis = System.currentTimeMillis();
        server.counters().sessionAssigned(nowMillis);
        e.backend.counters().sessionAssigned(nowMillis);
        if (e.log != null && a != null) {
            e.log.server = server.name();
            e.log.tQueue = (a.grantedNanos - a.queuedNanos) / 1_000_000;
            e.log.tConnect = (e.connectedNanos - a.grantedNanos) / 1_000_000;
            e.log.retries = a.retries;
            e.log.redispatched = a.redispatched;
            StickyCookie.movedFromCookieServer(e, server);
        }
        if (e.request.fromOtherVersion() && !(ch instanceof io.netty.handler.codec.http2.Http2StreamChannel)) {
            // an HTTP/2 request's absolute target goes to an HTTP/1.1 server in origin form, as HAProxy sends it (its
            // bytes from the path on: no string per request)
            e.request.toOriginForm();
        }
        ByteBuf head = ch.alloc().buffer(e.request.estimatedSize());
        e.request.writeTo(head);
        e.backend.counters().addBytesIn(e.requestHeadBytes);
        server.counters().addBytesIn(e.requestHeadBytes);
        ch.write(head, ch.voidPromise());
        session.serverNeedsFlush = true;
        session.process();
        // the response head is read whatever the client's writability (an HTTP/2 stream's HEADERS are not
        // flow-controlled; HAProxy reads it into its buffer): only its body waits for the client (serverRead). Not
        // reading it while a stream's window is spent gave a 504 after timeout server, blamed on the server
        ch.config().setAutoRead(true);
        session.deadline.arm(
                e.requestDone()
                        ? e.serverTimeout()
                        : session.frontend.settings().timeouts().client(),
                e.connectedNanos);
        if (a != null && a.reusable()) {
            // nothing calls on it any more: its frames below this call only return (ServerAttempt.open's idle branch)
            a.park();
            session.spareAttempt = a;
        }
    }

    /** The {@link ServerLink} of a reused server connection: its last handler, unless something was added after. */
    private static ServerLink linkOf(Channel ch) {
        return ch.pipeline().last() instanceof ServerLink l ? l : ch.pipeline().get(ServerLink.class);
    }

    /** The server sent bytes (gathered in {@code link.in}). */
    void serverData(HttpExchange e, ServerLink link) {
        if (e != session.ex) {
            link.releaseInput();
            link.channel().close();
            return;
        }
        if (session.phase == HttpSession.Phase.TUNNEL) {
            tunnelToClient(e, link);
            return;
        }
        ByteBuf sin = link.in;
        while (sin != null && sin.isReadable() && e == session.ex) {
            if (e.pendingResponse != null) {
                if (!resumeResponse(e, link, sin)) break;
            } else if (e.responsePhase == HttpExchange.ResponsePhase.WAITING) {
                if (!readResponseHead(e, link, sin)) break;
            } else if (e.responsePhase == HttpExchange.ResponsePhase.BODY) {
                if (e.responseSplice != null) {
                    if (e.responseSplice.active()) break; // the kernel moves the body; these bytes wait for its end
                    e.responseSplice.cancel(); // not started: bytes came first, they are copied
                    e.responseSplice = null;
                }
                int n;
                try {
                    n = e.responseBody.advance(sin);
                } catch (H1Exception err) {
                    responseBodyInvalid(e, link, sin, err);
                    return;
                }
                if (n > 0 && e.clientHead) {
                    sin.skipBytes(n); // a HEAD turned into another method: the body is not the client's
                } else if (n > 0) {
                    countBodyOut(e, n);
                    session.client.write(sin.readRetainedSlice(n));
                }
                if (e.responseBody.isDone()) {
                    responseComplete(e);
                    return;
                }
                // stop inside the read loop: a burst of reads must not overrun the client's buffer
                if (!e.clientHead && !session.client.isWritable())
                    link.channel().config().setAutoRead(false);
                if (n == 0) break;
            } else {
                break; // bytes after a complete response: the connection will not be reused
            }
        }
        if (link.in != null && !link.in.isReadable()) link.releaseInput();
        if (e == session.ex) BodySplice.offerResponse(session, e, link);
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
        int[] slots = session.spareResponseSlots;
        session.spareResponseSlots = null;
        try {
            r = HeadParser.parseResponse(
                    raw,
                    e.backend.settings().acceptInvalidResponse()
                            ? session.responseLimits.withAcceptInvalid(true)
                            : session.responseLimits,
                    e.request.isHead(),
                    slots);
        } catch (H1Exception err) {
            rejectResponse(e, err, raw);
            return false;
        }
        if (r.isInterim()) {
            // 100/103: relayed, the real head follows; as received unless it names a body it cannot have
            if (dropsFramingFields(r)) {
                ByteBuf out = session.client.alloc().buffer(r.estimatedSize());
                r.writeTo(out);
                session.client.write(out);
            } else {
                session.client.write(Unpooled.wrappedBuffer(raw));
            }
            return true;
        }
        boolean connectOk = e.request.isConnect() && r.status() / 100 == 2;
        if (r.status() == 101 && !e.request.upgradeRequested()) {
            rejectResponse(e, new H1Exception("101 Switching Protocols without an Upgrade request", 9), raw);
            return false;
        }
        // HAProxy 2.6 (http_wait_for_response) switches only when the response's Connection says upgrade too: a
        // 101 without it is a 502 there, and relaying it would open a tunnel HAProxy never opens
        if (r.status() == 101 && !r.connectionUpgrade()) {
            rejectResponse(e, new H1Exception("101 Switching Protocols without Connection: upgrade", 9), raw);
            return false;
        }
        if (r.status() == 101
                && dev.hapair.proxy.h2.WebSocketHandshake.isUpgrade(e.request)
                && !dev.hapair.proxy.h2.WebSocketHandshake.accepted(e.request, r)) {
            rejectResponse(e, new H1Exception("101 without the Sec-WebSocket-Accept of the request's key", 9), raw);
            return false;
        }
        // the body bytes that came with the head, as far as HAProxy's buffer would hold them, are checked before the
        // head goes out: a chunk error among them is a 502 (PH) in HAProxy 2.6, where relaying the head first left
        // the client a 200 and a cut connection (measured side by side, bench/README.md "Session 15")
        try {
            BodyFramer.check(
                    r.framing(), sin, session.responseLimits.bufsize() - len, session.responseLimits.maxHeaders());
        } catch (H1Exception err) {
            byte[] body = InvalidMessage.peek(sin);
            byte[] seen = java.util.Arrays.copyOf(raw, raw.length + body.length);
            System.arraycopy(body, 0, seen, raw.length, body.length);
            rejectResponse(e, new H1Exception(err.reason(), err.offset() < 0 ? -1 : len + err.offset()), seen);
            return false;
        }
        if (e.txn != null) {
            e.txn.response(H1Heads.response(r));
            long bodyBytes = sin.readableBytes(); // what came after the head (the buffered body rewrites must fit with)
            dev.hapair.proxy.h1.BodyFraming f = r.framing();
            e.txn.rewriteBuffer(
                    true,
                    session.responseLimits.bufsize(),
                    session.responseLimits.maxHeadBytes(),
                    r.receivedLength(),
                    !f.hasBody() ? 0 : f.length() >= 0 ? Math.min(bodyBytes, f.length()) : bodyBytes);
            e.txn.server(e.server.name(), e.server.options().id());
            io.netty.channel.Channel serverChannel = e.link.channel();
            e.txn.serverTls(e.server.tls() == null ? null : () -> dev.hapair.proxy.tls.ServerTls.facts(serverChannel));
            ExchangeLog.captureHeaders(e, e.frontendRules, false);
            // the backend's tcp-response content rules see the parsed response first (HAProxy's response
            // inspection in HTTP mode); a complete head is all they get, so they are evaluated once, as final
            Outcome o = e.backendRules.tcpResponse().run(e.txn);
            if (o.kind() == Outcome.Kind.REJECT) {
                replaceResponse(e, o);
                return false;
            }
            e.closeServerAfter = o.kind() == Outcome.Kind.CLOSE;
            if (waitsForBody(e)) bodyView(e, r, sin, false);
            if (!responseRules(e, r, 0, 0)) return false;
        }
        return relayHead(e, link, r, connectOk);
    }

    /**
     * A 1xx or 204 response never has a body (RFC 9110 15.2, 15.3.5), so it goes out without Content-Length and
     * Transfer-Encoding, as HAProxy 2.6's H1 mux writes it: a client that read such a field as framing would wait
     * for a body that never comes, or take the next response for one. Returns whether there was one to drop.
     */
    static boolean dropsFramingFields(ResponseHead r) {
        int s = r.status();
        if (s >= 200 && s != 204) return false;
        boolean had = r.hasHeader("content-length") || r.hasHeader("transfer-encoding");
        if (had) {
            r.delHeader("content-length");
            r.delHeader("transfer-encoding");
        }
        return had;
    }

    /** Whether an {@code http-response} list of this exchange may wait for the body ({@code wait-for-body}). */
    private static boolean waitsForBody(HttpExchange e) {
        return e.backendRules.httpResponse().mayWait()
                || e.frontendRules != e.backendRules
                        && e.frontendRules.httpResponse().mayWait();
    }

    /**
     * Gives the response rules the body received so far (bounded by the buffer, nothing consumed); true when
     * waiting is over: the body is complete, the buffer is full, or the server closed.
     */
    private boolean bodyView(HttpExchange e, ResponseHead r, ByteBuf sin, boolean closed) {
        int avail = sin == null ? 0 : sin.readableBytes();
        byte[] raw = new byte[avail];
        if (avail > 0) sin.getBytes(sin.readerIndex(), raw);
        dev.hapair.proxy.h1.BodyPeek p = dev.hapair.proxy.h1.BodyPeek.of(r.framing(), raw);
        boolean done = closed || p.complete() || avail >= session.responseLimits.bufsize();
        e.txn.responseBody(p.body(), done);
        return done;
    }

    /**
     * The http-response rules, the backend's first then the frontend's as in HAProxy, from rule {@code from}
     * of list {@code stage} (0: the backend's, 1: the frontend's). False when they stopped the relay: they
     * wait for more body ({@code wait-for-body}), or replaced the response.
     */
    private boolean responseRules(HttpExchange e, ResponseHead r, int stage, int from) {
        Outcome o = Outcome.CONTINUE;
        if (stage == 0) {
            o = e.backendRules.httpResponse().run(e.txn, from);
            if (o.kind() == Outcome.Kind.WAIT) return pauseForBody(e, r, 0, o);
            from = 0;
        }
        // 'allow' ends the backend's section only (HAProxy's manual: "for the current section")
        if ((o.kind() == Outcome.Kind.CONTINUE || o.kind() == Outcome.Kind.STOP) && e.frontendRules != e.backendRules) {
            o = e.frontendRules.httpResponse().run(e.txn, from);
            if (o.kind() == Outcome.Kind.WAIT) return pauseForBody(e, r, 1, o);
        }
        if (o.kind() == Outcome.Kind.REPLY || o.kind() == Outcome.Kind.REJECT) {
            replaceResponse(e, o);
            return false;
        }
        return true;
    }

    /** {@code http-response wait-for-body}: the head waits, the body gathers in the server link (bounded). */
    private boolean pauseForBody(HttpExchange e, ResponseHead r, int stage, Outcome o) {
        boolean same =
                e.responseWaitUntilNanos != 0 && e.responseWaitStage == stage && e.responseWaitAt == o.resumeAt();
        e.pendingResponse = r;
        e.responseWaitStage = stage;
        e.responseWaitAt = o.resumeAt();
        long now = System.nanoTime();
        if (!same) e.responseWaitUntilNanos = now + o.waitMillis() * 1_000_000;
        session.deadline.arm(Math.max(1, (e.responseWaitUntilNanos - now) / 1_000_000));
        return false;
    }

    /** More of a waited-for response body came: the rules run again; true when the head went on. */
    private boolean resumeResponse(HttpExchange e, ServerLink link, ByteBuf sin) {
        ResponseHead r = e.pendingResponse;
        bodyView(e, r, sin, false); // the waiting rule decides again (complete, buffer full, or 'at-least')
        e.pendingResponse = null;
        if (!responseRules(e, r, e.responseWaitStage, e.responseWaitAt)) return false;
        boolean connectOk = e.request.isConnect() && r.status() / 100 == 2;
        return relayHead(e, link, r, connectOk);
    }

    /** The response head goes to the client; false when nothing more is to be read as a response body here. */
    private boolean relayHead(HttpExchange e, ServerLink link, ResponseHead r, boolean connectOk) {
        if (e.txn != null) LocalAnswers.afterResponse(e);
        responseHead(e, r, link.in);
        if (r.status() == 101 || connectOk) {
            session.startTunnel(e, link);
            return false;
        }
        if (e.responseBody.isDone()) {
            responseComplete(e, e.responseNanos); // the head was read in this event: so was the whole response
            return false;
        }
        return true;
    }

    /**
     * A body of at most this many bytes that came with its head (a small response) is sent in the head's buffer:
     * one buffer and one send() instead of a head and a slice of the server's bytes.
     */
    static final int COALESCED_BODY = 4096;

    /** The response head goes to the client, with the start of a small sized body already in {@code sin}. */
    private void responseHead(HttpExchange e, ResponseHead r, ByteBuf sin) {
        e.response = r;
        e.responsePhase = HttpExchange.ResponsePhase.BODY;
        e.responseNanos = System.nanoTime();
        e.status = r.status();
        e.server.counters().response(e.status);
        e.backend.counters().response(e.status);
        session.frontend.counters().response(e.status);
        // tcp-response content close: the server connection ends with this response
        e.serverKeepAlive = r.serverKeepAlive() && !e.closeServerAfter;
        e.responseBody = BodyFramer.of(
                r.framing(),
                e.spareResponseBody,
                session.responseLimits.maxHeaders()); // (the previous request's, if any)
        e.spareResponseBody = null;
        boolean tunnel = r.status() == 101 || e.request.isConnect() && r.status() / 100 == 2;
        dropsFramingFields(r);
        if (r.framing().kind() == BodyFraming.Kind.UNTIL_CLOSE) {
            // delimited by the server's close: relayed as such (never re-framed), so the client connection ends too
            e.clientKeepAlive = false;
            e.serverKeepAlive = false;
        }
        if (!e.requestDone()) e.clientKeepAlive = false; // server answered before the body ended
        if (session.px.softStopping)
            e.clientKeepAlive = false; // old process after an upgrade: clients move to the new one
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
        // a sized body is framed without error by construction, so its first bytes may join the head
        int body = r.framing().kind() == BodyFraming.Kind.LENGTH && !tunnel && !e.clientHead && sin != null
                ? (int) Math.min(sin.readableBytes(), r.framing().length())
                : 0;
        if (body > COALESCED_BODY) body = 0;
        // an HTTP/2 stream carries the parsed head as HEADERS: its HTTP/1.1 bytes are counted but not written (unless
        // its start line was edited: only writing it tells its size)
        int headBytes = session.h2Stream ? r.emittedSize() : -1;
        boolean headWritten = headBytes < 0;
        ByteBuf out;
        if (headWritten) {
            out = session.client.alloc().buffer(r.estimatedSize() + body);
            r.writeTo(out);
            headBytes = out.readableBytes();
        } else {
            out = body > 0 ? session.client.alloc().buffer(body) : Unpooled.EMPTY_BUFFER;
        }
        // bout counts the response head as sent, as HAProxy's does (and the log's bytes_read)
        e.bytesToClient += headBytes;
        session.frontend.counters().addBytesOut(headBytes);
        e.backend.counters().addBytesOut(headBytes);
        if (e.server != null) e.server.counters().addBytesOut(headBytes);
        if (e.clientHead && r.framing().hasBody() && session.h2Stream) session.client.holdEnd(true);
        if (body > 0) {
            try {
                if (e.responseBody.advance(sin) != body) throw new IllegalStateException("framer disagrees");
            } catch (H1Exception impossible) {
                throw new IllegalStateException(impossible); // a sized body has no framing error
            }
            out.writeBytes(sin, body);
            countBodyOut(e, body);
        }
        // an HTTP/2 stream takes the parsed head as it is (no second parse of what was just written)
        Object msg = session.h2Stream ? new ParsedResponseHead(r, headWritten ? headBytes : 0, out) : out;
        session.client.write(msg);
        session.deadline.arm(e.serverTimeout(), e.responseNanos);
        if (session.frontend.logAsap()) ExchangeLog.exchange(session.px, session.frontend, e, true);
    }

    /** Response body bytes on their way to the client (bout, the log's bytes_read). */
    void countBodyOut(HttpExchange e, long n) {
        e.bytesToClient += n;
        session.frontend.counters().addBytesOut(n);
        e.backend.counters().addBytesOut(n);
        e.server.counters().addBytesOut(n);
    }

    void responseComplete(HttpExchange e) {
        responseComplete(e, System.nanoTime());
    }

    /** As {@link #responseComplete(HttpExchange)}, at {@code now}: a {@link System#nanoTime} read during this event. */
    void responseComplete(HttpExchange e, long now) {
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        if (e.clientHead && session.h2Stream && session.client.holdEnd(false)) {
            session.client.write(Unpooled.EMPTY_BUFFER); // the stream ends now
        }
        session.client.flush();
        session.finishExchange(e, now);
        session.process();
    }

    /** An invalid response head: 502 to the client, {@code eresp}, {@code PH}, server connection closed. */
    private void rejectResponse(HttpExchange e, H1Exception err, byte[] seen) {
        e.backend.invalidResponse(
                InvalidMessage.of(ExchangeLog.peer(e.link.channel().remoteAddress()), err, seen, seen.length));
        serverFailure(e, 502, Termination.PROXY_HEADERS);
    }

    /** Invalid body framing after the head went out: nothing more can be said to the client but closing. */
    private void responseBodyInvalid(HttpExchange e, ServerLink link, ByteBuf sin, H1Exception err) {
        byte[] seen = InvalidMessage.peek(sin);
        e.backend.invalidResponse(
                InvalidMessage.of(ExchangeLog.peer(link.channel().remoteAddress()), err, seen, seen.length));
        e.server.counters().responseError();
        e.termination = Termination.PROXY_DATA;
        session.client.flush();
        session.closeClient();
        session.abortExchange(e);
    }

    void serverReadComplete(HttpExchange e) {
        session.client.flush();
        if (e != session.ex || e.link == null || session.phase == HttpSession.Phase.CLOSED) return;
        if (e.responseSplice != null) return; // the splice re-arms the deadline as it moves the body
        if (session.phase == HttpSession.Phase.TUNNEL) {
            session.deadline.arm(e.tunnelTimeout());
        } else if (!e.responseDone() && e.pendingResponse == null) {
            if (session.client.isWritable() || !e.responseStarted()) {
                // the head is read whatever the client's writability (serverConnected): a head that came in
                // pieces is read on, or a stream whose window is spent waited for it until timeout server
                session.deadline.arm(e.serverTimeout());
            } else {
                // the body waits for the client, and so does the deadline (as in writabilityChanged, which
                // resumes it): a client that does not read is judged on timeout client, not timeout server
                e.link.channel().config().setAutoRead(false);
                session.deadline.arm(session.frontend.settings().timeouts().client());
            }
        }
    }

    void serverWritabilityChanged(HttpExchange e) {
        if (e == session.ex && (session.phase == HttpSession.Phase.TUNNEL || !e.requestDone()))
            session.maybeReadClient();
    }

    void serverClosed(HttpExchange e, ServerLink link) {
        if (e != session.ex) return;
        if (e.responseSplice != null && e.responseSplice.active()) {
            // bytes may still be in the socket or the pipe: the job moves them, then this runs again
            e.serverClosedWhileSplicing = true;
            return;
        }
        if (e.responseSplice != null) { // not started: nothing of the body is outside Netty's view
            e.responseSplice.cancel();
            e.responseSplice = null;
        }
        if (session.phase == HttpSession.Phase.TUNNEL) {
            e.link = null;
            session.client.flush();
            session.closeClient();
            session.abortExchange(e);
            return;
        }
        if (e.responseDone()) return;
        if (e.pendingResponse != null) {
            // closed while the response rules waited for its body: what came was not relayed (HAProxy: 502)
            e.pendingResponse = null;
            serverFailure(e, 502, Termination.SERVER_ABORT_DATA);
            return;
        }
        if (e.responseStarted()) {
            try {
                e.responseBody.closed(); // fine only for a body delimited by the close
                e.responsePhase = HttpExchange.ResponsePhase.DONE;
                session.client.flush();
                session.finishExchange(e);
            } catch (H1Exception err) {
                e.termination = Termination.SERVER_ABORT_DATA;
                e.server.counters().responseError();
                session.client.flush();
                session.closeClient();
                session.abortExchange(e);
            }
            return;
        }
        if (e.reused && !e.bodyForwarded && !e.replayed && session.phase != HttpSession.Phase.CLOSED) {
            // A kept-alive connection the server closed just before we used it: resend once on a fresh one.
            // A request splice that took nothing yet (bodyForwarded is false) stops: it writes to the old one.
            if (e.requestSplice != null) {
                e.requestSplice.cancel();
                e.requestSplice = null;
            }
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

    void serverFailure(HttpExchange e, int code, Termination term) {
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
            session.frontend.counters().response(code);
            FullHttpResponse r = session.answers.errorResponse(e, code);
            if (r != null) session.closeWith(r, e.request.isHead());
            else session.closeClient();
        } else {
            session.closeClient();
        }
        session.logExchange(e);
        session.ex = null;
    }

    private void tunnelToClient(HttpExchange e, ServerLink link) {
        ByteBuf b = link.in;
        link.in = null;
        if (b == null) return;
        e.bytesToClient += b.readableBytes();
        session.frontend.counters().addBytesOut(b.readableBytes());
        session.client.write(b);
        if (!session.client.isWritable()) link.channel().config().setAutoRead(false);
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
            session.closeAndForget(e);
            return;
        }
        e.txn.response(null);
        // the client connection stays open when its request is complete, as HAProxy's (its H1 connection
        // outlives the denied stream); only the server connection, whose response is dropped, is closed
        session.answers.respond(e, NettyHeads.toNetty(o.reply(), session.client.alloc()), !e.requestDone());
    }
}
