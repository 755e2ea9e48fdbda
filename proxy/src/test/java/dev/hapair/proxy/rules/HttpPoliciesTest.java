package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.HttpTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-proxy HTTP policies applied around the rule lists, without sockets. */
class HttpPoliciesTest {

    private static ProxyRules fe(String lines) throws RuleException {
        return Rules.compile(
                Rules.HEAD + "frontend f\n  bind :80\n" + lines
                        + "  default_backend b\nbackend b\n  server s 127.0.0.1:8080\n",
                "f");
    }

    private static RequestHead withOddNames() {
        return Rules.request("GET", "/", "Host", "h", "X-my_hdr", "on", "X-Ok-1", "k", "x.dot", "d");
    }

    @Test
    void restrictReqHdrNamesPreserveKeepsEveryHeader() throws Exception {
        ProxyRules r = fe("");
        RequestHead req = withOddNames();
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(Rules.txn(r, req).requestHead(), Rules.txn(r, req)));
        assertEquals("on", req.header("X-my_hdr"));
    }

    @Test
    void restrictReqHdrNamesDeleteRemovesNamesOutsideTheCharset() throws Exception {
        ProxyRules r = fe("  option http-restrict-req-hdr-names delete\n");
        RequestHead req = withOddNames();
        HttpTxn t = Rules.txn(r, req);
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(t.requestHead(), t));
        assertEquals(List.of(), req.headers("X-my_hdr"));
        assertEquals(List.of(), req.headers("x.dot"));
        assertEquals("k", req.header("X-Ok-1"));
        assertEquals("h", req.header("Host"));
    }

    @Test
    void restrictReqHdrNamesRejectAnswers403WithTheProxysErrorFile() throws Exception {
        ProxyRules r = fe(
                "  option http-restrict-req-hdr-names reject\n  http-error status 403 content-type text/plain string nope\n");
        HttpTxn t = Rules.txn(r, withOddNames());
        Outcome o = r.restrictHeaderNames(t.requestHead(), t);
        assertEquals(Outcome.Kind.REPLY, o.kind());
        assertEquals(403, o.reply().status());
        assertEquals("nope", new String(o.reply().body(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(true, o.denied(), "counted as a denied request");
        RequestHead clean = Rules.request("GET", "/", "Host", "h", "X-Ok", "1");
        HttpTxn t2 = Rules.txn(r, clean);
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(t2.requestHead(), t2));
    }

    private static final String V60 = "123456789012345678901234567890123456789012345678901234567890";

    /** A request whose buffer holds 1920 of 2048 bytes (bufsize 2048, maxrewrite 128): 128 bytes of room. */
    private static HttpTxn fullBuffer(ProxyRules r, RequestHead req) {
        HttpTxn t = Rules.txn(r, req);
        t.rewriteBuffer(false, 2048, 1920, 60, 2000);
        return t;
    }

    @Test
    void aRewriteThatDoesNotFitIsAnInternalErrorInStrictMode() throws Exception {
        ProxyRules r =
                fe("  http-request set-header x-hdr1 " + V60 + "\n  http-request set-header x-hdr2 " + V60 + "\n");
        RequestHead req = Rules.request("POST", "/", "Host", "h");
        HttpTxn t = fullBuffer(r, req);
        Outcome o = r.httpRequest().run(t);
        assertEquals(Outcome.Kind.REPLY, o.kind());
        assertEquals(500, o.reply().status());
        assertEquals(V60, req.header("x-hdr1"), "the first one fitted (70 of 128 bytes)");
        assertEquals(List.of(), req.headers("x-hdr2"), "the failed rewrite is not applied");
        assertEquals(58, t.rewriteRoom(false));
    }

    @Test
    void strictModeOffSkipsTheFailedRewriteAndEachListStartsStrict() throws Exception {
        ProxyRules r = fe("  http-request set-header x-hdr1 " + V60 + "\n  http-request strict-mode off\n"
                + "  http-request set-header x-hdr2 " + V60 + "\n  http-request set-header x-small s\n");
        RequestHead req = Rules.request("POST", "/", "Host", "h");
        HttpTxn t = fullBuffer(r, req);
        assertSame(Outcome.CONTINUE, r.httpRequest().run(t));
        assertEquals(List.of(), req.headers("x-hdr2"));
        assertEquals("s", req.header("x-small"), "later rewrites that fit still apply");
        assertEquals(true, t.strictRewrites() == false);
        ProxyRules strict = fe("  http-request set-header x-hdr3 " + V60 + "\n");
        assertEquals(500, strict.httpRequest().run(t).reply().status(), "a new list starts in strict mode");
    }

    @Test
    void failedRewritesAreCountedStrictOrNot() throws Exception {
        List<String> counted = new java.util.ArrayList<>();
        dev.hapair.proxy.sample.ProxyState state = new dev.hapair.proxy.sample.ProxyState() {
            @Override
            public void rewriteFailed(String frontend, String backend, String server) {
                counted.add(frontend + "/" + backend + "/" + server);
            }
        };
        ProxyRules r = fe("  http-request strict-mode off\n  http-request set-header x-hdr1 " + V60 + V60 + V60
                + "\n  http-request set-header x-small s\n");
        RequestHead req = Rules.request("POST", "/", "Host", "h");
        HttpTxn t = new HttpTxn(
                new java.net.InetSocketAddress("192.0.2.7", 41000),
                new java.net.InetSocketAddress("10.0.0.1", 80),
                dev.hapair.proxy.http.H1Heads.request(req),
                new dev.hapair.proxy.sample.Vars(r.live().proc()),
                state,
                r.live().users(),
                r.name());
        t.rewriteBuffer(false, 2048, 1920, 60, 2000);
        assertSame(Outcome.CONTINUE, r.httpRequest().run(t));
        assertEquals(List.of(r.name() + "/null/null"), counted, "one failed rewrite, before any backend");
        ProxyRules strict = fe("  http-request set-header x-hdr3 " + V60 + V60 + V60 + "\n");
        assertEquals(500, strict.httpRequest().run(t).reply().status());
        assertEquals(2, counted.size(), "strict mode counts it too");
    }

    @Test
    void deletingHeadersAndShorterUrisFreeRoom() throws Exception {
        ProxyRules r = fe("  http-request del-header x-big\n  http-request set-header x-hdr1 " + V60 + "\n"
                + "  http-request set-path /a\n  http-request set-header x-hdr2 " + V60 + "\n");
        RequestHead req = Rules.request("POST", "/0123456789", "Host", "h", "X-Big", V60);
        HttpTxn t = fullBuffer(r, req);
        assertSame(Outcome.CONTINUE, r.httpRequest().run(t), "69 freed, 9 freed: both headers fit");
        assertEquals(128 + 69 - 70 + 9 - 70, t.rewriteRoom(false), "X-Big: 69 bytes freed");
        ProxyRules status = fe("  http-request strict-mode on\n");
        assertSame(Outcome.CONTINUE, status.httpRequest().run(t));
    }

    @Test
    void untrackedMessagesAlwaysHaveRoom() throws Exception {
        ProxyRules r =
                fe("  http-request set-header x-hdr1 " + V60 + "\n  http-request set-header x-hdr2 " + V60 + "\n");
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/", "Host", "h"));
        assertSame(Outcome.CONTINUE, r.httpRequest().run(t));
        t.rewriteBuffer(false, 16384, 15360, 40, 0);
        assertEquals(16384 - 40, t.rewriteRoom(false), "a small message without body has the whole buffer");
    }

    @Test
    void strictModeArgumentIsCheckedAtParse() {
        List<String> e = Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n  http-request strict-mode maybe\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).endsWith("'http-request strict-mode': expects 'on' or 'off'"), e::toString);
        assertTrue(e.get(0).contains("t.cfg:"), e::toString);
    }

    @Test
    void tarpitHoldsThenAnswers500ByDefault() throws Exception {
        ProxyRules r = Rules.compile(
                Rules.HEAD + "frontend f\n  bind :80\n  timeout tarpit 2s\n  http-request tarpit if { path /bot }\n"
                        + "  default_backend b\nbackend b\n  server s 127.0.0.1:8080\n",
                "f");
        Outcome o = r.httpRequest().run(Rules.txn(r, Rules.request("GET", "/bot")));
        assertEquals(Outcome.Kind.REPLY, o.kind());
        assertEquals(500, o.reply().status());
        assertEquals(2000, o.tarpitMillis());
        assertEquals(true, o.denied());
        assertSame(Outcome.CONTINUE, r.httpRequest().run(Rules.txn(r, Rules.request("GET", "/"))));
        assertEquals(-1, Outcome.CONTINUE.tarpitMillis(), "not a tarpit");
    }

    @Test
    void tarpitFallsBackToTimeoutConnectAndTakesReplyOptions() throws Exception {
        ProxyRules r = fe("  http-request tarpit deny_status 429\n");
        Outcome o = r.httpRequest().run(Rules.txn(r, Rules.request("GET", "/")));
        assertEquals(429, o.reply().status());
        assertEquals(1000, o.tarpitMillis(), "the defaults' timeout connect");
    }

    @Test
    void logFormatSdIsCheckedLikeLogFormat() throws Exception {
        String f = Rules.HEAD + "frontend f\n  bind :80\n";
        assertEquals(List.of(), Rules.errors(f + "  log-format-sd [exampleSDID@1234 bytes=%B]\n"));
        List<String> e = Rules.errors(f + "  log-format-sd %[nosuchfetch]\n");
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).contains("t.cfg:8") && e.get(0).contains("'log-format-sd'"), e::toString);
    }
}
