package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.time.ManualScheduler;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.rules.ErrorReplies;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.rules.RuleSet;
import dev.hapair.proxy.sample.Uris;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client side of the HTTP engine on an {@link EmbeddedChannel}: every request framing rule ends in
 * HAProxy's 400 with {@code PR}, counted and kept for {@code show errors}, and nothing is routed.
 */
class HttpSessionTest {
    private final List<String> logs = new ArrayList<>();
    private final List<String> routed = new ArrayList<>();

    /** An embedded channel with real-looking socket addresses (the session logs them). */
    private static final class Client extends AddressedChannel {
        Client(HttpSession s) {
            super(s);
        }
    }

    /** {@code http-request deny} for requests whose path satisfies {@code when}. */
    private static List<ProxyRules> denyIf(java.util.function.Predicate<String> when) {
        RuleSet deny = new RuleSet(List.of(new RuleSet.Rule(
                CompiledCondition.ALWAYS,
                t -> when.test(Uris.path(t.request().uri()))
                        ? Outcome.reply(ErrorReplies.builtIn(403), true)
                        : Outcome.CONTINUE,
                "http-request deny")));
        return List.of(ProxyRules.NONE.withHttpRequest(deny));
    }

    private FrontendRuntime frontend(Timeouts t, List<ProxyRules> rules) {
        return frontend(t, rules, dev.hapair.proxy.h1.H1Limits.DEFAULTS);
    }

    private FrontendRuntime frontend(Timeouts t, List<ProxyRules> rules, dev.hapair.proxy.h1.H1Limits limits) {
        FrontendSettings fs = FrontendSettings.http(List.of(new InetSocketAddress("127.0.0.1", 80)), t)
                .withLog(LogFormat.HTTPLOG)
                .withHttp(limits);
        BackendRouter router = r -> {
            routed.add(r.uri());
            return null; // no backend: a request that gets this far is answered 503
        };
        FrontendRuntime fe = new FrontendRuntime("fe", fs, router, rules);
        return fe;
    }

    private final ManualScheduler clock = new ManualScheduler();

