package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ids of the streams hapair opens to an HTTP/2 server, read from the bytes on the wire. */
class H2ClientCodecTest {

    @Test
    void theFirstStreamOfAConnectionIsStreamOneThenTheOddNumbers() {
        Http2FrameCodec codec = new H2ClientCodec().build();
        EmbeddedChannel ch = new EmbeddedChannel(
                codec,
                new io.netty.handler.codec.http2.FirstClientStream(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        List<List<String>> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> mine = new ArrayList<>();
            seen.add(mine);
            Channel stream = new Http2StreamChannelBootstrap(ch)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof Http2HeadersFrame h)
                                mine.add(h.stream().id() + " " + h.headers().status());
                            io.netty.util.ReferenceCountUtil.release(msg);
                        }
                    })
                    .open()
                    .syncUninterruptibly()
                    .getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(
                    new DefaultHttp2Headers()
                            .method("GET")
                            .scheme("http")
                            .path("/")
                            .authority("h"),
                    true));
            ch.runPendingTasks();
        }
        assertEquals(List.of(1, 3, 5), headersStreamIds(ch));
        assertEquals(5, codec.connection().local().lastStreamCreated());
        assertTrue(codec.connection().local().isValidStreamId(7));
        // the server's answers (SETTINGS, then ":status 200" on 3 and 1, ":status 204" on 5) reach the channel
        // that opened each stream, stream 1's included
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {
            0,
            0,
            0,
            4,
            0,
            0,
            0,
            0,
            0, // SETTINGS
            0,
            0,
            1,
            1,
            5,
            0,
            0,
            0,
            3,
            (byte) 0x88, // HEADERS stream 3, END_STREAM|END_HEADERS, :status 200
            0,
            0,
            1,
            1,
            5,
            0,
            0,
            0,
            1,
            (byte) 0x88, // stream 1
            0,
            0,
            1,
            1,
            5,
            0,
            0,
            0,
            5,
            (byte) 0x89 // stream 5, :status 204
        }));
        ch.runPendingTasks();
        assertEquals(List.of(List.of("1 200"), List.of("3 200"), List.of("5 204")), seen);
        assertEquals(null, ch.pipeline().get(io.netty.handler.codec.http2.FirstClientStream.class));
        ch.finishAndReleaseAll();
    }

    @Test
    void anUpgradeTheServerCannotTakeSpendsStreamOneOnAResetAsHaproxyDoes() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new H2ClientCodec().build(),
                new io.netty.handler.codec.http2.FirstClientStream(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        for (String request : List.of(
                "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: custom\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\r\n\r\n")) {
            Channel stream = new Http2StreamChannelBootstrap(ch)
                    .handler(new H2ServerStreamBridge(dev.hapair.proxy.h1.H1Limits.DEFAULTS))
                    .open()
                    .syncUninterruptibly()
                    .getNow();
            stream.writeAndFlush(Unpooled.copiedBuffer(request, java.nio.charset.StandardCharsets.ISO_8859_1));
            ch.runPendingTasks();
        }
        // the server got no HEADERS for the refused upgrade (its own 502 went to the client), a reset of stream 1
        // (INTERNAL_ERROR), and the next request on stream 3
        assertEquals(List.of("RST_STREAM 1 code 2", "HEADERS 3"), frames(ch));
        ch.finishAndReleaseAll();
    }

    /** The stream id of every HEADERS frame written, after the client preface. */
    private static List<Integer> headersStreamIds(EmbeddedChannel ch) {
        List<Integer> ids = new ArrayList<>();
        for (String f : frames(ch)) {
            if (f.startsWith("HEADERS ")) ids.add(Integer.parseInt(f.substring(8)));
        }
        return ids;
    }

    /** The HEADERS and RST_STREAM frames written, after the client preface. */
    private static List<String> frames(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        all.skipBytes(Http2CodecUtil.connectionPrefaceBuf().readableBytes());
        List<String> out = new ArrayList<>();
        while (all.readableBytes() >= 9) {
            int length = all.readUnsignedMedium();
            int type = all.readUnsignedByte();
            all.skipBytes(1); // flags
            int stream = all.readInt() & 0x7fffffff;
            if (type == 3) out.add("RST_STREAM " + stream + " code " + all.getInt(all.readerIndex()));
            if (type == 1) out.add("HEADERS " + stream);
            all.skipBytes(length);
        }
        all.release();
        return out;
    }
}
