package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An HTTP/2 server's response frames into the HTTP/1.1 bytes the engine reads (golden text), and RFC 9113 8. */
class ServerResponseTranslatorTest {
    private static final ByteBufAllocator A = ByteBufAllocator.DEFAULT;

    private static ServerResponseTranslator plain(boolean head) {
        return new ServerResponseTranslator(ServerRequestTranslator.Kind.PLAIN, null, head, null);
    }

    private static Http2Headers h(String... kv) {
        Http2Headers h = new DefaultHttp2Headers(false);
        for (int i = 0; i < kv.length; i += 2) h.add(kv[i], kv[i + 1]);
        return h;
    }

    private static String text(ByteBuf b) {
        if (b == null) return null;
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    private static ByteBuf data(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void bodyWithoutLengthIsChunkedWithTrailers() throws Exception {
        ServerResponseTranslator t = plain(false);
        assertEquals(
                "HTTP/1.1 200 OK\r\nx-a: 1\r\ntransfer-encoding: chunked\r\n\r\n",
                text(t.headers(h(":status", "200", "x-a", "1"), false, A)));
        assertEquals("5\r\nhello\r\n", text(t.data(data("hello"), false, A)));
        assertEquals("0\r\nx-t: 2\r\n\r\n", text(t.headers(h("x-t", "2"), true, A)));
        assertTrue(t.done());
    }

    @Test
    void bodyWithLengthIsRelayedAndChecked() throws Exception {
        ServerResponseTranslator t = plain(false);
        assertEquals(
                "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\n",
                text(t.headers(h(":status", "404", "content-length", "3"), false, A)));
        assertEquals("abc", text(t.data(data("abc"), true, A)));
        ServerResponseTranslator over = plain(false);
        over.headers(h(":status", "200", "content-length", "2"), false, A).release();
        assertThrows(StreamRefused.class, () -> over.data(data("abc"), true, A));
        ServerResponseTranslator shorter = plain(false);
        shorter.headers(h(":status", "200", "content-length", "4"), false, A).release();
        assertThrows(StreamRefused.class, () -> shorter.data(data("abc"), true, A));
    }

    @Test
    void endOnHeadersGetsContentLengthZeroExceptForBodylessResponses() throws Exception {
        assertEquals(
                "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
                text(plain(false).headers(h(":status", "200"), true, A)));
        assertEquals("HTTP/1.1 204 No Content\r\n\r\n", text(plain(false).headers(h(":status", "204"), true, A)));
        assertEquals(
                "HTTP/1.1 200 OK\r\ncontent-length: 20\r\n\r\n",
                text(plain(true).headers(h(":status", "200", "content-length", "20"), true, A)));
        ServerResponseTranslator head = plain(true);
        assertNull(head.headers(h(":status", "200"), false, A), "held until the stream ends");
        assertNull(head.data(data("must not reach the client"), false, A));
        assertEquals("HTTP/1.1 200 OK\r\n\r\n", text(head.data(data(""), true, A)));
        assertTrue(head.done());
    }

    @Test
    void interimResponsesComeBeforeTheFinalOne() throws Exception {
        ServerResponseTranslator t = plain(false);
        assertEquals(
                "HTTP/1.1 103 Early Hints\r\nlink: </s>\r\n\r\n",
                text(t.headers(h(":status", "103", "link", "</s>"), false, A)));
        assertEquals("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", text(t.headers(h(":status", "200"), true, A)));
    }

    @Test
    void malformedResponsesAreRefused() {
        String[][] bad = {
            {"x-a", "1"}, // no :status
            {":status", "20"},
            {":status", "101"},
            {":status", "200", ":path", "/"},
            {":status", "200", ":status", "200"},
            {":status", "200", "X-Upper", "1"},
            {":status", "200", "connection", "close"},
            {":status", "200", "transfer-encoding", "chunked"},
            {":status", "200", "x-a", "a\r\nx-b: injected"},
            {":status", "200", "content-length", "1", "content-length", "2"},
            {":status", "200", "content-length", "-1"},
        };
        for (String[] kv : bad) {
            assertThrows(StreamRefused.class, () -> plain(false).headers(h(kv), false, A), String.join(" ", kv));
        }
        assertThrows(
                StreamRefused.class, () -> plain(false).headers(h(":status", "200", "content-length", "3"), true, A));
        assertThrows(StreamRefused.class, () -> plain(false).headers(h(":status", "100"), true, A));
        assertThrows(StreamRefused.class, () -> plain(false).data(data("x"), false, A));
    }

    @Test
    void extendedConnectTwoHundredBecomesA101WithTheClientsAccept() throws Exception {
        ServerResponseTranslator t = new ServerResponseTranslator(
                ServerRequestTranslator.Kind.UPGRADE, "websocket", false, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertEquals(
                "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n"
                        + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
                text(t.headers(h(":status", "200", "sec-websocket-accept", "other"), false, A)));
        assertTrue(t.tunnel());
        assertEquals("frame bytes", text(t.data(data("frame bytes"), false, A)));
        ServerResponseTranslator refused =
                new ServerResponseTranslator(ServerRequestTranslator.Kind.UPGRADE, "websocket", false, null);
        assertEquals(
                "HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n",
                text(refused.headers(h(":status", "403"), true, A)));
    }
}
