package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One stream to an HTTP/2 server: the engine's HTTP/1.1 bytes out as frames, the server's frames in as bytes. */
class H2ServerStreamBridgeTest {

    /** Stands where the engine's ServerLink is: records bytes and failure events. */
    private static final class Link extends ChannelInboundHandlerAdapter {
        final StringBuilder in = new StringBuilder();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            in.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestBytesBecomeFramesAndTheResponseBecomesHttp11() {
        Link link = new Link();
        EmbeddedChannel ch = new EmbeddedChannel(new H2ServerStreamBridge(H1Limits.DEFAULTS), link);
        ch.writeAndFlush(bytes("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"));
        Http2HeadersFrame h = ch.readOutbound();
        assertEquals("POST", h.headers().method().toString());
        assertEquals("h", h.headers().authority().toString());
        assertFalse(h.isEndStream());
        Http2DataFrame d = ch.readOutbound();
        assertEquals("ok", d.content().toString(StandardCharsets.US_ASCII));
        assertTrue(d.isEndStream());
        d.release();
        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        ch.writeInbound(new DefaultHttp2DataFrame(bytes("body"), true));
        assertEquals("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\nbody\r\n0\r\n\r\n", link.in.toString());
        assertTrue(link.events.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void aMalformedResponseResetsTheStreamAndFailsTheExchange() {
        Link link = new Link();
        EmbeddedChannel ch = new EmbeddedChannel(new H2ServerStreamBridge(H1Limits.DEFAULTS), link);
        ch.writeAndFlush(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
        Http2HeadersFrame h = ch.readOutbound();
        assertTrue(h.isEndStream());
        // a CR LF in a value would split the HTTP/1 head: the response-splitting form of the desync attack
        ch.writeInbound(new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers(false).status("200").add("x-a", "1\r\nset-cookie: evil"), true));
        Http2ResetFrame rst = ch.readOutbound();
        assertEquals(Http2Error.PROTOCOL_ERROR.code(), rst.errorCode());
        assertEquals(List.of(ServerLink.Failure.INVALID), link.events);
        assertEquals("", link.in.toString(), "nothing of it reached the engine");
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void anUpgradeToAServerWithoutExtendedConnectFails() {
        Link link = new Link();
        EmbeddedChannel ch = new EmbeddedChannel(new H2ServerStreamBridge(H1Limits.DEFAULTS), link);
        ch.writeAndFlush(bytes("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: custom\r\n\r\n"));
        assertEquals(List.of(ServerLink.Failure.UNSUPPORTED), link.events);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }
}
