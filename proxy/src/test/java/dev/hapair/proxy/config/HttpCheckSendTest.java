package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code http-check send} and how HAProxy 2.6 merges it with {@code option httpchk} and with the defaults: the cases
 * of reg-tests/checks/http-check-send.vtc (whose server-side expectations are HAProxy's behaviour) and the
 * refusals.
 */
class HttpCheckSendTest {

    private static HttpCheckSpec chk(HaproxyConfig c, String backend) {
        return c.backend(backend).orElseThrow().options().httpchk().orElseThrow();
    }

    private static HttpCheckSend.Header h(String n, String v) {
        return new HttpCheckSend.Header(n, v);
    }

    private static final String CONFIG = Cfg.TIMEOUTS
            + "  option httpchk\n"
            + "backend be1\n  server srv 127.0.0.1:1 check\n"
            + "backend be2\n  option httpchk GET /test HTTP/1.1\n  server srv 127.0.0.1:1 check\n"
            + "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
            + "  option httpchk GET /status HTTP/1.1\\r\\nHdr:\\ must-be-removed\n"
            + "  http-check send hdr Host \"my-www-host\" hdr X-test true body \"test\"\n"
            + "backend be3\n  option httpchk\n  server srv 127.0.0.1:1 check\n"
            + "backend be4\n  server srv 127.0.0.1:1 check\n"
            + "backend be5\n  http-check send hdr Host \"other-www-host\" hdr X-New-Test true body \"other test\"\n"
            + "  server srv 127.0.0.1:1 check\n"
            + "backend be6_ws\n"
            + "  http-check send meth GET uri / ver HTTP/1.1 hdr host ws-host hdr connection upgrade hdr upgrade raw-proto\n"
            + "  http-check expect status 101\n"
            + "  server srv 127.0.0.1:1 check\n";

    @Test
    void mergesAsHaproxyDoes() {
        HaproxyConfig c = Cfg.parse(CONFIG);
        HttpCheckSpec be1 = chk(c, "be1");
        assertEquals(List.of("OPTIONS", "/", "HTTP/1.0"), List.of(be1.method(), be1.uri(), be1.version()));
        assertEquals(List.of(), be1.headers());
        HttpCheckSpec be2 = chk(c, "be2");
        assertEquals(List.of("GET", "/test", "HTTP/1.1"), List.of(be2.method(), be2.uri(), be2.version()));
        // its own option line starts its own rules: nothing of the defaults' send
        HttpCheckSpec be3 = chk(c, "be3");
        assertEquals(List.of("OPTIONS", "/", "HTTP/1.0"), List.of(be3.method(), be3.uri(), be3.version()));
        assertEquals(List.of(), be3.headers());
        assertEquals(Optional.empty(), be3.body());
        // inherited: the send after the option line replaced its header list, kept its request line
        HttpCheckSpec be4 = chk(c, "be4");
        assertEquals(List.of("GET", "/status", "HTTP/1.1"), List.of(be4.method(), be4.uri(), be4.version()));
        assertEquals(List.of(h("Host", "my-www-host"), h("X-test", "true")), be4.headers());
        assertEquals(Optional.of("test"), be4.body());
        // a send of its own: the defaults' rules (their request line too) no longer apply; the check stays HTTP
        HttpCheckSpec be5 = chk(c, "be5");
        assertEquals(List.of("OPTIONS", "/", "HTTP/1.0"), List.of(be5.method(), be5.uri(), be5.version()));
        assertEquals(List.of(h("Host", "other-www-host"), h("X-New-Test", "true")), be5.headers());
        assertEquals(Optional.of("other test"), be5.body());
        HttpCheckSpec ws = chk(c, "be6_ws");
        assertEquals(List.of("GET", "/", "HTTP/1.1"), List.of(ws.method(), ws.uri(), ws.version()));
        assertEquals(
                List.of(h("host", "ws-host"), h("connection", "upgrade"), h("upgrade", "raw-proto")), ws.headers());
        assertEquals(
                "101",
                c.backend("be6_ws").orElseThrow().httpCheckExpects().get(0).pattern());
    }

    @Test
    void anOptionLineAfterTheSendOverridesItsRequestLineAndHeaders() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "backend b\n  http-check send meth HEAD uri /a hdr Host x body y\n"
                + "  option httpchk GET /b\n  server s 127.0.0.1:1 check\n");
        HttpCheckSpec b = chk(c, "b");
        assertEquals(List.of("GET", "/b", "HTTP/1.0"), List.of(b.method(), b.uri(), b.version()));
        assertEquals(List.of(), b.headers(), "HAProxy replaces the header list with the later rule's");
        assertEquals(Optional.of("y"), b.body());
    }

    @Test
    void ownExpectRulesReplaceTheDefaults() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "  option httpchk GET /health\n  http-check expect status 200\n"
                + "backend inherits\n  server s 127.0.0.1:1 check\n"
                + "backend own\n  http-check expect status 204\n  http-check send uri /own\n"
                + "  server s 127.0.0.1:1 check\n");
        assertEquals(
                "200",
                c.backend("inherits").orElseThrow().httpCheckExpects().get(0).pattern());
        assertEquals("/health", chk(c, "inherits").uri());
        List<HttpCheckExpect> own = c.backend("own").orElseThrow().httpCheckExpects();
        assertEquals(1, own.size(), "no longer a second status rule: the defaults' is not used");
        assertEquals("204", own.get(0).pattern());
        assertEquals(
                List.of("OPTIONS", "/own"),
                List.of(chk(c, "own").method(), chk(c, "own").uri()));
    }

    /**
     * A section's own expect rules without a request of their own, HTTP checks enabled by its defaults: haproxy
     * 2.6.12 sends no request at all then (captured: the server reads nothing, the check fails with "Layer7 invalid
     * response"), where hapair sent OPTIONS /. Refused at the expect line.
     */
    @Test
    void ownExpectRulesWithoutARequestAreRefused() {
        String defaults = Cfg.TIMEOUTS + "  option httpchk GET /health\n";
        List<String> errors =
                Cfg.errors(defaults + "backend own\n  http-check expect status 204\n  server s 127.0.0.1:1 check\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:7:"), errors.get(0));
        assertTrue(errors.get(0).contains("no request"), errors.get(0));
        // the defaults' own expect rules without a send of theirs, HTTP checks from an earlier defaults: the same
        errors = Cfg.errors("defaults d\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
                + "  option httpchk GET /health\ndefaults d2 from d\n  http-check expect status 204\n"
                + "backend b from d2\n  server s 127.0.0.1:1 check\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:7:"), errors.get(0));
        // without a checked server, or with a request of its own, nothing to refuse
        Cfg.parse(defaults + "backend own\n  http-check expect status 204\n  server s 127.0.0.1:1\n");
        Cfg.parse(defaults + "backend own\n  http-check expect status 204\n  option httpchk\n"
                + "  server s 127.0.0.1:1 check\n");
    }

    @Test
    void literalPercentAndDroppedFramingHeaders() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "backend b\n  option httpchk\n"
                + "  http-check send hdr X-Load 100%% hdr Content-Length 5 hdr Transfer-Encoding chunked\n"
                + "  server s 127.0.0.1:1 check\n");
        assertEquals(List.of(h("X-Load", "100%")), chk(c, "b").headers());
    }

    @Test
    void whatIsNotImplementedIsRefusedAtItsLine() {
        String pre = Cfg.TIMEOUTS + "backend b\n  option httpchk\n";
        for (String line : List.of(
                "http-check send uri-lf %[var(txn.x)]",
                "http-check send body-lf %[be_name]",
                "http-check send comment x",
                "http-check send hdr x-test server=%[var(check.server)]",
                "http-check send meth GET\n  http-check send uri /x",
                "http-check send foo bar",
                "http-check send hdr host a hdr Host b",
                "http-check send meth")) {
            List<String> errors = Cfg.errors(pre + "  " + line + "\n  server s 127.0.0.1:1 check\n");
            assertEquals(1, errors.size(), line + ": " + errors);
            assertTrue(errors.get(0).contains("http-check send"), errors.get(0));
        }
    }

    @Test
    void optionHttpchkHeaderIdiomIsParsedIntoHeaders() {
        List<String> errors = Cfg.errors(Cfg.TIMEOUTS + "backend b\n  option httpchk GET / HTTP/1.1\\r\\nnocolon\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("invalid header line"), errors.get(0));
    }

    @Test
    void rulesWithoutAnHttpCheckAreAnErrorNotIgnored() {
        List<String> errors = Cfg.errors(Cfg.TIMEOUTS
                + "backend b\n  http-check expect status 200\n  http-check send meth GET\n"
                + "  server s 127.0.0.1:1 check\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:6:"), errors.get(0));
        assertTrue(errors.get(0).contains("without 'option httpchk'"), errors.get(0));
        // rules a backend inherits from defaults where they run elsewhere are not its own: no error
        Cfg.parse(Cfg.TIMEOUTS + "  http-check expect status 200\nbackend b\n  server s 127.0.0.1:1 check\n"
                + "backend c\n  option httpchk\n  server s 127.0.0.1:1 check\n");
    }

    @Test
    void disableOn404IsAnInheritedOptionOfTheCheck() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  option httpchk\n  http-check disable-on-404\n"
                + "backend inherits\n  http-check expect status 200\n  http-check send uri /\n"
                + "  server s 127.0.0.1:1 check\n"
                + "backend plain\n  option httpchk\n  server s 127.0.0.1:1 check\n");
        assertTrue(chk(c, "inherits").disableOn404(), "an option, not a rule: own rules keep it");
        assertTrue(chk(c, "plain").disableOn404());
        HaproxyConfig off = Cfg.parse(Cfg.TIMEOUTS + "backend b\n  option httpchk\n  server s 127.0.0.1:1 check\n");
        assertEquals(false, chk(off, "b").disableOn404());
        List<String> errors = Cfg.errors(Cfg.TIMEOUTS + "backend b\n  http-check disable-on-404\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("without 'option httpchk'"), errors.get(0));
        assertEquals(
                1,
                Cfg.errors(Cfg.TIMEOUTS + "backend b\n  option httpchk\n  http-check disable-on-404 x\n")
                        .size());
    }
}
