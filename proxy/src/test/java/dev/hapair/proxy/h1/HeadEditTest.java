package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeadEditTest {
    private static final String REQ =
            "GET /p?q=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nCookie: c=1\r\nX-A: 2\r\nAccept: */*\r\n\r\n";

    @Test
    void unEditedHeadIsEmittedByteForByte() throws Exception {
        String odd = "GET /p HTTP/1.1\r\nhOsT:h\r\nX-Odd:   spaced  \r\n\r\n";
        assertEquals(odd, H1.request(odd).emittedText());
    }

    @Test
    void untouchedLinesAreCopiedAndEditsWritten() throws Exception {
        RequestHead h = H1.request(REQ);
        assertEquals(2, h.delHeader("x-a"));
        h.addHeader("X-Forwarded-For", "10.0.0.1");
        h.replaceValue(h.indexOf("cookie", 0), "c=2");
        assertEquals(
                "GET /p?q=1 HTTP/1.1\r\nHost: h\r\nCookie: c=2\r\nAccept: */*\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
                h.emittedText());
        assertNull(h.header("x-a"));
        assertEquals("10.0.0.1", h.header("x-forwarded-for"));
    }

    @Test
    void setHeaderReplacesAllOccurrencesAtTheEnd() throws Exception {
        RequestHead h = H1.request(REQ);
        h.setHeader("x-a", "3");
        assertEquals("GET /p?q=1 HTTP/1.1\r\nHost: h\r\nCookie: c=1\r\nAccept: */*\r\nx-a: 3\r\n\r\n", h.emittedText());
        assertEquals(java.util.List.of("3"), h.headers("X-A"));
    }

    @Test
    void startLineEdits() throws Exception {
        RequestHead h = H1.request(REQ);
        h.setPath("/new");
        assertEquals("/new?q=1", h.uri());
        h.setQuery(null);
        h.setMethod("POST");
        assertTrue(h.emittedText().startsWith("POST /new HTTP/1.1\r\nHost: h\r\n"));
        RequestHead abs = H1.request("GET http://h/a?b HTTP/1.1\r\nHost: h\r\n\r\n");
        abs.setPath("/z");
        assertEquals("http://h/z?b", abs.uri());
        ResponseHead r = H1.response("HTTP/1.1 200 OK\r\nA: b\r\n\r\n");
        r.setStatus(503, "Service Unavailable");
        assertEquals("HTTP/1.1 503 Service Unavailable\r\nA: b\r\n\r\n", r.emittedText());
    }

    @Test
    void emittedSizeIsWhatWriteToWritesWithoutWritingIt() throws Exception {
        ResponseHead r = H1.response("HTTP/1.1 200 OK\r\nServer: n\r\nConnection: keep-alive\r\nX-A: 1\r\n\r\n");
        assertEquals(r.emittedText().length(), r.emittedSize()); // untouched: the received bytes
        r.delHeader("connection");
        assertEquals(r.emittedText().length(), r.emittedSize());
        r.addHeader("Connection", "close");
        r.replaceValue(r.indexOf("x-a", 0), "a longer value");
        assertEquals(
                "HTTP/1.1 200 OK\r\nServer: n\r\nX-A: a longer value\r\nConnection: close\r\n\r\n", r.emittedText());
        assertEquals(r.emittedText().length(), r.emittedSize());
        RequestHead q = H1.request(REQ);
        q.delHeader("x-a");
        q.setHeader("X-Forwarded-For", "10.0.0.1");
        assertEquals(q.emittedText().length(), q.emittedSize());
        r.setStatus(503, "Service Unavailable");
        assertEquals(-1, r.emittedSize(), "an edited start line is only known by writing it");
    }

    @Test
    void lowerCaseNamesOfCommonFieldsAreSharedAndOthersCopied() throws Exception {
        ResponseHead r = H1.response(
                "HTTP/1.1 200 OK\r\nContent-Type: t\r\nDATE: d\r\nContent-Tzpe: x\r\nX-Own: y\r\nserver: s\r\n\r\n");
        ResponseHead again = H1.response("HTTP/1.1 200 OK\r\ncontent-type: t\r\n\r\n");
        assertEquals("content-type", r.fieldNameLower(0).toString());
        assertTrue(r.fieldNameLower(0) == again.fieldNameLower(0), "a common name is one shared instance");
        assertEquals("date", r.fieldNameLower(1).toString());
        assertEquals("content-tzpe", r.fieldNameLower(2).toString()); // same length and letter, another name
        assertEquals("x-own", r.fieldNameLower(3).toString());
        assertEquals("server", r.fieldNameLower(4).toString());
        r.addHeader("Set-Cookie", "a=b");
        assertEquals("set-cookie", r.fieldNameLower(5).toString());
    }

    @Test
    void largeEditedHeadsAndEditedReceivedLines() throws Exception {
        // larger than the per-thread array the fields are composed in
        String big = "v".repeat(20000);
        RequestHead h = H1.request(REQ);
        h.addHeader("X-Big", big);
        h.replaceValue(h.indexOf("accept", 0), "text/plain");
        String want = "GET /p?q=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nCookie: c=1\r\nX-A: 2\r\nAccept: text/plain\r\n"
                + "X-Big: " + big + "\r\n\r\n";
        assertEquals(want, h.emittedText());
        assertEquals(want, h.emittedText(), "emitting twice gives the same bytes");
        // Latin-1 bytes of a value survive as they are (one byte per char)
        RequestHead l = H1.request(REQ);
        l.setHeader("X-L", "caf\u00e9\u00ff");
        l.setHeader("x-a", "3");
        assertEquals(
                "GET /p?q=1 HTTP/1.1\r\nHost: h\r\nCookie: c=1\r\nAccept: */*\r\nX-L: caf\u00e9\u00ff\r\nx-a: 3\r\n\r\n",
                l.emittedText());
    }

    @Test
    void methodsAsReceived() throws Exception {
        for (String m : new String[] {"GET", "POST", "HEAD", "PUT", "GETS", "get", "POSX", "HEA", "OPTIONS"}) {
            RequestHead h = H1.request(m + " / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(m, h.method());
            assertEquals(m.equals("HEAD"), h.isHead(), m);
        }
    }

    @Test
    void anInvalidNameDeletesNothing() throws Exception {
        RequestHead h = H1.request(REQ);
        assertThrows(IllegalArgumentException.class, () -> h.setHeader("X-A b", "x"));
        assertEquals(java.util.List.of("1", "2"), h.headers("x-a"));
    }

    @Test
    void editsCannotSplitTheMessage() throws Exception {
        RequestHead h = H1.request(REQ);
        assertThrows(IllegalArgumentException.class, () -> h.addHeader("A", "x\r\nEvil: 1"));
        assertThrows(IllegalArgumentException.class, () -> h.addHeader("A b", "x"));
        assertThrows(IllegalArgumentException.class, () -> h.setUri("/a b"));
        assertThrows(IllegalArgumentException.class, () -> h.setMethod("G T"));
        assertTrue(MessageHead.isFramingHeader("Content-Length"));
    }
}
