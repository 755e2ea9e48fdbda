package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/2 connection's small writes between two flushes go out as one buffer, in order, promises kept. */
class H2WriteCoalescerTest {

    private static ByteBuf text(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String str(Object msg) {
        ByteBuf b = (ByteBuf) msg;
        String s = b.toString(StandardCharsets.ISO_8859_1);
        b.release();
        return s;
    }

    /** Stands where the TLS handler is: keeps each write's promise, completed or failed when the test says. */
    private static final class Held extends ChannelOutboundHandlerAdapter {
        final List<Object> writes = new ArrayList<>();
        final List<ChannelPromise> promises = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            writes.add(msg);
            promises.add(promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {}
    }

    @Test
    void smallWritesBetweenFlushesGoOutAsOneBuffer() {
        H2WriteCoalescer c = new H2WriteCoalescer();
        EmbeddedChannel ch = new EmbeddedChannel(c);
        ByteBuf a = text("header"), b = text("block"), d = text("data");
        ChannelPromise pa = ch.newPromise(), pb = ch.newPromise();
        ch.write(a, pa);
        ch.write(b, pb);
        ch.write(d, ch.voidPromise());
        assertNull(ch.readOutbound(), "nothing goes down before the flush");
        assertEquals(15, c.pendingBytes());
        assertEquals(0, a.refCnt(), "a copied buffer is released at once");
        assertEquals(0, d.refCnt());
        assertFalse(pa.isDone(), "not reported written before it is");
        ch.flush();
        assertEquals("headerblockdata", str(ch.readOutbound()));
        assertNull(ch.readOutbound());
        assertTrue(pa.isSuccess());
        assertTrue(pb.isSuccess());
        assertEquals(0, c.pendingBytes());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aLargeBufferOrAnotherMessageGoesAfterWhatWasGatheredBeforeIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2WriteCoalescer());
        ByteBuf large = Unpooled.directBuffer().writeZero(H2WriteCoalescer.COPY_MAX + 1);
        Object other = new Object();
        ch.write(text("a"));
        ch.write(large);
        ch.write(text("b"));
        ch.write(other);
        ch.write(text("c"));
        ch.flush();
        assertEquals("a", str(ch.readOutbound()));
        Object second = ch.readOutbound();
        assertSame(large, second, "a large buffer is not copied");
        large.release();
        assertEquals("b", str(ch.readOutbound()));
        assertSame(other, ch.readOutbound());
        assertEquals("c", str(ch.readOutbound()));
        assertNull(ch.readOutbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void aBatchHoldsAtMostOneTlsRecordsPayload() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2WriteCoalescer());
        int piece = 1000, pieces = 40;
        for (int i = 0; i < pieces; i++) ch.write(Unpooled.directBuffer().writeZero(piece));
        ch.flush();
        int total = 0, buffers = 0;
        for (Object m; (m = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            assertTrue(b.readableBytes() <= H2WriteCoalescer.BATCH, b.readableBytes() + " bytes in one buffer");
            assertEquals(0, b.readableBytes() % piece, "a write is never split");
            total += b.readableBytes();
            buffers++;
            b.release();
        }
        assertEquals(piece * pieces, total);
        assertEquals(3, buffers); // 16 + 16 + 8 pieces
        ch.finishAndReleaseAll();
    }

    /**
     * The handler is used again for batch after batch: a batch's promises must follow its own write only. A
     * batch still in flight when the next one fails keeps its promises pending, and the next batch carries none
     * of the first one's bytes.
     */
    @Test
    void eachBatchCarriesOnlyItsOwnBytesAndPromises() {
        Held tls = new Held();
        EmbeddedChannel ch = new EmbeddedChannel(tls, new H2WriteCoalescer());
        ChannelPromise p1 = ch.newPromise(), p2 = ch.newPromise(), p3 = ch.newPromise();
        ch.write(text("one"), p1);
        ch.write(text("two"), p2);
        ch.flush();
        ch.write(text("three"), p3);
        ch.flush();
        assertEquals(2, tls.writes.size());
        assertEquals("onetwo", str(tls.writes.get(0)));
        assertEquals("three", str(tls.writes.get(1)));
        IOException broken = new IOException("broken pipe");
        tls.promises.get(1).setFailure(broken);
        assertSame(broken, p3.cause());
        assertFalse(p1.isDone(), "the first batch is still in flight");
        assertFalse(p2.isDone());
        tls.promises.get(0).setSuccess();
        assertTrue(p1.isSuccess());
        assertTrue(p2.isSuccess());
        // a batch of void promises only: written with none, earlier promises not completed again
        ch.write(text("four"), ch.voidPromise());
        ch.flush();
        assertEquals(3, tls.writes.size());
        assertEquals("four", str(tls.writes.get(2)));
        assertTrue(tls.promises.get(2).isVoid());
        ch.finishAndReleaseAll();
    }

    /**
     * Without TLS below (h2c), a batch goes into the socket's outbound buffer, which counts its readable bytes
     * only: a PING ack (17 bytes) must not pin a whole batch's 16 KiB there while a client that does not read
     * keeps sending PINGs (10000 control frames queued: 160 MiB instead of a few hundred KiB).
     */
    @Test
    void aSmallBatchIsWrittenInABufferOfItsSize() {
        EmbeddedChannel ch = new EmbeddedChannel(new H2WriteCoalescer());
        ch.write(text("ping-ack-17-bytes"));
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals("ping-ack-17-bytes", out.toString(StandardCharsets.ISO_8859_1));
        assertTrue(out.capacity() <= 64, "capacity " + out.capacity() + " for 17 bytes");
        out.release();
        // a full batch stays as it is
        for (int i = 0; i < 16; i++) ch.write(Unpooled.directBuffer().writeZero(1024));
        ch.flush();
        ByteBuf full = ch.readOutbound();
        assertEquals(H2WriteCoalescer.BATCH, full.readableBytes());
        full.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void closeWritesWhatWasGatheredFirst() {
        Held tls = new Held();
        EmbeddedChannel ch = new EmbeddedChannel(tls, new H2WriteCoalescer());
        ch.write(text("goaway"));
        ch.close();
        assertEquals(1, tls.writes.size());
        assertEquals("goaway", str(tls.writes.get(0)));
    }

    @Test
    void removedWithAPendingBatchReleasesItAndFailsItsPromises() {
        H2WriteCoalescer c = new H2WriteCoalescer();
        EmbeddedChannel ch = new EmbeddedChannel(c);
        ByteBuf a = text("abc");
        ChannelPromise p = ch.newPromise();
        ch.write(a, p);
        ch.pipeline().remove(c);
        assertEquals(0, c.pendingBytes());
        assertFalse(p.isSuccess());
        assertTrue(p.isDone());
        assertNull(ch.readOutbound());
        ch.finishAndReleaseAll();
    }

    /**
     * A batch written out by {@link H2WriteCoalescer#room} to make room can fail at once (the channel is closed);
     * its promises' listeners may then write (a GOAWAY, a RST_STREAM), starting a new batch before {@code room}
     * returns. The batch it returns must still have the room asked for (it had 2000 bytes fewer: the frame was
     * encoded past its capacity, an IndexOutOfBoundsException in the frame writer).
     */
    @Test
    void roomStillHasTheRoomAskedForWhenTheBatchItWroteFailedAndItsListenersWrote() {
        H2WriteCoalescer c = new H2WriteCoalescer();
        ChannelOutboundHandlerAdapter closed = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ((ByteBuf) msg).release();
                promise.setFailure(new IOException("closed"));
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(closed, c);
        ByteBuf first = c.room(100);
        first.writeZero(100);
        ChannelPromise p = ch.newPromise();
        p.addListener(f -> ch.write(Unpooled.directBuffer(2000).writeZero(2000), ch.voidPromise()));
        c.appended(p);
        int want = H2WriteCoalescer.BATCH - 50; // more than the first batch has left
        ByteBuf room = c.room(want);
        assertTrue(p.isDone() && !p.isSuccess(), "the first batch was written and failed");
        assertTrue(room == null || room.writableBytes() >= want, "room for " + want + " bytes");
        try {
            ch.finishAndReleaseAll(); // writes the listener's batch: it fails too, its void promise to the pipeline
        } catch (Exception failed) {
            assertEquals("closed", failed.getMessage());
        }
    }
}
