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
 * {@code use_backend} / {@code default_backend} choice, the backend's {@code http-request} rules, then the
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

    /** No backend for the request: HAProxy's 503. */
    record NoBackend() implements Decision {}

    /**
     * To a server of {@code exchange.backend}: {@code sticky} is the server a persistence cookie names (or
     * null), {@code reuse} whether an idle kept-alive server connection may carry it.
     */
    record Forward(ServerRuntime sticky, boolean reuse) implements Decision {}

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
        ProxyRules fr = e.frontendRules;
        RequestHead h = e.request;
        // in HTTP mode, tcp-request content rules run for every request, before http-request rules
        if (!fr.tcpContent().isEmpty() && fr.tcpContent().run(e.txn).kind() == Outcome.Kind.REJECT) {
            return new Drop(frontend.counters());
        }
        Decision ruled = ruled(fr.httpRequest().run(e.txn), frontend.counters());
        if (ruled != null) return ruled;
        if (fr.uniqueIdFormat() != null) {
            String id = fr.uniqueIdFormat().render(e.txn);
            e.txn.uniqueId(id);
            if (fr.uniqueIdHeader() != null) e.txn.requestHead().set(fr.uniqueIdHeader(), id);
        }
        if (frontend.localService() != null && locals.offer(e, frontend.localService())) return new Local();
        BackendRuntime be = frontend.router().route(e.info);
        if (be == null) return new NoBackend();
        e.backend = be;
        e.txn.backend(be.name());
        if (e.log != null) e.log.backend = be.name();
        ProxyRules br = ProxyRules.in(be.rules());
        e.backendRules = br;
        if (br != fr) {
            ruled = ruled(br.httpRequest().run(e.txn), be.counters());
            if (ruled != null) return ruled;
        }
        if (be.localService() != null && locals.offer(e, be.localService())) return new Local();

        ForwardFor ff = be.settings().forwardFor() != null
                ? be.settings().forwardFor()
                : frontend.settings().forwardFor();
        if (ff != null && ff.appliesTo(remote.getAddress()))
            h.addHeader(ff.header(), Addresses.format(remote.getAddress()));

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
        ServerRuntime sticky = ProxyRules.in(be.rules()).useServer(e.txn, be::server, ServerRuntime::usable);
        ServerRuntime byCookie = StickyCookie.serverFor(e, be, h); // still processed (prefix stripping)
        if (sticky == null) sticky = byCookie;
        return new Forward(sticky, mode == HttpConnectionMode.KEEP_ALIVE && !upgrade);
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
