package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.ServerCounters;
import dev.hapair.proxy.http.ErrorPages;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.http.NettyHeads;
import dev.hapair.proxy.rules.LocalReply;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The answers hapair gives itself on a client connection of {@link HttpSession}: rule replies ({@code deny},
 * {@code return}, {@code redirect}, {@code auth}), error pages (the configured {@code errorfile}s first) and
 * local services (stats page, {@code monitor-uri}). {@code http-after-response} rules run on each.
 */
final class LocalAnswers {
    private final HttpSession session;

    LocalAnswers(HttpSession session) {
        this.session = session;
    }

    private ClientEnd client() {
        return session.client;
    }

    /** A rule's reply ends the exchange; a denial is counted on {@code counters}. */
    void ruleReply(HttpExchange e, Outcome o, ServerCounters counters) {
        if (o.denied()) counters.denied();
        e.termination =
                o.local() ? Termination.LOCAL_REQUEST : o.denied() ? Termination.PROXY_REQUEST : Termination.NORMAL;
        if (o.tarpitMillis() >= 0) e.termination = Termination.PROXY_TARPIT;
        if (o.tarpitMillis() > 0) {
            // tarpit: nothing is sent for the delay; then the reply, and the connection closes (HAProxy's PT)
            e.termination = Termination.PROXY_TARPIT;
            client().eventLoop()
                    .schedule(
                            () -> {
                                if (session.ex == e && client().isActive()) {
                                    respond(e, NettyHeads.toNetty(o.reply(), client().alloc()), true);
                                }
                            },
                            o.tarpitMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        respond(e, NettyHeads.toNetty(o.reply(), client().alloc()), o.tarpitMillis() >= 0);
    }

    /**
     * The error response for {@code code}: the backend's error files, else the frontend's, else built-in;
     * null for an empty error file (the connection is closed without a response).
     */
    FullHttpResponse errorResponse(HttpExchange e, int code) {
        LocalReply r = null;
        if (e != null && e.backendRules != null) r = e.backendRules.errors().configured(code, e.txn);
        if (r == null && e != null && e.frontendRules != null)
            r = e.frontendRules.errors().configured(code, e.txn);
        if (r == null) r = ProxyRules.in(session.frontend.rules()).errors().configured(code);
        if (r == null) return ErrorPages.response(client().alloc(), code, false);
        return r.silent() ? null : NettyHeads.toNetty(r, client().alloc());
    }

    /** Answers {@code code} (an empty error file closes the connection without an answer). */
    void error(HttpExchange e, int code, boolean forceClose) {
        FullHttpResponse r = errorResponse(e, code);
        if (r != null) {
            respond(e, r, forceClose);
            return;
        }
        e.status = code;
        e.clientKeepAlive = false;
        session.closeAndForget(e);
    }

    /** Hands the request to a local service when it wants it; true if so (it is then answered or collected). */
    boolean offer(HttpExchange e, HttpLocalService svc) {
        HttpLocalService.BodyHandler bh = svc.bodyHandler(e.request, e.info);
        if (bh != null) {
            e.termination = Termination.LOCAL_REQUEST;
            e.upstream = HttpExchange.Upstream.LOCAL;
            e.localService = bh;
            if (e.requestDone()) session.requestComplete(e);
            return true;
        }
        FullHttpResponse r = svc.serve(e.request, e.info, client().alloc());
        if (r == null) return false;
        e.termination = Termination.LOCAL_REQUEST; // HAProxy's applets (stats, services) end the stream "LR"
        respond(e, r, false);
        return true;
    }

    /** The local service that collected the request body answers now. */
    void answerService(HttpExchange e) {
        FullHttpResponse r = e.localService.complete(e.localBody(), client().alloc());
        e.localService = null;
        respond(e, r, false);
    }

    /**
     * Answers the exchange ourselves. With keep-alive, the rest of the request body is then read and
     * discarded before the next request; otherwise the connection closes after the answer.
     */
    void respond(HttpExchange e, FullHttpResponse reply, boolean forceClose) {
        ClientEnd client = client();
        e.upstream = HttpExchange.Upstream.LOCAL;
        FullHttpResponse r = reply;
        if (e.txn != null) {
            r = dev.hapair.proxy.http.NettyHeads.editable(reply);
            e.txn.response(NettyHeads.response(r));
            afterResponse(e);
        }
        e.status = r.status().code();
        session.frontend.counters().response(e.status);
        boolean close = forceClose || !e.clientKeepAlive || session.px.softStopping;
        if (close) e.clientKeepAlive = false;
        boolean head = e.request.isHead();
        int code = r.status().code();
        if (!head && code >= 200 && code != 204) e.bytesToClient += r.content().readableBytes(); // (as sent)
        client.writeAndFlush(LocalResponses.encode(client.alloc(), r, close, head));
        e.responsePhase = HttpExchange.ResponsePhase.DONE;
        if (close || e.requestDone()) session.finishExchange(e);
    }

    /** http-after-response rules (backend's, then frontend's) on the response about to be sent. */
    static void afterResponse(HttpExchange e) {
        if (e.txn == null || e.frontendRules == null) return;
        ProxyRules be = e.backendRules != null ? e.backendRules : e.frontendRules;
        Outcome o = be.httpAfterResponse().run(e.txn);
        // 'allow' ends the backend's section only (HAProxy's manual: "for the current section")
        if ((o.kind() == Outcome.Kind.CONTINUE || o.kind() == Outcome.Kind.STOP) && e.frontendRules != be)
            e.frontendRules.httpAfterResponse().run(e.txn);
    }
}
