package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.ResponseHead;
import org.junit.jupiter.api.Test;

/**
 * A 1xx or 204 response goes out without Content-Length and Transfer-Encoding, as HAProxy 2.6's H1 mux writes it
 * (measured on 2.6.12: {@code 204} with {@code Transfer-Encoding: chunked} reaches the client without it); 304 and
 * answers to HEAD keep theirs (their length is the resource's, and HAProxy keeps them too).
 */
class BodylessResponseFieldsTest {

    private static ResponseHead response(String head) throws Exception {
        return HeadParser.responseOf(head, false);
    }

    @Test
    void a204AndInterimResponsesLoseTheirFramingFields() throws Exception {
        ResponseHead r =
                response("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nX: y\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertTrue(ServerSide.dropsFramingFields(r));
        assertEquals("HTTP/1.1 204 No Content\r\nX: y\r\n\r\n", r.emittedText());
        ResponseHead interim = response("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n");
        assertTrue(ServerSide.dropsFramingFields(interim));
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim.emittedText());
    }

    /** hapair's own 204 (http-request return status 204, an errorfile) goes out the same way, with no body bytes. */
    @Test
    void localA204HasNoFramingFieldNorBody() {
        io.netty.handler.codec.http.DefaultFullHttpResponse r = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT,
                io.netty.buffer.Unpooled.copiedBuffer("x", java.nio.charset.StandardCharsets.US_ASCII));
        r.headers().set("x", "y").set("content-length", "1");
        io.netty.buffer.ByteBuf out =
                LocalResponses.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, r, false, false);
        try {
            assertEquals(
                    "HTTP/1.1 204 No Content\r\nx: y\r\n\r\n",
                    out.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        } finally {
            out.release();
        }
        io.netty.handler.codec.http.DefaultFullHttpResponse ok =
                new io.netty.handler.codec.http.DefaultFullHttpResponse(
                        io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                        io.netty.handler.codec.http.HttpResponseStatus.OK,
                        io.netty.buffer.Unpooled.copiedBuffer("x", java.nio.charset.StandardCharsets.US_ASCII));
        io.netty.buffer.ByteBuf okOut =
                LocalResponses.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, ok, false, false);
        try {
            assertEquals(
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
                    okOut.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        } finally {
            okOut.release();
        }
    }

    /**
     * A local 101 (`http-request return status 200 hdr connection upgrade ...` + `http-after-response set-status 101`,
     * a websocket server made of rules, as HAProxy's reg-tests websocket.vtc and srv_ws.vtc build one) keeps its
     * Connection: upgrade, as haproxy 2.6.12 sends it; without it a proxy in front answers 502.
     */
    @Test
    void aLocal101KeepsItsConnectionUpgrade() {
        io.netty.handler.codec.http.DefaultFullHttpResponse r = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                io.netty.handler.codec.http.HttpResponseStatus.SWITCHING_PROTOCOLS,
                io.netty.buffer.Unpooled.EMPTY_BUFFER);
        r.headers().set("connection", "upgrade").set("upgrade", "websocket");
        io.netty.buffer.ByteBuf out =
                LocalResponses.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, r, false, false);
        try {
            assertEquals(
                    "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n",
                    out.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        } finally {
            out.release();
        }
    }

    @Test
    void otherResponsesKeepThem() throws Exception {
        for (String head : new String[] {
            "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 204 No Content\r\nX: y\r\n\r\n",
            "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n",
        }) {
            ResponseHead r = response(head);
            assertFalse(ServerSide.dropsFramingFields(r), head);
            assertEquals(head, r.emittedText(), head);
        }
    }
}
