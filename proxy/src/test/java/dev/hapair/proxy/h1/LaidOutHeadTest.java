package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.proxy.h2.RequestTranslator;
import dev.hapair.proxy.h2.StreamRefused;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 request's head taken from its translation's layout ({@link HeadParser#parseLaidOut}) is the head the
 * parser makes of the same bytes: same start line, fields, framing, connection flags and bytes sent, and the same
 * refusals (reason, position, status), over header blocks that reach every check of the parser.
 */
class LaidOutHeadTest {

    private static Http2Headers req(String method, String path) {
        return new DefaultHttp2Headers(false).method(method).scheme("https").path(path);
    }

    /** Header blocks, each with whether its HEADERS frame ended the stream. */
    private static List<Object[]> corpus() {
        List<Object[]> c = new ArrayList<>();
        Consumer<Http2Headers> end = h -> c.add(new Object[] {h, true});
        Consumer<Http2Headers> body = h -> c.add(new Object[] {h, false});
        end.accept(req("GET", "/"));
        end.accept(req("GET", "/a/b?c=d").authority("example.com:8443").add("accept", "*/*"));
        end.accept(req("GET", "/").authority("h:443").add("host", "other"));
        end.accept(req("GET", "/").add("host", "h.test").add("host", "h2.test"));
        end.accept(req("GET", "/").authority("a:443:443")); // not idempotent under normalisation: Host rules run
        end.accept(req("GET", "/").authority("[::1]:443"));
        end.accept(req("HEAD", "/x").authority("h").add("x-empty", "").add("x-tab", "a\tb"));
        end.accept(req("OPTIONS", "*").authority("h"));
        end.accept(req("GET", "/").add("cookie", "a=1").add("cookie", "").add("x", "y")); // "a=1; ": trimmed
        end.accept(req("GET", "/").add("cookie", " b=2 ").add("cookie", "c=3"));
        end.accept(req("GET", "/").add("connection-x", "v").add("te", "trailers"));
        // (a '#' in :path is refused by the translation itself, as HAProxy resets it: RequestTranslatorTest)
        end.accept(req("GET", "/p\"<>^`{|}").authority("h"));
        end.accept(req("GET", "/").add("x-ctl", "a\u0001b")); // a control byte: refused in a value
        end.accept(req("GET", "/").add("x-del", "a\u007fb"));
        end.accept(req("GET", "/").add("x-high", "caf\u00e9"));
        end.accept(req("PURGE", "/cache").authority("h"));
        end.accept(req("CONNECT", "/chat").authority("h").set(":protocol", "websocket"));
        body.accept(req("POST", "/up").authority("h").add("content-length", "5"));
        body.accept(req("POST", "/up").authority("h")); // chunked on the wire
        body.accept(req("POST", "/up").add("content-length", "5").add("content-length", "5"));
        Http2Headers many = req("GET", "/").authority("h");
        for (int i = 0; i < 99; i++) many.add("x-f" + i, "v" + i);
        end.accept(many); // 100 fields with host: the most HAProxy accepts over HTTP/1 (more: theFieldLimit...)
        return c;
    }

    @Test
    void theLaidOutHeadIsTheParsedHead() throws StreamRefused {
        int compared = 0;
        for (H1Limits lim : new H1Limits[] {H1Limits.DEFAULTS, H1Limits.DEFAULTS.withAcceptInvalid(true)}) {
            for (int added : new int[] {0, 3}) {
                for (Object[] c : corpus()) {
                    RequestTranslator.Request r = RequestTranslator.translate((Http2Headers) c[0], (Boolean) c[1]);
                    String what = new String(r.head(), StandardCharsets.ISO_8859_1) + " with " + lim;
                    RequestHead parsed;
                    try {
                        parsed = HeadParser.parseRequest(r.head().clone(), lim, added);
                    } catch (H1Exception expected) {
                        H1Exception got = assertThrows(
                                H1Exception.class,
                                () -> HeadParser.parseLaidOut(r.head().clone(), r.layout(), lim, added, null),
                                what);
                        assertEquals(expected.getMessage(), got.getMessage(), what);
                        assertEquals(expected.status(), got.status(), what);
                        assertEquals(expected.offset(), got.offset(), what);
                        compared++;
                        continue;
                    }
                    RequestHead laid;
                    try {
                        laid = HeadParser.parseLaidOut(r.head().clone(), r.layout(), lim, added, null);
                    } catch (H1Exception e) {
                        throw new AssertionError("refused only from the layout: " + what, e);
                    }
                    assertSame(parsed, laid, what);
                    compared++;
                }
            }
        }
        assertEquals(4 * corpus().size(), compared);
    }

    private static void assertSame(RequestHead want, RequestHead got, String what) {
        assertEquals(want.method(), got.method(), what);
        assertEquals(want.uri(), got.uri(), what);
        assertEquals(want.version(), got.version(), what);
        assertEquals(want.startLineEnd, got.startLineEnd, what);
        assertEquals(want.framing(), got.framing(), what);
        assertEquals(want.connectionFlags, got.connectionFlags, what);
        assertEquals(want.clientKeepAlive(), got.clientKeepAlive(), what);
        assertEquals(want.fieldCount(), got.fieldCount(), what);
        for (int i = 0; i < want.fieldCount(); i++) {
            assertEquals(want.isDeleted(i), got.isDeleted(i), what + " field " + i);
            if (want.isDeleted(i)) continue;
            assertEquals(want.fieldName(i), got.fieldName(i), what + " field " + i);
            assertEquals(want.fieldValue(i), got.fieldValue(i), what + " field " + i);
        }
        assertEquals(want.receivedLength(), got.receivedLength(), what);
        assertEquals(sent(want), sent(got), what);
        // what the server gets after the edits every request may see (an added field, the origin form)
        want.addHeader("X-Forwarded-For", "127.0.0.1");
        got.addHeader("X-Forwarded-For", "127.0.0.1");
        assertEquals(want.toOriginForm(), got.toOriginForm(), what);
        assertEquals(sent(want), sent(got), what);
    }

    private static String sent(RequestHead h) {
        ByteBuf out = Unpooled.buffer();
        try {
            h.writeTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    /**
     * An HTTP/2 request is held to HAProxy 2.6.12's HTTP/2 limit, not the HTTP/1 one (101 fields refused): its HPACK
     * list holds fewer than 2 * tune.http.maxhdr entries, pseudo-headers and cookie crumbs counted (measured side by
     * side: 4 pseudo-headers and 197 fields pass, 198 do not; 187 fields and 10 crumbs pass, 188 do not).
     */
    @Test
    void theFieldLimitOfAnHttp2RequestIsHaproxysForHttp2() throws StreamRefused, H1Exception {
        for (int fields : new int[] {100, 150, 197}) {
            Http2Headers hs = req("GET", "/").authority("h");
            for (int i = 0; i < fields; i++) hs.add("x-f" + i, "v");
            RequestTranslator.Request r = RequestTranslator.translate(hs, true);
            RequestHead h = HeadParser.parseLaidOut(r.head(), r.layout(), H1Limits.DEFAULTS, 0, null);
            assertEquals(fields + 1, h.fieldCount(), fields + " fields and host");
            assertEquals("v", h.fieldValue(fields), "the last field");
        }
        Http2Headers crumbs = req("GET", "/").authority("h");
        for (int i = 0; i < 187; i++) crumbs.add("x-f" + i, "v");
        for (int i = 0; i < 10; i++) crumbs.add("cookie", "c" + i + "=1");
        RequestTranslator.Request ok = RequestTranslator.translate(crumbs, true);
        assertEquals(
                189,
                HeadParser.parseLaidOut(ok.head(), ok.layout(), H1Limits.DEFAULTS, 0, null)
                        .fieldCount());
        crumbs.add("cookie", "one=more");
        RequestTranslator.Request over = RequestTranslator.translate(crumbs, true);
        H1Exception e = assertThrows(
                H1Exception.class,
                () -> HeadParser.parseLaidOut(over.head(), over.layout(), H1Limits.DEFAULTS, 0, null));
        assertEquals("too many headers (tune.http.maxhdr 101)", e.getMessage());
        Http2Headers tooMany = req("GET", "/").authority("h");
        for (int i = 0; i < 198; i++) tooMany.add("x-f" + i, "v");
        RequestTranslator.Request r = RequestTranslator.translate(tooMany, true);
        assertThrows(
                H1Exception.class, () -> HeadParser.parseLaidOut(r.head(), r.layout(), H1Limits.DEFAULTS, 0, null));
        // and with a lower tune.http.maxhdr: 10 -> at most 19 entries (4 pseudo-headers and 15 fields)
        H1Limits ten = new H1Limits(H1Limits.DEFAULT_BUFSIZE, H1Limits.DEFAULTS.maxHeadBytes(), 10, false);
        Http2Headers small = req("GET", "/").authority("h");
        for (int i = 0; i < 15; i++) small.add("x-f" + i, "v");
        RequestTranslator.Request s15 = RequestTranslator.translate(small, true);
        assertEquals(
                16,
                HeadParser.parseLaidOut(s15.head(), s15.layout(), ten, 0, null).fieldCount());
        small.add("x-f15", "v");
        RequestTranslator.Request s16 = RequestTranslator.translate(small, true);
        assertThrows(H1Exception.class, () -> HeadParser.parseLaidOut(s16.head(), s16.layout(), ten, 0, null));
    }

    @Test
    void theOriginFormComesFromTheLayoutUntilTheTargetIsEdited() throws StreamRefused, H1Exception {
        RequestTranslator.Request r =
                RequestTranslator.translate(req("GET", "/a/b?q=1").authority("h.test:8443"), true);
        RequestHead h = HeadParser.parseLaidOut(r.head(), r.layout(), H1Limits.DEFAULTS, 0, null);
        assertEquals(true, h.toOriginForm());
        assertEquals("GET /a/b?q=1 HTTP/1.1", sent(h).lines().findFirst().orElseThrow());
        assertEquals("https://h.test:8443/a/b?q=1", h.uri()); // what rules and logs see stays absolute
        h.setPath("/other"); // after the cut, as a retry's rules may
        assertEquals("GET /other?q=1 HTTP/1.1", sent(h).lines().findFirst().orElseThrow());
        RequestHead before = HeadParser.parseLaidOut(r.head(), r.layout(), H1Limits.DEFAULTS, 0, null);
        before.setUri("https://h.test:8443/edited"); // before the cut, as http-request set-uri
        assertEquals(true, before.toOriginForm());
        assertEquals("GET /edited HTTP/1.1", sent(before).lines().findFirst().orElseThrow());
    }

    @Test
    void aLayoutThatDoesNotFitTheBytesIsABugNotARequest() throws StreamRefused, H1Exception {
        RequestTranslator.Request r =
                RequestTranslator.translate(req("GET", "/").add("a", "b"), true);
        byte[] other = "GET /x HTTP/1.1\r\na: b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertNotNull(HeadParser.parseLaidOut(r.head(), r.layout(), H1Limits.DEFAULTS, 0, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> HeadParser.parseLaidOut(other, r.layout(), H1Limits.DEFAULTS, 0, null));
    }
}
