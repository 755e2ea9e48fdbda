package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerCounters;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.Addresses;
import java.net.InetSocketAddress;

/**
 * Where one request goes, decided apart from any socket: the frontend's {@code tcp-request content} and
 * {@code http-request} rules, {@code unique-id}, local services (stats page, {@code monitor-uri}), the
 * {@code use_backend} / {@code default_backend} choice, the backend's {@code tcp-request content} and
 * {@code http-request} rules, then the
 * head as the server will see it ({@code X-Forwarded-For}, connection headers, {@code TE}) and the server a
 * persistence cookie designates. The caller ({@link HttpSession}) carries out the {@link Decision}.
 *
 * <p>The decision fills the exchange's routing fields ({@code frontendRules}, {@code backend},
 * {@code backendRules}, {@code clientKeepAlive}, persistence) and edits its request head; nothing is read from
 * or written to a channel, so every path is tested on plain objects (RequestRoutingTest).
 */
final class RequestRouting {
    private RequestRouting() {}

    /** What the session does with the request. */
    sealed interface Decision {}

    /** {@code reject} or a silent reply: the connection is closed without an answer; a denial for {@code counters}. */
    record Drop(ServerCounters counters) implements Decision {}

    /** A rule answers ({@code deny}, {@code return}, {@code redirect}, {@code auth}); counted on {@code counters}. */
    record Reply(Outcome outcome, ServerCounters counters) implements Decision {}

    /** {@code http-request use-service <name>}: the built-in service {@code name} answers. */
    record Service(String name) implements Decision {}

    /** A local service took the request (it answered, or it is collecting the request body). */
    record Local() implements Decision {}

    /**
     * The request rules wait for more body ({@code wait-for-body}, {@code option http-buffer-request}): they
     * resume at rule {@code at} (-1: the whole list, once the body is complete) of the frontend's
     * ({@code stage} 0) or the backend's (1) list; after {@code millis} the stream gets a 408.
     */
    record Wait(int stage, int at, long millis) implements Decision {}

    /** Refreshes the request body the rules see; true when waiting for it is over (complete or buffer full). */
    @FunctionalInterface
    interface BodyView {
        boolean refresh(HttpExchange e);
    }

    /** No backend for the request: HAProxy's 503. */
    record NoBackend() implements Decision {}

    /**
     * To a server of {@code exchange.backend}: {@code sticky} is the server a persistence cookie names (or
     * null), {@code reuse} whether an idle kept-alive server connection may carry it.
     */
    record Forward(ServerRuntime sticky, boolean reuse) implements Decision {
        /** The usual decisions, without an allocation per request. */
        static final Forward ANY_REUSE = new Forward(null, true), ANY_NEW = new Forward(null, false);
    }

    /** Offers the request to a local service; true when the service took it (the session answers it). */
    @FunctionalInterface
    interface LocalServices {
        boolean offer(HttpExchange e, HttpLocalService service);
    }

    /**
     * Decides for exchange {@code e}, whose transaction ({@code e.txn}, {@code e.info}) and frontend rules are
     * set. {@code remote} is the client address the forwarding headers name.
     */
    static Decision decide(HttpExchange e, FrontendRuntime frontend, InetSocketAddress remote, LocalServices locals) {
        return decide(e, frontend, remote, locals, x -> true, 0, 0);
    }

    /**
     * Decides, resuming a paused decision at rule {@code from} of the frontend's ({@code stage} 0) or backend's
     * (1) {@code http-request} list; {@code body} refreshes the body the rules see while they wait for it.
     */
    static Decision decide(
            HttpExchange e,
            FrontendRuntime frontend,
            InetSocketAddress remote,
            LocalServices locals,
            BodyView body,
            int stage,
            int from) {
        ProxyRules fr = e.frontendRules;
        RequestHead h = e.request;
        if (stage == 0) {
            Decision d = frontendRules(e, frontend, locals, body, from);
            if (d != null) return d;
            from = 0;
        }
        ProxyRules br = e.backendRules;
        BackendRuntime be = e.backend;
        if (br != fr) {
            Outcome bo = br.httpRequest().run(e.txn, from);
            if (bo.kind() == Outcome.Kind.WAIT) return new Wait(1, bo.resumeAt(), bo.waitMillis());
            Decision ruled = ruled(bo, be.counters());
            if (ruled != null) return ruled;
            ruled = ruled(br.restrictHeaderNames(e.txn.requestHead(), e.txn), be.counters());
            if (ruled != null) return ruled;
        }
        return forward(e, frontend, remote, locals, fr, br, be, h);
    }

