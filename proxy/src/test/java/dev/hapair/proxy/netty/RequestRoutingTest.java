package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpLocalService;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.lb.LbAlgorithm;
import dev.hapair.proxy.rules.ErrorReplies;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.rules.RuleSet;
import dev.hapair.proxy.sample.Uris;
import dev.hapair.proxy.sample.Vars;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Routing decisions on plain objects: no channel, no socket, no event loop. */
class RequestRoutingTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 80);

    private final List<String> offered = new ArrayList<>();

    private static BackendRuntime backend(String name, HttpConnectionMode mode, ForwardFor ff) {
        ServerOptions o = new ServerOptions(1, 0, 0, false, "c1", false, false, 64, 1);
        ServerRuntime s = new ServerRuntime("s1", "127.0.0.1", 8001, o, System::currentTimeMillis);
        s.setResolved(InetAddress.getLoopbackAddress());
        BackendSettings http = BackendSettings.http(Timeouts.NONE);
        BackendSettings bs = new BackendSettings(
                http.mode(),
                http.timeouts(),
                http.retries(),
                false,
                mode != null ? mode : HttpConnectionMode.KEEP_ALIVE,
                ff,
                null,
                false);
        return new BackendRuntime(name, bs, List.of(s), LbAlgorithm.DEFAULT, false);
    }

    private static FrontendRuntime frontend(BackendRouter router, List<ProxyRules> rules, HttpLocalService svc) {
        FrontendSettings fs = FrontendSettings.http(List.of(LOCAL), Timeouts.NONE);
        FrontendRuntime fe = new FrontendRuntime("fe", fs, router, rules);
        fe.setLocalService(svc);
        return fe;
    }

    /** The exchange as HttpSession prepares it before deciding. */
    private static HttpExchange exchange(FrontendRuntime fe, String request) throws Exception {
        RequestHead h = HeadParser.parseRequest(request.getBytes(StandardCharsets.ISO_8859_1), H1Limits.DEFAULTS);
        HttpExchange e = new HttpExchange(null, h, 0, 0);
        e.clientKeepAlive = h.clientKeepAlive();
        e.info = RequestInfo.http(CLIENT, LOCAL, h);
        ProxyRules fr = ProxyRules.in(fe.rules());
        e.txn = new HttpTxn(
                CLIENT,
                LOCAL,
                H1Heads.request(h),
                new Vars(fr.live().proc()).nextTransaction(),
                fr.live().state(),
                fr.live().users(),
                fe.name());
        e.info.attach(e.txn);
        e.frontendRules = fr;
        return e;
    }

    private RequestRouting.Decision decide(FrontendRuntime fe, HttpExchange e) {
        return RequestRouting.decide(e, fe, CLIENT, (x, svc) -> {
            offered.add(x.request.uri());
            return svc.serve(x.request, x.info, null) != null;
        });
    }

    private static String head(HttpExchange e) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        e.request.writeTo(b);
        String s = b.toString(StandardCharsets.ISO_8859_1);
        b.release();
        return s;
    }

    private static List<ProxyRules> denyIf(Predicate<String> path, boolean silent) {
        RuleSet deny = new RuleSet(List.of(new RuleSet.Rule(
                CompiledCondition.ALWAYS,
                t -> path.test(Uris.path(t.request().uri()))
                        ? silent ? Outcome.REJECT : Outcome.reply(ErrorReplies.builtIn(403), true)
                        : Outcome.CONTINUE,
                "http-request deny")));
        return List.of(ProxyRules.NONE.withHttpRequest(deny));
    }

    @Test
    void noBackendIsA503Decision() throws Exception {
        FrontendRuntime fe = frontend(r -> null, List.of(), null);
        HttpExchange e = exchange(fe, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertInstanceOf(RequestRouting.NoBackend.class, decide(fe, e));
        assertNull(e.backend);
    }

    @Test
    void aDenyRuleRepliesAndARejectDropsBeforeAnyBackendIsChosen() throws Exception {
        List<String> routed = new ArrayList<>();
        BackendRouter router = r -> {
            routed.add(r.uri());
            return null;
        };
        FrontendRuntime fe = frontend(router, denyIf(p -> p.startsWith("/admin"), false), null);
        RequestRouting.Decision d = decide(fe, exchange(fe, "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n"));
        RequestRouting.Reply reply = assertInstanceOf(RequestRouting.Reply.class, d);
        assertSame(fe.counters(), reply.counters());
        assertTrue(reply.outcome().denied());
        assertEquals(List.of(), routed);

        FrontendRuntime fe2 = frontend(router, denyIf(p -> p.startsWith("/admin"), true), null);
        RequestRouting.Drop drop = assertInstanceOf(
                RequestRouting.Drop.class, decide(fe2, exchange(fe2, "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n")));
        assertSame(fe2.counters(), drop.counters());
        assertEquals(List.of(), routed);
    }

    @Test
    void keepAliveForwardStripsHopByHopHeadersAndAddsForwardedFor() throws Exception {
        BackendRuntime be = backend("web", null, ForwardFor.standard());
        FrontendRuntime fe = frontend(BackendRouter.always(be), List.of(), null);
        HttpExchange e = exchange(
                fe,
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, x-a\r\nKeep-Alive: 5\r\n"
                        + "Proxy-Connection: x\r\nTE: trailers, gzip\r\n\r\n");
        RequestRouting.Forward f = assertInstanceOf(RequestRouting.Forward.class, decide(fe, e));
        assertTrue(f.reuse());
        assertNull(f.sticky());
        assertSame(be, e.backend);
        assertTrue(e.clientKeepAlive);
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 192.0.2.7\r\nTE: trailers\r\n\r\n", head(e));
    }

    @Test
    void http10KeepAliveIsAskedOfTheServerAndHttpCloseClosesBothSides() throws Exception {
        BackendRuntime ka = backend("ka", null, null);
        FrontendRuntime fe = frontend(BackendRouter.always(ka), List.of(), null);
        HttpExchange e = exchange(fe, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertTrue(assertInstanceOf(RequestRouting.Forward.class, decide(fe, e)).reuse());
        assertEquals("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", head(e));

        BackendRuntime close = backend("close", HttpConnectionMode.HTTPCLOSE, null);
        FrontendRuntime fe2 = frontend(BackendRouter.always(close), List.of(), null);
        HttpExchange e2 = exchange(fe2, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertFalse(
                assertInstanceOf(RequestRouting.Forward.class, decide(fe2, e2)).reuse());
        assertFalse(e2.clientKeepAlive);
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", head(e2));
    }

    @Test
    void anUpgradeStaysEndToEndOnAFreshServerConnection() throws Exception {
        BackendRuntime be = backend("ws", null, null);
        FrontendRuntime fe = frontend(BackendRouter.always(be), List.of(), null);
        HttpExchange e =
                exchange(fe, "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertFalse(
                assertInstanceOf(RequestRouting.Forward.class, decide(fe, e)).reuse());
        assertEquals("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n", head(e));
    }

    @Test
    void aLocalServiceTakesWhatItServesAndLetsTheRestGoOn() throws Exception {
        BackendRuntime be = backend("web", null, null);
        HttpLocalService stats = (req, info, alloc) -> req.uri().equals("/stats")
                ? new io.netty.handler.codec.http.DefaultFullHttpResponse(
                        io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                        io.netty.handler.codec.http.HttpResponseStatus.OK)
                : null;
        FrontendRuntime fe = frontend(BackendRouter.always(be), List.of(), stats);
        assertInstanceOf(
                RequestRouting.Local.class, decide(fe, exchange(fe, "GET /stats HTTP/1.1\r\nHost: a\r\n\r\n")));
        HttpExchange other = exchange(fe, "GET /app HTTP/1.1\r\nHost: a\r\n\r\n");
        assertInstanceOf(RequestRouting.Forward.class, decide(fe, other));
        assertSame(be, other.backend);
        assertEquals(List.of("/stats", "/app"), offered);
    }
}
