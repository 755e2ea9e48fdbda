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
                -1,
                mode != null ? mode : HttpConnectionMode.KEEP_ALIVE,
                ff,
                null,
                false,
                false,
                dev.hapair.proxy.config.HttpReuse.SAFE);
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
    void anotherUpgradeMayTakeAnIdleServerConnection() throws Exception {
        // Java's HttpClient asks for h2c on every HTTP/1.1 request; servers answer 200 and keep the connection,
        // which HAProxy keeps reusing
        BackendRuntime be = backend("ws", null, null);
        FrontendRuntime fe = frontend(BackendRouter.always(be), List.of(), null);
        HttpExchange e = exchange(
                fe,
                "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                        + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n\r\n");
        assertTrue(assertInstanceOf(RequestRouting.Forward.class, decide(fe, e)).reuse());
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

    private static List<ProxyRules> compiled(String frontendLines) throws Exception {
        dev.hapair.proxy.config.HaproxyConfig c = new dev.hapair.proxy.config.HaproxyConfigLoader()
                .parse(
                        "t.cfg",
                        "defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n"
                                + "frontend fe\n  bind :80\n" + frontendLines);
        return List.of(new dev.hapair.proxy.rules.ProxyRulesCompiler(c)
                .compile(c.proxy("fe").orElseThrow()));
    }

    /**
     * A backend's tcp-request content rules run once the request reaches it, after the frontend's rules and
     * before its own http-request rules; the rule that decided is the stream's last rule.
     */
    @Test
    void backendContentRulesRunWhenTheStreamReachesTheBackend() throws Exception {
        dev.hapair.proxy.config.HaproxyConfig c = new dev.hapair.proxy.config.HaproxyConfigLoader()
                .parse(
                        "t.cfg",
                        "defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n"
                                + "frontend fe\n  bind :80\n  tcp-request content set-var(txn.who) str(fe)\n"
                                + "  default_backend be\nbackend be\n"
                                + "  tcp-request content reject if { path /no } { var(txn.who) fe }\n"
                                + "  tcp-request content accept\n"
                                + "  http-request set-header x-who %[var(txn.who)]\n  server s 127.0.0.1:8001\n");
        var compiler = new dev.hapair.proxy.rules.ProxyRulesCompiler(c);
        ProxyRules beRules = compiler.compile(c.proxy("be").orElseThrow());
        ServerOptions o = new ServerOptions(1, 0, 0, false, "c1", false, false, 64, 1);
        ServerRuntime s = new ServerRuntime("s", "127.0.0.1", 8001, o, System::currentTimeMillis);
        s.setResolved(InetAddress.getLoopbackAddress());
        BackendRuntime be = new BackendRuntime(
                "be", BackendSettings.http(Timeouts.NONE), List.of(s), LbAlgorithm.DEFAULT, false, List.of(beRules));
        FrontendRuntime fe = frontend(
                BackendRouter.always(be), List.of(compiler.compile(c.proxy("fe").orElseThrow())), null);

        HttpExchange no = exchange(fe, "GET /no HTTP/1.1\r\nHost: a\r\n\r\n");
        RequestRouting.Drop drop = assertInstanceOf(RequestRouting.Drop.class, decide(fe, no));
        assertSame(be.counters(), drop.counters());
        assertEquals(new dev.hapair.common.config.SourceLocation("t.cfg", 11), no.txn.lastRule());

        HttpExchange yes = exchange(fe, "GET /yes HTTP/1.1\r\nHost: a\r\n\r\n");
        assertInstanceOf(RequestRouting.Forward.class, decide(fe, yes));
        assertEquals("fe", yes.request.headers("x-who").get(0));
        assertEquals(new dev.hapair.common.config.SourceLocation("t.cfg", 12), yes.txn.lastRule(), "accept");
    }

    /** so_id: listening addresses numbered from 1 in bind order; a wildcard bind matches by port. */
    @Test
    void listenerIdsFollowBindOrder() {
        FrontendRuntime fe = frontend(r -> null, List.of(), null)
                .withBindOrder(List.of(
                        new InetSocketAddress("127.0.0.1", 80),
                        new InetSocketAddress("0.0.0.0", 81),
                        new InetSocketAddress("127.0.0.2", 80)));
        assertEquals(1, fe.bindId(new InetSocketAddress("127.0.0.1", 80)));
        assertEquals(2, fe.bindId(new InetSocketAddress("192.0.2.1", 81)));
        assertEquals(3, fe.bindId(new InetSocketAddress("127.0.0.2", 80)));
        assertEquals(-1, fe.bindId(new InetSocketAddress("127.0.0.3", 80)));
    }

    /** wait-for-body pauses the rules at its own rule; they resume there with more body, once enough came. */
    @Test
    void waitForBodyPausesAndResumesTheRules() throws Exception {
        FrontendRuntime fe = frontend(
                r -> null,
                compiled("  http-request set-header x-first %[req.body_len]\n"
                        + "  http-request wait-for-body time 100ms at-least 5\n"
                        + "  http-request set-header x-len %[req.body_len]\n"),
                null);
        HttpExchange e = exchange(fe, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n");
        byte[][] body = {"abc".getBytes(StandardCharsets.ISO_8859_1)};
        RequestRouting.BodyView view = x -> {
            x.txn.requestBody(body[0], body[0].length == 10);
            return body[0].length == 10;
        };
        RequestRouting.Decision d = RequestRouting.decide(e, fe, CLIENT, (x, svc) -> false, view, 0, 0);
        RequestRouting.Wait w = assertInstanceOf(RequestRouting.Wait.class, d);
        assertEquals(0, w.stage());
        assertEquals(1, w.at(), "the wait-for-body rule");
        assertEquals(100, w.millis());
        body[0] = "abcdef".getBytes(StandardCharsets.ISO_8859_1);
        view.refresh(e);
        d = RequestRouting.decide(e, fe, CLIENT, (x, svc) -> false, view, w.stage(), w.at());
        assertInstanceOf(RequestRouting.NoBackend.class, d);
        assertEquals("6", e.request.headers("x-len").get(0), "at least 5 bytes: the rules went on");
        assertEquals(1, e.request.headers("x-first").size(), "rules before the wait ran once");
    }

    /** http-response wait-for-body: the response rules wait (at their own rule) until enough body came. */
    @Test
    void responseWaitForBodyWaitsUntilAtLeastThatMuchCame() throws Exception {
        List<ProxyRules> rules = compiled("  http-response wait-for-body time 100ms at-least 4 if { status eq 200 }\n"
                + "  http-response set-header x-after yes\n");
        ProxyRules fr = rules.get(0);
        assertTrue(fr.httpResponse().mayWait());
        FrontendRuntime fe = frontend(r -> null, rules, null);
        HttpExchange e = exchange(fe, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        dev.hapair.proxy.h1.ResponseHead r =
                HeadParser.responseOf("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", false);
        e.txn.response(H1Heads.response(r));
        e.txn.responseBody("ab".getBytes(StandardCharsets.ISO_8859_1), false);
        Outcome o = fr.httpResponse().run(e.txn);
        assertEquals(Outcome.Kind.WAIT, o.kind());
        assertEquals(0, o.resumeAt());
        assertEquals(100, o.waitMillis());
        assertTrue(r.headers("x-after").isEmpty(), "nothing after the waiting rule ran");
        e.txn.responseBody("abcd".getBytes(StandardCharsets.ISO_8859_1), false);
        assertEquals(
                Outcome.Kind.CONTINUE,
                fr.httpResponse().run(e.txn, o.resumeAt()).kind());
        assertEquals(List.of("yes"), r.headers("x-after"));
        // a body that is complete (or a full buffer) ends the wait whatever its size
        e.txn.responseBody("a".getBytes(StandardCharsets.ISO_8859_1), true);
        assertEquals(
                Outcome.Kind.CONTINUE,
                fr.httpResponse().run(e.txn, o.resumeAt()).kind());
    }

    @Test
    void bufferRequestWaitsForTheWholeBodyFirst() throws Exception {
        FrontendRuntime fe = frontend(
                r -> null, compiled("  option http-buffer-request\n  http-request set-header x-b %[req.body]\n"), null);
        HttpExchange e = exchange(fe, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[][] raw = {"3\r\nabc\r\n".getBytes(StandardCharsets.ISO_8859_1)};
        RequestRouting.BodyView view = x -> {
            dev.hapair.proxy.h1.BodyPeek p = dev.hapair.proxy.h1.BodyPeek.of(x.request.framing(), raw[0]);
            x.txn.requestBody(p.body(), p.complete());
            return p.complete();
        };
        RequestRouting.Wait w = assertInstanceOf(
                RequestRouting.Wait.class, RequestRouting.decide(e, fe, CLIENT, (x, svc) -> false, view, 0, 0));
        assertEquals(-1, w.at());
        // the last chunk without the empty line that ends the message: still waiting (reg-test http_request_buffer)
        raw[0] = "3\r\nabc\r\n2\r\nde\r\n0\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(view.refresh(e));
        raw[0] = "3\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(view.refresh(e));
        raw[0] = "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(view.refresh(e));
        assertInstanceOf(
                RequestRouting.NoBackend.class, RequestRouting.decide(e, fe, CLIENT, (x, svc) -> false, view, 0, 0));
        assertEquals("abcde", e.request.headers("x-b").get(0));
    }
}
