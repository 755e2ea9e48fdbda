package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link RequestHead#toOriginForm}: an HTTP/2 request's absolute target cut to origin form for an HTTP/1.1 server
 * from its bytes gives exactly what the string way gave ({@code setUri(Targets.originForm(uri()))}, the code before
 * it): the same head on the wire, the same {@code uri()}, path and query after it, and edits after it (set-path,
 * set-query, a second call on a retry) behave as after the string way.
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
        String host = authority != null ? authority : "h.test";
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
            assertEquals(string.uri(), bytes.uri(), t);
            assertEquals(string.path(), bytes.path(), t);
            assertEquals(string.query(), bytes.query(), t);
            assertEquals(string.originForm(), bytes.originForm(), t);
            assertEquals(string.emittedSize(), bytes.emittedSize(), t);
            assertTrue(bytes.estimatedSize() >= bytes.emittedText().length(), t);
            // a retry connects again: nothing changes the second time, as before
            assertEquals(stringWay(string), bytes.toOriginForm(), t);
            assertEquals(string.emittedText(), bytes.emittedText(), t);
        }
    }

    @Test
    void theCutTargetIsWhatLaterEditsStartFrom() throws Exception {
        RequestHead h = head("https://h.test/a/b?q=1");
        assertTrue(h.toOriginForm());
        assertEquals("/a/b?q=1", h.uri());
        assertTrue(h.emittedText().startsWith("GET /a/b?q=1 HTTP/1.1\r\nhost: h.test\r\n"), h.emittedText());
        h.setQuery("z=9");
        assertEquals("/a/b?z=9", h.uri());
        h.setPath("/c");
        assertTrue(h.emittedText().startsWith("GET /c?z=9 HTTP/1.1\r\n"), h.emittedText());
    }

    @Test
    void anOriginFormTargetIsLeftUnedited() throws Exception {
        RequestHead h = head("/p?q");
        assertFalse(h.toOriginForm());
        assertTrue(h.originForm());
        assertEquals("GET /p?q HTTP/1.1\r\nhost: h.test\r\nx-a: 1\r\n\r\n".length(), h.emittedSize());
    }
}
