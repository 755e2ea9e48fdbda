package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.rules.HeadEditor;
import org.junit.jupiter.api.Test;

/**
 * What the request editor keeps between rules (the last header read, the path sample) never outlives the edits
 * that change it: each read after an edit sees the head as edited.
 */
class H1HeadsReadsTest {

    private static HeadEditor request(String fields) throws Exception {
        return H1Heads.request(HeadParser.requestOf("GET /a/b?x=1 HTTP/1.1\r\n" + fields + "\r\n"));
    }

    @Test
    void aHeaderReadAgainSeesEveryEditOfIt() throws Exception {
        HeadEditor h = request("Host: one\r\nX-A: 1\r\n");
        assertEquals("one", h.oneHeader("host"));
        assertSame(h.oneHeader("host"), h.oneHeader("host")); // kept: not made again
        h.set("X-Other", "2"); // other fields' edits leave it
        h.remove("x-a");
        assertEquals("one", h.oneHeader("host"));
        h.set("Host", "two"); // deleted and added again
        assertEquals("two", h.oneHeader("host"));
        h.rewrite("host", v -> v + "!"); // same field, new value
        assertEquals("two!", h.oneHeader("host"));
        h.add("HOST", "three"); // a second line
        assertSame(HeadEditor.SEVERAL, h.oneHeader("host"));
        h.remove("host");
        assertNull(h.oneHeader("host"));
        h.add("Host", "four");
        assertEquals("four", h.oneHeader("host"));
    }

    @Test
    void anAbsentHeaderReadDoesNotHideTheOneKept() throws Exception {
        HeadEditor h = request("Host: one\r\n");
        assertEquals("one", h.oneHeader("host"));
        assertNull(h.oneHeader("authorization"));
        h.add("Authorization", "Basic x");
        assertEquals("Basic x", h.oneHeader("authorization"));
        assertEquals("one", h.oneHeader("host"));
        assertEquals("one", h.oneHeader("Host")); // another spelling of the name is read, not kept
    }

    @Test
    void thePathSampleFollowsTheTarget() throws Exception {
        HeadEditor h = request("Host: one\r\n");
        assertEquals("/a/b", h.pathSample().toText());
        assertSame(h.pathSample(), h.pathSample());
        h.setUri("/c?y=2");
        assertEquals("/c", h.pathSample().toText());
        h.setUri("http://example.com");
        assertEquals("/", h.pathSample().toText());
    }

    @Test
    void setHeaderCountsTheBytesOfEveryLineItReplaces() throws Exception {
        HeadEditor h = request("X-A: 12\r\nx-a:   345  \r\nX-B: 1\r\n");
        assertEquals(("X-A".length() + 2 + 4) + ("X-A".length() + 3 + 4), h.lineBytes("X-A"));
        h.rewrite("x-a", v -> v.equals("12") ? "123456" : v);
        assertEquals((3 + 6 + 4) + (3 + 3 + 4), h.lineBytes("x-a"));
        assertEquals(0, h.lineBytes("x-c"));
    }
}
