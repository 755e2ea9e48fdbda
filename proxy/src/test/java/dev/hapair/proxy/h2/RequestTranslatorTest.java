package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden HTTP/1.1 heads for HTTP/2 header blocks, and every refusal RFC 9113 section 8 asks for. */
class RequestTranslatorTest {

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").path(path);
    }

    private static String head(Http2Headers h, boolean end) throws StreamRefused {
        return new String(RequestTranslator.translate(h, end).head(), StandardCharsets.ISO_8859_1);
    }

    private static StreamRefused refused(Http2Headers h) {
        return assertThrows(StreamRefused.class, () -> RequestTranslator.translate(h, true));
    }

    @Test
    void aGetWithAnAuthorityBecomesAnAbsoluteTargetWithHost() throws StreamRefused {
        Http2Headers h = get("/a/b?c=d")
                .authority("example.com:8443")
                .add("accept", "*/*")
                .add("x-a", "1");
        assertEquals(
                "GET https://example.com:8443/a/b?c=d HTTP/1.1\r\nhost: example.com:8443\r\naccept: */*\r\nx-a: 1\r\n\r\n",
                head(h, true));
    }

    @Test
    void withoutAuthorityTheHostFieldIsKept() throws StreamRefused {
        assertEquals("GET / HTTP/1.1\r\nhost: h.test\r\n\r\n", head(get("/").add("host", "h.test"), true));
        assertEquals("GET / HTTP/1.1\r\n\r\n", head(get("/"), true));
    }

    @Test
    void authorityWinsOverAHostFieldThatDisagrees() throws StreamRefused {
        // the h2 desync attack: a host field must never reach HTTP/1 beside a different authority
        Http2Headers h = get("/").authority("hostname").add("host", "other_host");
        assertEquals("GET https://hostname/ HTTP/1.1\r\nhost: hostname\r\n\r\n", head(h, true));
    }

    @Test
    void theSchemesDefaultPortIsDroppedFromTheAuthority() throws StreamRefused {
        // RFC 3986 6.2.3 scheme-based normalisation, as HAProxy 2.6 does (reg-test scheme_based_normalize); an empty
        // port too: HAProxy 2.6 runs one normalisation for HTTP/1 targets and HTTP/2 (Targets)
        String[][] cases = { // scheme, :authority, the host it becomes
            {"http", "hostname:80", "hostname"},
            {"http", "hostname:8080", "hostname:8080"},
            {"https", "hostname:443", "hostname"},
            {"https", "hostname:80", "hostname:80"},
            {"https", "hostname:", "hostname"},
            {"http", "[::1]:80", "[::1]"},
        };
        for (String[] c : cases) {
            assertEquals(
                    "GET " + c[0] + "://" + c[2] + "/ HTTP/1.1\r\nhost: " + c[2] + "\r\n\r\n",
                    head(get("/").scheme(c[0]).authority(c[1]), true),
                    c[0] + " " + c[1]);
        }
    }

    @Test
    void cookieCrumbsAreJoined() throws StreamRefused {
        Http2Headers h = get("/").add("cookie", "a=1").add("x", "y").add("cookie", "b=2");
        assertEquals("GET / HTTP/1.1\r\nx: y\r\ncookie: a=1; b=2\r\n\r\n", head(h, true));
    }

    @Test
    void valuesLoseTheirLeadingAndTrailingBlanks() throws StreamRefused {
        Http2Headers h = get("/").add("hdr2", "   val2b ").add("hdr4", "");
        assertEquals("GET / HTTP/1.1\r\nhdr2: val2b\r\nhdr4: \r\n\r\n", head(h, true));
    }

    @Test
    void aBodyWithALengthKeepsItAndOneWithoutIsChunked() throws StreamRefused {
        Http2Headers cl = new DefaultHttp2Headers(false)
                .method("POST")
                .scheme("http")
                .path("/p")
                .add("content-length", "5");
        RequestTranslator.Request r = RequestTranslator.translate(cl, false);
        assertEquals(
                "POST /p HTTP/1.1\r\ncontent-length: 5\r\n\r\n", new String(r.head(), StandardCharsets.ISO_8859_1));
        assertTrue(!r.body().chunkedOnWire());
        Http2Headers none =
                new DefaultHttp2Headers(false).method("POST").scheme("http").path("/p");
        RequestTranslator.Request c = RequestTranslator.translate(none, false);
        assertEquals(
                "POST /p HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n",
                new String(c.head(), StandardCharsets.ISO_8859_1));
        assertTrue(c.body().chunkedOnWire());
        // END_STREAM on the HEADERS: no body, no framing invented
        assertEquals("POST /p HTTP/1.1\r\n\r\n", head(none, true));
        assertTrue(RequestTranslator.translate(none, true).body().ended());
    }

    @Test
    void malformedRequestsAreResets() {
        assertEquals(0, refused(get("hello-world")).status()); // not origin-form
        assertEquals(0, refused(get("/a b")).status());
        assertEquals(0, refused(get("/a\u007f")).status());
        assertEquals(0, refused(get("")).status());
        assertEquals(
                0,
                refused(new DefaultHttp2Headers(false).method("GET").scheme("http"))
                        .status());
        assertEquals(
                0,
                refused(new DefaultHttp2Headers(false).method("GET").path("/")).status());
        assertEquals(
                0,
                refused(new DefaultHttp2Headers(false).scheme("http").path("/")).status());
        assertEquals(0, refused(get("/").add(":protocol", "websocket")).status());
        assertEquals(0, refused(get("/").add(":path", "/again")).status());
        assertEquals(0, refused(get("/").authority("a@b")).status());
        assertEquals(0, refused(get("/").authority("")).status());
        assertEquals(0, refused(get("*")).status()); // only OPTIONS may ask for *
    }

    @Test
    void optionsStarIsAllowed() throws StreamRefused {
        Http2Headers h =
                new DefaultHttp2Headers(false).method("OPTIONS").scheme("http").path("*");
        assertEquals("OPTIONS * HTTP/1.1\r\n\r\n", head(h, true));
    }

    @Test
    void crOrLfInAnyValueOrNameIsAReset() {
        // each would split the HTTP/1 head into two messages (request smuggling through the translation)
        assertEquals(0, refused(get("/").add("x", "a\r\nx-injected: 1")).status());
        assertEquals(0, refused(get("/").add("x", "a\nb")).status());
        assertEquals(0, refused(get("/").add("x", "a\u0000b")).status());
        assertEquals(0, refused(get("/").authority("h\r\nx: y")).status());
        assertEquals(0, refused(get("/x\r\nGET /y")).status());
        assertEquals(0, refused(get("/").add("x y", "1")).status());
        assertEquals(0, refused(get("/").add("X-Upper", "1")).status());
        assertEquals(0, refused(get("/").add("x:y", "1")).status());
    }

    @Test
    void connectionSpecificFieldsAreResets() {
        for (String n : new String[] {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"}) {
            assertEquals(0, refused(get("/").add(n, "x")).status(), n);
        }
        assertEquals(0, refused(get("/").add("te", "gzip")).status());
    }

    @Test
    void teTrailersIsKept() throws StreamRefused {
        assertEquals("GET / HTTP/1.1\r\nte: trailers\r\n\r\n", head(get("/").add("te", "trailers"), true));
    }

    @Test
    void badContentLengthsAreResets() {
        assertEquals(0, refused(get("/").add("content-length", "1x")).status());
        assertEquals(
                0,
                refused(get("/").add("content-length", "1").add("content-length", "2"))
                        .status());
        // END_STREAM on the HEADERS but a length announced
        assertEquals(0, refused(get("/").add("content-length", "3")).status());
    }

    @Test
    void aBadMethodOrSchemeIsAnswered400AndConnect501() {
        assertEquals(
                400,
                refused(new DefaultHttp2Headers(false)
                                .method("GET?")
                                .scheme("http")
                                .path("/"))
                        .status());
        assertEquals(
                400,
                refused(new DefaultHttp2Headers(false)
                                .method("GET")
                                .scheme("http://localhost/?")
                                .path("/"))
                        .status());
        assertEquals(
                501,
                refused(new DefaultHttp2Headers(false).method("CONNECT").authority("h:443"))
                        .status());
    }

    /**
     * RFC 9113 8.5: a plain CONNECT has :authority and neither :scheme nor :path; without that it is malformed and
     * reset (HAProxy 2.6.12 resets it, H2DifferentialIT), not answered 501 as a well-formed CONNECT is.
     */
    @Test
    void aMalformedConnectIsAResetNotA501() {
        assertEquals(
                0,
                refused(new DefaultHttp2Headers(false)
                                .method("CONNECT")
                                .scheme("http")
                                .path("/")
                                .authority("h:443"))
                        .status());
        assertEquals(
                0,
                refused(new DefaultHttp2Headers(false)
                                .method("CONNECT")
                                .path("/")
                                .authority("h:443"))
                        .status());
        assertEquals(
                0, refused(new DefaultHttp2Headers(false).method("CONNECT")).status());
    }

    /** A fragment is no part of :path (RFC 9113 8.3.1): malformed, reset as HAProxy 2.6.12 resets it. */
    @Test
    void aFragmentInThePathIsAReset() {
        assertEquals(0, refused(get("/a#b")).status());
        assertEquals(0, refused(get("/a?b=c#d")).status());
    }
}
