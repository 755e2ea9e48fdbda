package io.netty.channel.epoll;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.AbstractQueue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Queue;

/**
 * A tcp relay's read side without Netty's per-chunk machinery: while a relayed connection's peer keeps up, a
 * read-ready event of the connection receives into its event loop's scratch buffer and sends the bytes straight
 * to the peer's socket, with no read buffer from the allocator, no allocator-handle round and no
 * {@code channelRead} through the pipeline (the read complete still goes through it: the inactivity timeout and
 * the relay count the read there). That is the larger part of the relay's own CPU per chunk (bench/README.md,
 * sessions 13 and 14).
 *
 * <p>How it gets called: Netty's stream channel runs the first task of its splice queue in place of its own read
 * inside {@code epollInReady} (the queue its own {@code spliceTo} uses; hapair never splices a relayed tcp
 * connection). This class puts a queue holding one task of its own into that private field while the fast path
 * may run, and takes it out again before anything else: the field is read at every read-ready, and Netty's own
 * read path (with its edge-triggered re-reads) is exactly the old one whenever the field is null.
 *
 * <p>Whenever the fast path cannot finish a read the way Netty would have done it, it steps out (the field back
 * to null) and lets Netty's own read run, within the same read-ready: the peer has bytes queued, its output is
 * shut or it is closed, auto-read is off, the FIN (end of stream) was seen or announced, or a read filled the
 * scratch buffer more often than Netty's per-event limit. What the peer's socket does not take of a chunk goes
 * through the peer's pipeline as a write (copied out of the scratch buffer), like the rest of the relay's
 * partial sends; then the relay's pipeline path takes over until the peer has drained. A receive error is thrown
 * to Netty's read loop, which handles it as one of its own reads' errors (read complete, exception, input shut).
 * On the channel's event loop only.
 */
public final class HapairRelayRead {
    /** Told of what the fast path did, before the read complete that follows it. */
    public interface Sink {
        /** {@code n} bytes were received (before they were sent: the byte counters). */
        void received(int n);

        /** The bytes just received went to the peer's socket, all of them. */
        void sentWhole();

        /** What the peer's socket did not take was written (not flushed) through the peer's pipeline. */
        void wroteRest();
    }

    /** Netty's per read-ready limit of reads that filled the buffer (its default maxMessagesPerRead). */
    private static final int MAX_FULL_READS = 16;
    /** The scratch buffer's size: Netty's largest read buffer (its adaptive allocator's maximum). */
    static final int SCRATCH = 65536;

    private static final VarHandle SPLICE_QUEUE;

