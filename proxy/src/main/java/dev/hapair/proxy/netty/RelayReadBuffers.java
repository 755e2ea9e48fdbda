package dev.hapair.proxy.netty;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The allocator of a tcp relay's two connections: each event-loop thread keeps one spare direct buffer and hands
 * it out again for a read of its size once everybody else has released it. A relay sends most chunks straight to
 * the peer's socket and releases them within the same read ({@link TcpRelayHandler}), so the same buffer serves
 * read after read, as HAProxy's per-thread buffer does, instead of a pooled buffer taken and given back per chunk
 * (the arena's bookkeeping, a recycled buffer object, the chunk's pinned-memory counter: the larger part of the
 * read side's cost in the L4 profile).
 *
 * <p>Ownership stays with reference counts: the thread holds one reference of its spare and hands out a retained
 * one, so the spare is free again exactly when its count is back to 1; a holder that keeps it (bytes queued for a
 * slow peer, held for inspection) keeps it from being handed out, and the read then gets a pooled buffer as
 * before. Everything other than a direct buffer of the spare's exact size and default maximum comes from the
 * delegate. The spare is released when its thread ends (Netty's thread-local removal).
 */
final class RelayReadBuffers extends AbstractByteBufAllocator {
    static final RelayReadBuffers DEFAULT = new RelayReadBuffers(ByteBufAllocator.DEFAULT);

    private final ByteBufAllocator delegate;

    private final FastThreadLocal<ByteBuf[]> spare = new FastThreadLocal<>() {
        @Override
        protected ByteBuf[] initialValue() {
            return new ByteBuf[1];
        }

        @Override
        protected void onRemoval(ByteBuf[] held) {
            if (held[0] != null) {
                held[0].release();
                held[0] = null;
            }
        }
    };

    RelayReadBuffers(ByteBufAllocator delegate) {
        super(true);
        this.delegate = delegate;
    }

    /** Puts this allocator on a relayed connection that uses Netty's default one (else leaves it as it is). */
    static void install(io.netty.channel.Channel ch) {
        if (ch.config().getAllocator() == DEFAULT.delegate) ch.config().setAllocator(DEFAULT);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        if (maxCapacity != Integer.MAX_VALUE) return delegate.directBuffer(initialCapacity, maxCapacity);
        ByteBuf[] held = spare.get();
        ByteBuf s = held[0];
        if (s != null && s.refCnt() == 1) {
            if (s.capacity() == initialCapacity) return s.clear().retain();
            s.release(); // free but of another size: replaced by one of this size
            held[0] = null;
        } else if (s != null) {
            return delegate.directBuffer(initialCapacity, maxCapacity); // in use: the spare stays where it is
        }
        s = delegate.directBuffer(initialCapacity, maxCapacity);
        held[0] = s;
        return s.retain();
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return delegate.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return true;
    }
}
