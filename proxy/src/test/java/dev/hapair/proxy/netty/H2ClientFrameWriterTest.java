package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

/**
 * hapair's HTTP/2 frame writer with golden frames: a HEADERS frame and a small DATA frame are one buffer written
 * with the caller's promise (Netty's writer wrote each as two writes tied by a promise aggregator), a large payload
 * goes as it is behind its own frame header, a header block over the client's frame size is split into HEADERS and
 * CONTINUATION frames, and a block over the client's header list size fails its promise and writes nothing.
 */
class H2ClientFrameWriterTest {
    private final H2ClientFrameWriter writer = new H2ClientFrameWriter();
    private ChannelHandlerContext ctx;
    private final EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }
    });

    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s.replace(" ", ""));
    }

    private static byte[] take(ByteBuf b) {
        byte[] a = ByteBufUtil.getBytes(b);
        b.release();
        return a;
    }

    @Test
    void aHeadersFrameIsOneBufferWithTheCallersPromise() {
        ChannelPromise p = ch.newPromise();
        Http2Headers h = new DefaultHttp2Headers(false).status("200").add("content-length", "0");
        writer.writeHeaders(ctx, 1, h, 0, true, p);
        ch.flush();
        assertTrue(p.isSuccess());
        // length 5, HEADERS, END_STREAM | END_HEADERS, stream 1; :status 200, content-length: 0
        assertArrayEquals(hex("000005 01 05 00000001 88 0f0d 01 30"), take(ch.readOutbound()));
        assertNull(ch.readOutbound()); // one write, not a frame header and a block apart
    }

    @Test
    void aSmallDataFrameIsOneBufferItsPayloadCopiedAndReleased() {
        ChannelPromise p = ch.newPromise();
        ByteBuf payload = Unpooled.copiedBuffer(hex("68656c6c6f"));
        writer.writeData(ctx, 3, payload, 0, false, p);
        ch.flush();
        assertTrue(p.isSuccess());
        assertEquals(0, payload.refCnt());
        assertArrayEquals(hex("000005 00 00 00000003 68656c6c6f"), take(ch.readOutbound()));
        assertNull(ch.readOutbound());
        // an empty last frame: the frame header alone
        writer.writeData(ctx, 3, Unpooled.EMPTY_BUFFER, 0, true, ch.newPromise());
        ch.flush();
        assertArrayEquals(hex("000000 00 01 00000003"), take(ch.readOutbound()));
    }

    @Test
    void aLargePayloadGoesAsItIsBehindItsFrameHeader() {
        int n = H2ClientFrameWriter.COPY_DATA_MAX + 1;
        ByteBuf payload = Unpooled.buffer(n).writeZero(n);
        ChannelPromise p = ch.newPromise();
        writer.writeData(ctx, 5, payload, 0, true, p);
        ch.flush();
        assertTrue(p.isSuccess());
        ByteBuf header = ch.readOutbound();
        assertEquals(n, header.getUnsignedMedium(0));
        assertEquals(0x01, header.getByte(4));
        assertEquals(5, header.getInt(5));
        assertEquals(9, header.readableBytes());
        header.release();
        ByteBuf body = ch.readOutbound();
        assertSame(payload, body); // not copied
        body.release();
    }

    @Test
    void aBlockOverTheFrameSizeIsSplitIntoContinuationFrames() throws Exception {
        Http2Headers h = new DefaultHttp2Headers(false).status("200").add("x-big", "v".repeat(40_000));
        writer.writeHeaders(ctx, 7, h, 0, false, ch.newPromise());
        ch.flush();
        ByteBuf out = ch.readOutbound();
        ByteBuf block = Unpooled.buffer();
        int frames = 0;
        while (out.isReadable()) {
            int len = out.readUnsignedMedium();
            int type = out.readByte();
            int flags = out.readByte();
            assertEquals(7, out.readInt());
            assertTrue(len <= 16384);
            assertEquals(frames == 0 ? 0x1 : 0x9, type); // HEADERS then CONTINUATION
            assertEquals(out.isReadable(len + 1) ? 0 : 0x4, flags); // END_HEADERS on the last one only
            block.writeBytes(out, len);
            frames++;
        }
        out.release();
        assertEquals(3, frames);
        Http2Headers back = new DefaultHttp2HeadersDecoder(false, 1 << 20).decodeHeaders(7, block);
        assertEquals(h, back);
        block.release();
    }

    @Test
    void aBlockOverTheClientsHeaderListSizeFailsItsPromiseAndWritesNothing() throws Exception {
        writer.configuration().headersConfiguration().maxHeaderListSize(64);
        ChannelPromise p = ch.newPromise();
        Http2Headers h = new DefaultHttp2Headers(false).status("200").add("x-a", "v".repeat(40));
        writer.writeHeaders(ctx, 9, h, 0, true, p);
        ch.flush();
        assertFalse(p.isSuccess());
        assertInstanceOf(Http2Exception.class, p.cause());
        assertNull(ch.readOutbound());
    }

    @Test
    void withTheCoalescerFramesAreEncodedIntoItsBatchInTheOrderOfTheWrites() {
        H2WriteCoalescer coalescer = new H2WriteCoalescer();
        ChannelHandlerContext[] top = new ChannelHandlerContext[1];
        EmbeddedChannel ch = new EmbeddedChannel(coalescer, new ChannelOutboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext c) {
                top[0] = c;
            }
        });
        H2ClientFrameWriter w = new H2ClientFrameWriter(coalescer);
        ChannelHandlerContext c = top[0];
        ChannelPromise headers = ch.newPromise();
        w.writeHeaders(
                c, 1, new DefaultHttp2Headers(false).status("200").add("content-length", "0"), 0, false, headers);
        ByteBuf hi = Unpooled.copiedBuffer(hex("6869"));
        w.writeData(c, 1, hi, 0, true, ch.newPromise());
        assertEquals(0, hi.refCnt()); // copied into the batch
        w.writeWindowUpdate(c, 0, 100, ch.newPromise()); // Netty's writer: through the pipeline
        ByteBuf big = Unpooled.buffer(3000).writeZero(3000);
        ChannelPromise bigDone = ch.newPromise();
        w.writeData(c, 3, big, 0, false, bigDone);
        w.writeHeaders(c, 5, new DefaultHttp2Headers(false).status("200"), 0, true, ch.newPromise());
        assertNull(ch.readOutbound()); // nothing written before the flush
        assertFalse(headers.isDone()); // nor reported written
        assertEquals(9 + 1, coalescer.pendingBytes()); // HEADERS 5 opened a new batch after the large payload
        ch.flush();
        assertTrue(headers.isSuccess());
        assertTrue(bigDone.isSuccess());
        assertArrayEquals(
                hex(
                        "000005 01 04 00000001 88 0f0d 01 30" // HEADERS 1
                                + "000002 00 01 00000001 6869" // DATA 1, END_STREAM
                                + "000004 08 00 00000000 00000064" // WINDOW_UPDATE 100
                                + "000bb8 00 00 00000003"), // DATA 3's frame header
                take(ch.readOutbound()));
        ByteBuf payload = ch.readOutbound();
        assertSame(big, payload); // the large payload in its place, not copied
        payload.release();
        assertArrayEquals(hex("000001 01 05 00000005 88"), take(ch.readOutbound())); // HEADERS 5, after it
        assertNull(ch.readOutbound());
    }
}
