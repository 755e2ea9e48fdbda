package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.rules.HeadEditor;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.HttpHead;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleEnv;
import org.junit.jupiter.api.Test;

/**
 * The log's request-line variables and {@code capture.req.*} show the line the client sent, while {@code method}
 * and {@code path} show what the rules made of it: HAProxy captures the request line when it parses the request.
 * Checked with haproxy 2.6.12 ({@code set-method POST}, {@code set-path /new}, {@code set-query a=b} on {@code GET
 * /old/p?x=1}: {@code %r} "GET /old/p?x=1 HTTP/1.1", {@code %HU} "/old/p?x=1", {@code %HQ} "?x=1", {@code
 * capture.req.uri} "/old/p?x=1").
 */
class ReceivedRequestLineTest {

    private static String render(String format, HttpHead head) throws Exception {
        FormatString f = FormatString.compile(format, SampleEnv.lenient(), Phase.ALL, "test");
        return f.render(new SampleContext() {
            @Override
            public HttpHead request() {
                return head;
            }
        });
    }

    private static final String LOG =
            "%r|%HM|%HU|%HP|%HPO|%HQ|%HV|%[capture.req.method]|%[capture.req.uri]|%[capture.req.ver]";

    @Test
    void editedRequestIsLoggedAsReceived() throws Exception {
        HeadEditor h = H1Heads.request(HeadParser.requestOf("GET /old/p?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"));
        h.setMethod("POST");
        h.setUri("/new?a=b");
        assertEquals(
                "GET /old/p?x=1 HTTP/1.1|GET|/old/p?x=1|/old/p|/old/p|?x=1|HTTP/1.1|GET|/old/p?x=1|HTTP/1.1",
                render(LOG, h));
        assertEquals("POST|/new|a=b", render("%[method]|%[path]|%[query]", h));
    }

    @Test
    void editedTwiceStillTheReceivedLine() throws Exception {
        HeadEditor h = H1Heads.request(HeadParser.requestOf("PUT http://h.test/a HTTP/1.0\r\nHost: h.test\r\n\r\n"));
        h.setUri("/b");
        h.setUri("/c");
        assertEquals(
                "PUT http://h.test/a HTTP/1.0|PUT|http://h.test/a|http://h.test/a|/a||HTTP/1.0|PUT|/a|HTTP/1.0",
                render(LOG, h));
    }

    @Test
    void uneditedRequestIsTheSame() throws Exception {
        HeadEditor h = H1Heads.request(HeadParser.requestOf("GET /p?q HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals("GET /p?q HTTP/1.1|GET|/p?q|/p|/p|?q|HTTP/1.1|GET|/p?q|HTTP/1.1", render(LOG, h));
    }

    // haproxy 2.6.12 side by side (log-format with these variables, "http-request set-path /new"):
    //   GET http://h.example:80/abs?z HTTP/1.1 -> %HU http://h.example/abs?z (the default port dropped by the
    //   parser's scheme-based normalisation is not in the captured line), capture.req.uri /abs?z
    @Test
    void absoluteTargetIsCapturedAfterNormalisationAndWithoutAuthority() throws Exception {
        HeadEditor h = H1Heads.request(
                HeadParser.requestOf("GET http://h.example:80/abs?z HTTP/1.1\r\nHost: h.example:80\r\n\r\n"));
        h.setUri("http://h.example/new?z"); // as set-path /new
        assertEquals(
                "GET http://h.example/abs?z HTTP/1.1|GET|http://h.example/abs?z|http://h.example/abs|/abs|?z|HTTP/1.1"
                        + "|GET|/abs?z|HTTP/1.1",
                render(LOG, h));
    }

    //   GET /v?q HTTP/1.2 -> %r "GET /v?q HTTP/1.2", %HV HTTP/1.2, but capture.req.ver HTTP/1.1 (its flags, not the
    // line)
    @Test
    void versionIsLoggedAsReceived() throws Exception {
        HeadEditor h = H1Heads.request(HeadParser.requestOf("GET /v?q HTTP/1.2\r\nHost: h\r\n\r\n"));
        assertEquals("GET /v?q HTTP/1.2|GET|/v?q|/v|/v|?q|HTTP/1.2|GET|/v?q|HTTP/1.1", render(LOG, h));
        assertEquals("1.1", h.version());
    }

    //   OPTIONS * -> %HPO empty, capture.req.uri no sample ("-" in a log line, empty here); CONNECT h.example:443
    // likewise
    @Test
    void asteriskAndAuthorityFormsHaveNoCapturedPath() throws Exception {
        HeadEditor o = H1Heads.request(HeadParser.requestOf("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals("OPTIONS * HTTP/1.1|OPTIONS|*|*|||HTTP/1.1|OPTIONS||HTTP/1.1", render(LOG, o));
        HeadEditor c =
                H1Heads.request(HeadParser.requestOf("CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\n\r\n"));
        assertEquals(
                "CONNECT h.example:443 HTTP/1.1|CONNECT|h.example:443|h.example:443|||HTTP/1.1|CONNECT||HTTP/1.1",
                render(LOG, c));
    }

    //   the captured line is cut to tune.http.logurilen - 1 = 1023 characters: GET /a{1100}?q=1 -> %HU and
    //   capture.req.uri its first 1019 characters, %HQ empty, %HV HTTP/0.9; GET /a{1011}?q=1 -> %HV "HT"
    @Test
    void theCapturedLineIsCutAt1023Characters() throws Exception {
        String target = "/" + "a".repeat(1100) + "?q=1";
        HeadEditor h = H1Heads.request(HeadParser.requestOf("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        String cut = target.substring(0, 1019);
        assertEquals(
                ("GET " + target + " HTTP/1.1").substring(0, 1023) + "|GET|" + cut + "|" + cut + "|" + cut
                        + "||HTTP/0.9|GET|" + cut + "|HTTP/1.1",
                render(LOG, h));
        assertEquals(target, render("%[url]", h));
        String shorter = "/" + "a".repeat(1011) + "?q=1";
        HeadEditor s = H1Heads.request(HeadParser.requestOf("GET " + shorter + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals("HT|?q=1|GET " + shorter + " HT", render("%HV|%HQ|%r", s));
    }
}
