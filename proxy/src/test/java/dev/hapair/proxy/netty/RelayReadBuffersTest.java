package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A relay's read buffer is handed out again only once every holder released it, and always reset. */
class RelayReadBuffersTest {
    /** Runs on a thread of its own whose thread-locals are removed at its end, as an event loop's are. */
    private static void onThread(Runnable r) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new FastThreadLocalThread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                FastThreadLocal.removeAll();
            }
        });
        t.start();
        t.join();
        if (failure.get() instanceof Error e) throw e;
        if (failure.get() instanceof Exception e) throw e;
    }

    @Test
    void aReleasedBufferComesBackReset() throws Exception {
        onThread(() -> {
            RelayReadBuffers a = new RelayReadBuffers(PooledByteBufAllocator.DEFAULT);
            ByteBuf first = a.ioBuffer(512);
            assertEquals(512, first.capacity());
            first.writeBytes(new byte[300]);
            first.readerIndex(100); // dirtied by its holder
            first.release();
            ByteBuf again = a.ioBuffer(512);
            assertSame(first, again, "the spare serves the next read");
            assertEquals(0, again.readerIndex());
            assertEquals(0, again.writerIndex());
            assertEquals(512, again.writableBytes());
            assertEquals(2, again.refCnt(), "the thread's own reference and the reader's");
            again.release();
        });
    }

    @Test
    void aBufferStillHeldIsNeverHandedOut() throws Exception {
        onThread(() -> {
            RelayReadBuffers a = new RelayReadBuffers(PooledByteBufAllocator.DEFAULT);
            ByteBuf held = a.ioBuffer(512);
            held.writeByte('x'); // e.g. queued for a slow peer
            ByteBuf other = a.ioBuffer(512);
            assertNotSame(held, other);
            assertEquals('x', held.getByte(0));
            assertEquals(1, other.refCnt(), "a plain pooled buffer meanwhile");
            other.release();
            ByteBuf retained = held.retainedSlice(); // a holder's derived buffer keeps it too
            held.release();
            ByteBuf meanwhile = a.ioBuffer(512);
            assertNotSame(held, meanwhile, "the slice's holder still has it");
            meanwhile.release();
            retained.release();
            assertSame(held, a.ioBuffer(512), "free again once the last holder let go");
            held.release();
        });
    }

    @Test
    void anotherSizeReplacesAFreeSpare() throws Exception {
        onThread(() -> {
            RelayReadBuffers a = new RelayReadBuffers(PooledByteBufAllocator.DEFAULT);
            ByteBuf small = a.ioBuffer(512);
            small.release();
            ByteBuf big = a.ioBuffer(2048);
            assertEquals(2048, big.capacity(), "a read gets exactly the size it asked for");
            assertEquals(2, big.refCnt());
            big.release();
            assertSame(big, a.ioBuffer(2048));
            ByteBuf bounded = a.directBuffer(512, 1024);
            assertEquals(1024, bounded.maxCapacity(), "a bounded request comes from the pool");
            bounded.release();
            big.release();
        });
    }

    @Test
    void theSpareIsReleasedWhenItsThreadEnds() throws Exception {
        AtomicReference<ByteBuf> spare = new AtomicReference<>();
        onThread(() -> {
            RelayReadBuffers a = new RelayReadBuffers(PooledByteBufAllocator.DEFAULT);
            ByteBuf b = a.ioBuffer(512);
            b.release();
            spare.set(b);
        });
        assertEquals(0, spare.get().refCnt());
        assertTrue(RelayReadBuffers.DEFAULT.isDirectBufferPooled());
    }
}