    /** The frontend's rules and the backend choice; null when the backend's rules come next. */
    private static Decision frontendRules(
            HttpExchange e, FrontendRuntime frontend, LocalServices locals, BodyView body, int from) {
        ProxyRules fr = e.frontendRules;
        if (fr.waitsForBody() && !e.bodyView && !e.requestDone()) {
            e.bodyView = true;
            if (!body.refresh(e) && fr.bufferRequest()) return new Wait(0, -1, bufferWait(frontend));
        }
        // in HTTP mode, tcp-request content rules run for every request, before http-request rules
        if (!e.contentRulesRan) {
            e.contentRulesRan = true;
            if (!fr.tcpContent().isEmpty() && fr.tcpContent().run(e.txn).kind() == Outcome.Kind.REJECT) {
                return new Drop(frontend.counters());
            }
        }
        Outcome fo = fr.httpRequest().run(e.txn, from);
        if (fo.kind() == Outcome.Kind.WAIT) return new Wait(0, fo.resumeAt(), fo.waitMillis());
        Decision ruled = ruled(fo, frontend.counters());
        if (ruled != null) {
            if (intercepts(ruled)) frontend.counters().intercepted();
            return ruled;
        }
        ruled = ruled(fr.restrictHeaderNames(e.txn.requestHead(), e.txn), frontend.counters());
        if (ruled != null) return ruled;
        if (fr.uniqueIdFormat() != null) {
            String id = fr.uniqueIdFormat().render(e.txn);
            e.txn.uniqueId(id);
            if (fr.uniqueIdHeader() != null) e.txn.requestHead().set(fr.uniqueIdHeader(), e.txn.uniqueId());
        }
        if (frontend.localService() != null && locals.offer(e, frontend.localService())) {
            frontend.counters().intercepted();
            return new Local();
        }
        BackendRuntime be = frontend.router().route(e.info);
        if (be == null) return new NoBackend();
        e.backend = be;
        e.txn.backend(be.name());
        e.txn.timeouts(frontend.settings().timeouts(), be.settings().timeouts());
        if (e.log != null) e.log.backend = be.name();
        ProxyRules br = ProxyRules.in(be.rules());
        e.backendRules = br;
        // the backend's tcp-request content rules run once the stream reaches it, before its http-request rules
        if (br != fr && !br.tcpContent().isEmpty() && br.tcpContent().run(e.txn).kind() == Outcome.Kind.REJECT) {
            return new Drop(be.counters());
        }
        if (br != fr && br.waitsForBody() && !e.bodyView && !e.requestDone()) {
            e.bodyView = true;
            if (!body.refresh(e) && br.bufferRequest()) return new Wait(1, -1, bufferWait(frontend));
        }
        return null;
    }

    /** option http-buffer-request waits up to {@code timeout http-request}, else {@code timeout client}. */
    private static long bufferWait(FrontendRuntime frontend) {
        long t = frontend.settings().timeouts().httpRequest();
        return t > 0 ? t : frontend.settings().timeouts().client();
    }

    /** The request goes to a server of {@code be}: forwarding headers, connection handling, persistence. */
    private static Decision forward(
            HttpExchange e,
            FrontendRuntime frontend,
            InetSocketAddress remote,
            LocalServices locals,
            ProxyRules fr,
            ProxyRules br,
            BackendRuntime be,
            RequestHead h) {
        if (be.localService() != null && locals.offer(e, be.localService())) return new Local();

        ForwardFor ff = be.settings().forwardFor() != null
                ? be.settings().forwardFor()
                : frontend.settings().forwardFor();
        // the client as the rules left it (set-src), as HAProxy
        InetSocketAddress src = e.txn.source() != null ? e.txn.source() : remote;
        if (ff != null && src.getAddress() != null && ff.appliesTo(src.getAddress()))
            h.addHeader(ff.header(), Addresses.format(src.getAddress()));
        ForwardFor ot = br.originalTo() != null ? br.originalTo() : fr.originalTo();
        InetSocketAddress dst = e.txn.destination();
        if (ot != null && dst != null && dst.getAddress() != null && ot.appliesTo(dst.getAddress()))
            h.addHeader(ot.header(), Addresses.format(dst.getAddress()));

        HttpConnectionMode mode = effectiveMode(frontend, be);
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
        // (br is the backend's list: ProxyRules.in(be.rules()); force-persist / ignore-persist ride in it too)
        boolean none = br.useServers().isEmpty();
        e.persist = none ? ProxyRules.Persist.NONE : br.persistence(e.txn);
        ServerRuntime sticky = none ? null : br.useServer(e.txn, e.persist, be::server, ServerRuntime::usable);
        // still processed (prefix stripping) unless ignore-persist: then the cookie is not even looked at
        ServerRuntime byCookie =
                e.persist == ProxyRules.Persist.IGNORE ? StickyCookie.ignored(e, be) : StickyCookie.serverFor(e, be, h);
        if (sticky == null) sticky = byCookie;
        // a websocket starts on a fresh server connection; another upgrade (h2c...) that the server may well
        // decline, answering in HTTP/1.1, takes an idle one as any request does (HAProxy keeps reusing them)
        boolean reuse = mode == HttpConnectionMode.KEEP_ALIVE
                && !(upgrade && dev.hapair.proxy.h2.WebSocketHandshake.isUpgrade(h));
        if (sticky == null) return reuse ? Forward.ANY_REUSE : Forward.ANY_NEW;
        return new Forward(sticky, reuse);
    }

    /**
     * HAProxy's {@code intercepted}: the frontend answered the request itself ({@code redirect}, {@code return},
     * {@code auth}, {@code use-service}; a denial is counted as denied instead).
     */
    private static boolean intercepts(Decision d) {
        return d instanceof Service || d instanceof Reply r && !r.outcome().denied();
    }

    /** A request rule list's outcome as a decision; null to go on. */
    private static Decision ruled(Outcome o, ServerCounters counters) {
        if (o.kind() == Outcome.Kind.REJECT
                || o.kind() == Outcome.Kind.REPLY && o.reply().silent()) {
            return new Drop(counters);
        }
        if (o.kind() == Outcome.Kind.SERVICE) return new Service(o.service());
        return o.kind() == Outcome.Kind.REPLY ? new Reply(o, counters) : null;
    }

    /** The more closing of the frontend's and the backend's modes wins, as in HAProxy. */
    static HttpConnectionMode effectiveMode(FrontendRuntime frontend, BackendRuntime be) {
        HttpConnectionMode f = frontend.settings().connectionMode();
        HttpConnectionMode b = be.settings().connectionMode();
        return f.ordinal() >= b.ordinal() ? f : b;
    }

    /**
     * {@code TE} is hop-by-hop: as HAProxy, only a bare {@code trailers} is passed on (we never apply a
     * transfer-coding the client offers, so passing others would be a lie to the server).
     */
    static void keepOnlyTrailersInTe(RequestHead h) {
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
}
