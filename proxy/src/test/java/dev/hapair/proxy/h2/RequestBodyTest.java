package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** DATA frames re-framed for HTTP/1.1: golden bytes, and the length checks of RFC 9113 8.1.1. */
class RequestBodyTest {
    private static final ByteBufAllocator A = ByteBufAllocator.DEFAULT;

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    private static String data(RequestBody body, String payload, boolean end) throws StreamRefused {
        ByteBuf in = buf(payload);
        try {
            ByteBuf out = body.data(in, end, A);
            return out == null ? null : text(out);
        } finally {
            in.release();
        }
    }

    @Test
    void withoutALengthDataBecomesChunks() throws StreamRefused {
        RequestBody b = RequestBody.chunked();
        assertEquals("5\r\nhello\r\n", data(b, "hello", false));
        assertEquals("10\r\n0123456789abcdef\r\n", data(b, "0123456789abcdef", false));
        assertNull(data(b, "", false));
        assertEquals("1\r\n!\r\n0\r\n\r\n", data(b, "!", true));
        assertTrue(b.ended());
        assertThrows(StreamRefused.class, () -> data(b, "more", false));
    }

    @Test
    void anEmptyEndingFrameIsTheLastChunk() throws StreamRefused {
        RequestBody b = RequestBody.chunked();
        assertEquals("2\r\nab\r\n", data(b, "ab", false));
        assertEquals("0\r\n\r\n", data(b, "", true));
    }

    @Test
    void trailersFollowTheLastChunk() throws StreamRefused {
        RequestBody b = RequestBody.chunked();
        data(b, "ab", false);
        ByteBuf t = b.trailers(new DefaultHttp2Headers(false).add("x-sum", " 42 "), A);
        assertEquals("0\r\nx-sum: 42\r\n\r\n", text(t));
        assertThrows(StreamRefused.class, () -> RequestBody.chunked()
                .trailers(new DefaultHttp2Headers(false).add(":path", "/"), A));
        assertThrows(StreamRefused.class, () -> RequestBody.chunked()
                .trailers(new DefaultHttp2Headers(false).add("x", "a\r\nb"), A));
    }

    @Test
    void withALengthDataPassesAsItIsAndMustMatch() throws StreamRefused {
        RequestBody b = RequestBody.length(5);
        assertEquals("hel", data(b, "hel", false));
        assertEquals("lo", data(b, "lo", true));
        // longer than announced: the h2_to_h1 reg-test's "this is sent and ignored" after content-length 2
        RequestBody longer = RequestBody.length(2);
        assertThrows(StreamRefused.class, () -> data(longer, "this is sent and ignored", false));
        RequestBody shorter = RequestBody.length(5);
        assertThrows(StreamRefused.class, () -> data(shorter, "abc", true));
        RequestBody trailersEarly = RequestBody.length(5);
        data(trailersEarly, "abc", false);
        assertThrows(StreamRefused.class, () -> trailersEarly.trailers(new DefaultHttp2Headers(false), A));
    }

    @Test
    void trailersOfARequestWithALengthAreDropped() throws StreamRefused {
        RequestBody b = RequestBody.length(2);
        data(b, "ab", false);
        assertNull(b.trailers(new DefaultHttp2Headers(false).add("x", "1"), A));
        assertTrue(b.ended());
    }

    @Test
    void dataOnARequestThatEndedIsMalformed() {
        assertThrows(StreamRefused.class, () -> data(RequestBody.none(), "x", false));
    }
}
