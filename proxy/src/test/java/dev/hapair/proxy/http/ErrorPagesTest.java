package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorPagesTest {
    @Test
    void bodiesHaveHaproxyLengths() {
        // Content-length values of HAProxy 2.6's built-in pages.
        assertEquals(90, ErrorPages.bodyOf(400).length());
        assertEquals(93, ErrorPages.bodyOf(403).length());
        assertEquals(110, ErrorPages.bodyOf(408).length());
        assertEquals(107, ErrorPages.bodyOf(502).length());
        assertEquals(107, ErrorPages.bodyOf(503).length());
        assertEquals(92, ErrorPages.bodyOf(504).length());
    }

    @Test
    void serviceUnavailablePageIsHaproxys() {
        FullHttpResponse r = ErrorPages.response(ByteBufAllocator.DEFAULT, 503, false);
        try {
            assertEquals("503 Service Unavailable", r.status().toString());
            assertEquals("107", r.headers().get("Content-Length"));
            assertEquals("no-cache", r.headers().get("Cache-Control"));
            assertEquals("text/html", r.headers().get("Content-Type"));
            assertEquals(null, r.headers().get("Connection"));
            assertEquals(
                    "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n"
                            + "</body></html>\n",
                    r.content().toString(StandardCharsets.US_ASCII));
        } finally {
            r.release();
        }
    }

    @Test
    void closingPagesSayConnectionClose() {
        FullHttpResponse r = ErrorPages.response(ByteBufAllocator.DEFAULT, 408, true);
        try {
            assertEquals("408 Request Time-out", r.status().toString());
            assertEquals("close", r.headers().get("Connection"));
        } finally {
            r.release();
        }
    }
}