    private Client client(FrontendRuntime fe) {
        ProxyContext px = new ProxyContext(Transport.nio(), null, (sev, line) -> logs.add(line), 0);
        return new Client(new HttpSession(px, fe, clock));
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POST / HTTP/1.1\r\nContent-Length: 40\r\nTransfer-Encoding: xchunked\r\n\r\n",
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET http://other/ HTTP/1.1\r\nHost: mine\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /\u0001 HTTP/1.1\r\n\r\n",
                "GET / http/1.1\r\n\r\n",
                "GET / HTTP/1.1\nHost: a\n\n",
                "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
            })
    void invalidRequestHeadIs400WithPRAndNothingIsRouted(String request) {
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes(request));
        String out = drain(ch);
        assertTrue(out.startsWith("HTTP/1.1 400 Bad request\r\n"), out);
        assertTrue(out.contains("Connection: close\r\n"), out);
        assertFalse(ch.isActive(), "connection closed after a 400");
        assertEquals(1, fe.counters().requestErrors());
        assertNotNull(fe.lastInvalidRequest());
        assertTrue(routed.isEmpty());
        assertEquals(1, logs.size());
        assertTrue(
                logs.get(0).contains(" 400 ")
                        && logs.get(0).contains(" PR-- ")
                        && logs.get(0).contains("<BADREQ>"),
                logs.get(0));
    }

    /**
     * The log line shows the request line the client sent, not what the rules made of it: HAProxy captures the line
     * when it parses the request ({@code %r}, {@code %HM}, {@code %HU} in {@code option httplog}; checked with
     * haproxy 2.6.12: set-method POST + set-path /new + set-query logs "GET /old/p?x=1 HTTP/1.1").
     */
    @Test
    void logShowsTheRequestLineAsReceivedAfterRulesEditedIt() {
        RuleSet edit = new RuleSet(List.of(new RuleSet.Rule(
                CompiledCondition.ALWAYS,
                t -> {
                    t.requestHead().setMethod("POST");
                    t.requestHead().setUri("/new?a=b");
                    return Outcome.CONTINUE;
                },
                "http-request set-uri")));
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of(ProxyRules.NONE.withHttpRequest(edit)));
        Client ch = client(fe);
        ch.writeInbound(bytes("GET /old/p?x=1 HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(List.of("/new?a=b"), routed, "the rules' target is what is routed");
        assertTrue(drain(ch).startsWith("HTTP/1.1 503 "));
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).contains("\"GET /old/p?x=1 HTTP/1.1\""), logs.get(0));
    }

    @Test
    void headLargerThanTheBufferIs400BeforeItEnds() {
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(FrontendSettings.DEFAULT_MAX_HEADER_BYTES)));
        assertTrue(drain(ch).startsWith("HTTP/1.1 400 "));
        assertFalse(ch.isActive());
    }

    @Test
    void tooManyHeadersIs400() {
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(102) + "\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 400 "));
    }

    @Test
    void acceptInvalidHttpRequestRelaxesHeaderNamesButNeverFraming() {
        FrontendRuntime fe =
                frontend(Timeouts.NONE, List.of(), dev.hapair.proxy.h1.H1Limits.DEFAULTS.withAcceptInvalid(true));
        Client ch = client(fe);
        ch.writeInbound(bytes("GET /a HTTP/1.1\r\nX[odd]: 1\r\n\r\n"));
        assertEquals(List.of("/a"), routed);
        ch.writeInbound(bytes("POST /b HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertTrue(drain(ch).contains("HTTP/1.1 400 "));
        assertEquals(List.of("/a"), routed);
    }

    @Test
    void tuneHttpMaxhdrLimitsTheFields() {
        FrontendRuntime fe =
                frontend(Timeouts.NONE, List.of(), new dev.hapair.proxy.h1.H1Limits(16384, 15360, 5, false));
        Client ch = client(fe);
        ch.writeInbound(bytes("GET /ok HTTP/1.1\r\n" + "A: b\r\n".repeat(4) + "\r\n"));
        assertEquals(List.of("/ok"), routed);
        ch.writeInbound(bytes("GET /no HTTP/1.1\r\n" + "A: b\r\n".repeat(5) + "\r\n"));
        assertTrue(drain(ch).contains("HTTP/1.1 400 "));
        assertEquals(List.of("/ok"), routed);
    }

    @Test
    void headInPiecesIsParsedOnceComplete() {
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET /x HT"));
        ch.writeInbound(bytes("TP/1.1\r\nHost: a\r"));
        assertTrue(routed.isEmpty());
        ch.writeInbound(bytes("\n\r\n"));
        assertEquals(List.of("/x"), routed);
        String out = drain(ch);
        assertTrue(out.startsWith("HTTP/1.1 503 "), out);
        assertTrue(ch.isActive(), "keep-alive after a local 503");
        assertTrue(logs.get(0).contains(" SC-- "), logs.get(0));
    }

    @Test
    void denyRuleAnswersAndKeepsTheConnectionAfterSkippingTheBody() {
        FrontendRuntime fe = frontend(Timeouts.NONE, denyIf("/deny"::equals));
        Client ch = client(fe);
        ch.writeInbound(bytes("POST /deny HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 403 "));
        ch.writeInbound(bytes("0\r\n\r\nGET /next HTTP/1.1\r\n\r\n"));
        assertEquals(List.of("/next"), routed);
        // the next request on the same connection is answered (503: no backend); draining also frees its buffer
        assertTrue(drain(ch).startsWith("HTTP/1.1 503 "));
        assertTrue(logs.get(0).contains(" PR-- "), logs.get(0));
    }

    @Test
    void localAnswersToHeadRequestsAreTheirHeadOnly() {
        // a body after a HEAD's answer would be read by the client as the start of its next response
        FrontendRuntime fe = frontend(Timeouts.NONE, denyIf("/deny"::equals));
        Client ch = client(fe);
        ch.writeInbound(bytes("HEAD /deny HTTP/1.1\r\n\r\n"));
        String denied = drain(ch);
        assertTrue(denied.startsWith("HTTP/1.1 403 ") && denied.endsWith("\r\n\r\n"), denied);
        ch.writeInbound(bytes("HEAD /next HTTP/1.1\r\n\r\n")); // no backend: 503, its head only too
        String unavailable = drain(ch);
        assertTrue(unavailable.startsWith("HTTP/1.1 503 ") && unavailable.endsWith("\r\n\r\n"), unavailable);
        ch.writeInbound(bytes("GET /next HTTP/1.1\r\n\r\n")); // and a GET's has its body
        assertTrue(drain(ch).endsWith("</body></html>\n"));
    }

    @Test
    void invalidChunkInASkippedBodyIsStill400AndCloses() {
        FrontendRuntime fe = frontend(Timeouts.NONE, denyIf(p -> true));
        Client ch = client(fe);
        ch.writeInbound(bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 403 "));
        ch.writeInbound(bytes("-5\r\nhello\r\n"));
        assertFalse(ch.isActive());
        assertEquals(1, fe.counters().requestErrors());
    }

    /** A session denying /deny (403), its exchange reachable by the test. */
    private HttpSession denyingSession() {
        FrontendRuntime fe = frontend(Timeouts.NONE, denyIf("/deny"::equals));
        return new HttpSession(new ProxyContext(Transport.nio(), null, (sev, line) -> logs.add(line), 0), fe, clock);
    }

    private static final String DENIED_CHUNKED = "POST /deny HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void aKeepAliveRequestReadLaterReusesTheEndedExchangeWithNothingOfIt() {
        HttpSession s = denyingSession();
        Client ch = new Client(s);
        ch.writeInbound(bytes(DENIED_CHUNKED + "3\r\nabc\r\n"));
        HttpExchange first = s.ex; // answered 403, reading the rest of its body
        assertNotNull(first);
        assertTrue(drain(ch).startsWith("HTTP/1.1 403 "));
        first.queueMillis = 99; // as if it had waited for a server slot
        ch.writeInbound(bytes("0\r\n\r\n")); // ends it: retired, reset by the event loop's next task
        assertEquals(null, s.ex);
        ch.writeInbound(bytes("GET /next HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        HttpExchange next = s.ex;
        assertTrue(next == first, "the connection's next request reuses the ended exchange");
        assertEquals(0, next.queueMillis, "nothing of the previous request");
        assertEquals("/next", next.request.uri());
        assertEquals(List.of("/next"), routed);
        ch.writeInbound(bytes("0\r\n\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 503 "));
        assertEquals(2, logs.size(), logs.toString());
        assertTrue(logs.get(0).contains(" 403 ") && logs.get(0).contains("POST /deny"), logs.get(0));
        assertTrue(logs.get(1).contains(" 503 ") && logs.get(1).contains("GET /next"), logs.get(1));
    }

    @Test
    void aKeepAliveRequestHeadTakesTheEndedOnesFieldSlotsAndTheEndedHeadReadsNoMore() {
        HttpSession s = denyingSession();
        Client ch = new Client(s);
        ch.writeInbound(bytes(DENIED_CHUNKED + "3\r\nabc\r\n"));
        dev.hapair.proxy.h1.RequestHead firstHead = s.ex.request;
        assertTrue(drain(ch).startsWith("HTTP/1.1 403 "));
        assertEquals(null, s.spareRequestSlots, "nothing given up while the exchange runs");
        ch.writeInbound(bytes("0\r\n\r\n")); // ends it: retired, reset by the event loop's next task
        ch.runPendingTasks();
        assertNotNull(s.spareRequestSlots, "the ended head's slots, kept for the next head");
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> firstHead.header("transfer-encoding"));
        ch.writeInbound(bytes("GET /next HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-Next: 1\r\n\r\n"));
        assertEquals(null, s.spareRequestSlots, "taken by the next head");
        assertEquals("/next", s.ex.request.uri());
        assertEquals("1", s.ex.request.header("x-next"));
        assertEquals("chunked", s.ex.request.header("transfer-encoding"));
        ch.writeInbound(bytes("0\r\n\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 503 "));
        assertTrue(logs.get(1).contains(" 503 ") && logs.get(1).contains("GET /next"), logs.get(1));
    }

    @Test
    void aRequestPipelinedBehindTheEndingOneNeverGetsItsExchange() {
        HttpSession s = denyingSession();
        Client ch = new Client(s);
        ch.writeInbound(bytes(DENIED_CHUNKED));
        HttpExchange first = s.ex;
        // the first ends and the second starts within one read: frames of the first may still be on the stack
        ch.writeInbound(bytes("0\r\n\r\n" + DENIED_CHUNKED));
        HttpExchange second = s.ex;
        assertNotNull(second);
        assertTrue(second != first, "not reused while the ended exchange's frames may still run");
        ch.writeInbound(bytes("0\r\n\r\n"));
        String out = drain(ch);
        assertEquals(2, out.split("HTTP/1.1 403 ", -1).length - 1, out);
        assertEquals(2, logs.size(), logs.toString());
    }

    @Test
    void pipelinedRequestsAreServedInOrder() {
        FrontendRuntime fe = frontend(Timeouts.NONE, List.of());
        Client ch = client(fe);
        ch.writeInbound(
                bytes("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertEquals(List.of("/1", "/2", "/3"), routed);
        String out = drain(ch);
        assertEquals(3, out.split("HTTP/1.1 503 ", -1).length - 1, out);
        assertFalse(ch.isActive(), "closed after the Connection: close request");
    }

    @Test
    void slowHeadGets408AfterHttpRequestTimeout() {
        FrontendRuntime fe = frontend(new Timeouts(0, 5000, 0, 300, 0, 0, 0), List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HT"));
        clock.advance(java.time.Duration.ofMillis(299));
        assertTrue(ch.isActive());
        clock.advance(java.time.Duration.ofMillis(1));
        assertTrue(drain(ch).startsWith("HTTP/1.1 408 "));
        assertFalse(ch.isActive());
        assertEquals(1, fe.counters().requestErrors());
        // logged as HAProxy does: no backend yet (the frontend's name), client timeout in the request phase
        assertEquals(1, logs.size(), logs.toString());
        assertTrue(logs.get(0).contains(" fe fe/<NOSRV> -1/-1/-1/-1/"), logs.get(0));
        assertTrue(logs.get(0).contains(" 408 ") && logs.get(0).contains(" cR-- "), logs.get(0));
        assertTrue(logs.get(0).endsWith("\"<BADREQ>\""), logs.get(0));
    }

    @Test
    void aClientThatHalfClosesBetweenRequestsIsClosed() {
        FrontendRuntime fe = frontend(new Timeouts(0, 5000, 0, 300, 1000, 0, 0), List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n"));
        assertTrue(drain(ch).startsWith("HTTP/1.1 503 "));
        assertTrue(ch.isActive());
        ch.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        ch.runPendingTasks();
        assertFalse(ch.isActive(), "nothing more can come: closed");
        assertEquals(1, logs.size(), "no second log line: " + logs);
    }

    @Test
    void silentNewConnectionGets408ButAnIdleKeepAliveOneIsJustClosed() {
        FrontendRuntime fe = frontend(new Timeouts(0, 5000, 0, 300, 1000, 0, 0), List.of());
        Client silent = client(fe);
        clock.advance(java.time.Duration.ofMillis(300));
        assertTrue(drain(silent).startsWith("HTTP/1.1 408 "));

        Client idle = client(fe);
        idle.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n"));
        assertTrue(drain(idle).startsWith("HTTP/1.1 503 "));
        clock.advance(java.time.Duration.ofMillis(999));
        assertTrue(idle.isActive(), "timeout http-keep-alive not reached");
        clock.advance(java.time.Duration.ofMillis(1));
        assertEquals("", drain(idle), "no 408 for an idle keep-alive connection");
        assertFalse(idle.isActive());
    }

    @Test
    void nextRequestAfterKeepAliveHasTheHttpRequestTimeout() {
        FrontendRuntime fe = frontend(new Timeouts(0, 5000, 0, 300, 1000, 0, 0), List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n"));
        drain(ch);
        clock.advance(java.time.Duration.ofMillis(500));
        ch.writeInbound(bytes("GET /2 HTTP/1.1\r\nHost"));
        clock.advance(java.time.Duration.ofMillis(300));
        assertTrue(drain(ch).startsWith("HTTP/1.1 408 "));
    }

    /**
     * Empty lines before a keep-alive connection's next request begin it, once: haproxy 2.6.12 answers 408 when
     * {@code timeout http-request} has passed since the first, however many more trickle in (hapair re-armed the
     * timeout at each one, so two bytes a second held the connection forever).
     */
    @Test
    void emptyLinesTrickledBeforeTheNextRequestDoNotPushItsTimeoutBack() {
        FrontendRuntime fe = frontend(new Timeouts(0, 5000, 0, 300, 1000, 0, 0), List.of());
        Client ch = client(fe);
        ch.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n"));
        drain(ch);
        clock.advance(java.time.Duration.ofMillis(500));
        ch.writeInbound(bytes("\r\n"));
        for (String more : List.of("\n", "\r\n")) {
            clock.advance(java.time.Duration.ofMillis(100));
            ch.writeInbound(bytes(more));
        }
        clock.advance(java.time.Duration.ofMillis(99));
        assertTrue(ch.isActive());
        clock.advance(java.time.Duration.ofMillis(1));
        assertTrue(drain(ch).startsWith("HTTP/1.1 408 "), "408 as for any partial head");
        assertFalse(ch.isActive());
    }
}