    static {
        try {
            SPLICE_QUEUE = MethodHandles.privateLookupIn(AbstractEpollStreamChannel.class, MethodHandles.lookup())
                    .findVarHandle(AbstractEpollStreamChannel.class, "spliceQueue", Queue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One scratch buffer per event-loop thread, allocated on its first relayed read (a JDK buffer: freed by GC). */
    private static final FastThreadLocal<ByteBuffer> SCRATCH_BUFFERS = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocateDirect(SCRATCH);
        }
    };

    private final AbstractEpollStreamChannel ch;
    private final AbstractEpollStreamChannel peer;
    private final Sink sink;
    private final OneTask queue;
    private boolean installed;
    /** Chunks relayed by the fast path (tests: that it ran). */
    private long chunks;

    private HapairRelayRead(AbstractEpollStreamChannel ch, AbstractEpollStreamChannel peer, Sink sink) {
        this.ch = ch;
        this.peer = peer;
        this.sink = sink;
        this.queue = new OneTask(new Task(ch));
    }

    /** A fast read path for {@code ch} relaying to {@code peer}, or null when they are not both epoll sockets. */
    public static HapairRelayRead of(Channel ch, Channel peer, Sink sink) {
        if (ch instanceof AbstractEpollStreamChannel c && peer instanceof AbstractEpollStreamChannel p) {
            return new HapairRelayRead(c, p, sink);
        }
        return null;
    }

    /** How many chunks the fast path relayed so far. */
    public long chunks() {
        return chunks;
    }

    /** Whether the fast path runs at the next read-ready. */
    public boolean installed() {
        return installed;
    }

    /**
     * Arms the fast path if it may run now (both open, this side's input and the peer's output not shut, nothing
     * queued for the peer, auto-read on); otherwise leaves Netty's path in place. Returns whether it is armed.
     */
    public boolean arm() {
        if (!installed && mayRun()) {
            SPLICE_QUEUE.setVolatile(ch, (Queue<?>) queue);
            installed = true;
        }
        return installed;
    }

    /** Back to Netty's own read path from the next read-ready on. */
    public void disarm() {
        if (installed) {
            installed = false;
            SPLICE_QUEUE.setVolatile(ch, (Queue<?>) null);
        }
    }

    private boolean mayRun() {
        if (!ch.isActive() || !peer.isActive() || !ch.config().isAutoRead()) return false;
        if (((DuplexChannel) ch).isInputShutdown()) return false;
        // the unsafe's outbound buffer is null once the peer's output is shut or it is closed; every queued entry,
        // even an empty one, counts in the pending bytes
        ChannelOutboundBuffer out = peer.unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() == 0;
    }

    /** Netty calls it in place of its own read; false = stop reading this read-ready (it never asks to be dropped). */
    private boolean read(RecvByteBufAllocator.Handle handle) {
        EpollRecvByteAllocatorHandle h = (EpollRecvByteAllocatorHandle) handle;
        if (h.isReceivedRdHup() || !mayRun()) return readAsNetty(h);
        ByteBuffer scratch = SCRATCH_BUFFERS.get();
        long address = PlatformDependent.directBufferAddress(scratch);
        for (int i = 0; i < MAX_FULL_READS; i++) {
            int n;
            try {
                n = ch.socket.recvAddress(address, 0, SCRATCH);
            } catch (IOException e) {
                // Netty's read loop catches it as it catches its own read's error (exception, input shut)
                disarm();
                PlatformDependent.throwException(e);
                return false;
            }
            if (n == 0) return false; // EAGAIN: all read (a spurious wake-up)
            if (n < 0) return readAsNetty(h); // end of stream: Netty's read sees it again and shuts the input
            sink.received(n);
            chunks++;
            int sent;
            try {
                sent = peer.socket.sendAddress(address, 0, n);
            } catch (IOException e) {
                sent = 0; // the pipeline's write meets the socket's error and fails the peer as always
            }
            if (sent < n) {
                ByteBuf rest = peer.alloc().directBuffer(n - sent);
                scratch.clear().position(sent).limit(n);
                rest.writeBytes(scratch);
                scratch.clear();
                peer.write(rest, peer.voidPromise());
                sink.wroteRest();
                // the peer is backed up: Netty's path (and the relay's backpressure) for whatever else is readable
                return n == SCRATCH ? readAsNetty(h) : disarmed();
            }
            sink.sentWhole();
            if (n < SCRATCH) return false; // a short read: the socket is empty (as Netty's streaming handle assumes)
            if (!mayRun()) return readAsNetty(h);
        }
        return readAsNetty(h); // Netty's limit per read-ready: its path re-arms the edge-triggered read
    }

    private boolean disarmed() {
        disarm();
        return false;
    }

    /**
     * Netty's own read for the rest of this read-ready. After a peer's FIN (RDHUP) Netty's read loop shuts this
     * side's input as soon as this task returns, so the socket is read up to its end of stream first, as Netty's
     * re-reads after RDHUP would have done (bounded by the socket's receive buffer).
     */
    private boolean readAsNetty(EpollRecvByteAllocatorHandle h) {
        disarm();
        AbstractEpollChannel.AbstractEpollUnsafe unsafe = (AbstractEpollChannel.AbstractEpollUnsafe) ch.unsafe();
        unsafe.epollInReady();
        for (int i = 0; i < 1024 && h.isReceivedRdHup() && ch.isActive() && !ch.socket.isInputShutdown(); i++) {
            unsafe.epollInReady();
        }
        return false;
    }

    /** The task Netty runs in place of its read. */
    private final class Task extends AbstractEpollStreamChannel.SpliceInTask {
        Task(AbstractEpollStreamChannel ch) {
            ch.super(Integer.MAX_VALUE, ch.newPromise());
        }

        @Override
        boolean spliceIn(RecvByteBufAllocator.Handle handle) {
            return read(handle);
        }
    }

    /**
     * The splice queue while the fast path is armed: its one task, always first. Netty's close polls the queue
     * empty (failing each task's promise, which nobody listens to).
     */
    private static final class OneTask extends AbstractQueue<AbstractEpollStreamChannel.SpliceInTask> {
        private final AbstractEpollStreamChannel.SpliceInTask task;
        private boolean polled;

        OneTask(AbstractEpollStreamChannel.SpliceInTask task) {
            this.task = task;
        }

        @Override
        public AbstractEpollStreamChannel.SpliceInTask peek() {
            return polled ? null : task;
        }

        @Override
        public AbstractEpollStreamChannel.SpliceInTask poll() {
            if (polled) return null;
            polled = true;
            return task;
        }

        @Override
        public boolean offer(AbstractEpollStreamChannel.SpliceInTask t) {
            throw new UnsupportedOperationException("a relayed tcp connection is never spliced by Netty");
        }

        @Override
        public Iterator<AbstractEpollStreamChannel.SpliceInTask> iterator() {
            return polled
                    ? Collections.emptyIterator()
                    : Collections.singletonList(task).iterator();
        }

        @Override
        public int size() {
            return polled ? 0 : 1;
        }
    }
}
