package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link RequestHead#toOriginForm}: an HTTP/2 request's absolute target cut to origin form for an HTTP/1.1 server
 * from its bytes puts on the wire exactly what the string way did ({@code setUri(Targets.originForm(uri()))}, the
 * code before it), also after edits and a second call on a retry. Unlike the string way, {@code uri()}, path and
 * query stay the absolute target: HAProxy 2.6 keeps it in its start line and logs it ({@code %r}, {@code %HU},
 * {@code %HP} show {@code https://h/p} for an HTTP/2 request sent as {@code GET /p} to an HTTP/1.1 server).
 */
class OriginFormTest {
    private static final String[] TARGETS = {
        "https://h.test/",
        "https://h.test/a/b?q=1&r=2",
        "http://h.test:8080/p",
        "https://h.test:443/p?q", // the default port dropped by the parser: an edited target (the string way)
        "https://h.test", // no path: "/" is added
        "/already/origin?x",
        "*",
        "h.test:443", // authority form: not absolute, unchanged
        "https://[::1]:8443/v6",
    };

    private static RequestHead head(String target) throws H1Exception {
        String authority = Targets.authority(target); // as the HTTP/2 translation makes it: Host is :authority
        // an authority-form target names its Host (HAProxy 2.6 refuses GET h.test:443 with Host h.test)
        String host = authority != null ? authority : target.equals("h.test:443") ? target : "h.test";
        return H1.request("GET " + target + " HTTP/1.1\r\nhost: " + host + "\r\nx-a: 1\r\n\r\n");
    }

    /** What the proxy did before: the target's string made into origin form, then set as an edit. */
    private static boolean stringWay(RequestHead h) {
        String origin = Targets.originForm(h.uri());
        if (origin == null) return false;
        h.setUri(origin);
        return true;
    }

    @Test
    void sameHeadAndTargetAsTheStringWay() throws Exception {
        for (String t : TARGETS) {
            RequestHead bytes = head(t);
            RequestHead string = head(t);
            bytes.clientVersion("2.0");
            string.clientVersion("2.0");
            assertEquals(stringWay(string), bytes.toOriginForm(), t);
            assertEquals(string.emittedText(), bytes.emittedText(), t);
            RequestHead received = head(t);
            assertEquals(received.uri(), bytes.uri(), t);
            assertEquals(received.path(), bytes.path(), t);
            assertEquals(received.query(), bytes.query(), t);
            assertEquals(received.originForm(), bytes.originForm(), t);
            assertEquals(string.emittedSize(), bytes.emittedSize(), t);
            assertTrue(bytes.estimatedSize() >= bytes.emittedText().length(), t);
            // a retry connects again: the same head goes out the second time
            stringWay(string);
            bytes.toOriginForm();
            assertEquals(string.emittedText(), bytes.emittedText(), t);
        }
    }

    @Test
    void editsAfterTheCutAreSentInOriginFormToo() throws Exception {
        RequestHead h = head("https://h.test/a/b?q=1");
        assertTrue(h.toOriginForm());
        assertTrue(h.emittedText().startsWith("GET /a/b?q=1 HTTP/1.1\r\nhost: h.test\r\n"), h.emittedText());
        h.setQuery("z=9");
        assertEquals("https://h.test/a/b?z=9", h.uri());
        h.setPath("/c");
        assertEquals("https://h.test/c?z=9", h.uri());
        assertTrue(h.emittedText().startsWith("GET /c?z=9 HTTP/1.1\r\n"), h.emittedText());
    }

    /**
     * The target read after the cut (logs at the end of the request, http-response rules, a redispatch to an HTTP/2
     * server) is still the absolute one, as HAProxy 2.6 shows it: with {@code log-format "%r %HU %HP"} an h2
     * request for http://127.0.0.1:P/a/b?x=1 sent to an HTTP/1.1 server as {@code GET /a/b?x=1} is logged
     * {@code GET http://127.0.0.1:P/a/b?x=1 HTTP/2.0 http://127.0.0.1:P/a/b?x=1 http://127.0.0.1:P/a/b} there.
     */
    @Test
    void theTargetReadAfterTheCutIsStillTheAbsoluteOne() throws Exception {
        String[][] cases = {
            {"https://h.test/a/b?q=1", "/a/b", "q=1", "GET /a/b?q=1 HTTP/1.1\r\n"},
            {"https://h.test", "/", null, "GET / HTTP/1.1\r\n"},
            {"https://[::1]:8443/v6?q", "/v6", "q", "GET /v6?q HTTP/1.1\r\n"},
        };
        for (String[] c : cases) {
            RequestHead h = head(c[0]);
            h.clientVersion("2.0");
            assertTrue(h.toOriginForm(), c[0]);
            assertEquals(c[0], h.uri(), c[0]);
            assertEquals(c[1], h.path(), c[0]);
            assertEquals(c[2], h.query(), c[0]);
            assertTrue(h.emittedText().startsWith(c[3]), h.emittedText());
        }
        RequestHead edited = head("https://h.test/a");
        edited.setPath("/b");
        edited.toOriginForm();
        assertEquals("https://h.test/b", edited.uri());
        assertTrue(edited.emittedText().startsWith("GET /b HTTP/1.1\r\n"), edited.emittedText());
    }

    @Test
    void anOriginFormTargetIsLeftUnedited() throws Exception {
        RequestHead h = head("/p?q");
        assertFalse(h.toOriginForm());
        assertTrue(h.originForm());
        assertEquals("GET /p?q HTTP/1.1\r\nhost: h.test\r\nx-a: 1\r\n\r\n".length(), h.emittedSize());
    }
}
