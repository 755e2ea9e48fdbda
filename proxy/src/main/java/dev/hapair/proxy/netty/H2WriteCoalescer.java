package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/**
 * Gathers the small buffers an HTTP/2 connection writes between two flushes into one buffer, written once.
 *
 * <p>Why: Netty's frame writer makes two buffers per HEADERS frame (frame header, header block) and two per DATA
 * frame (frame header, payload), each its own write with its own promise. A small response is four writes, and
 * each went down the pipeline into the TLS handler's queue (a queue entry and a promise notifier each) only to be
 * copied there into one buffer before encryption. Copied here instead, the TLS handler gets one buffer per batch
 * (at most {@link #BATCH} bytes: one TLS record's payload) and the per-write work is done once per batch.
 * Without TLS (h2c) a batch less than half full is cut to its size before it is written: it may wait in the
 * socket's outbound buffer, whose limits count readable bytes, not capacity.
 *
 * <p>Order is kept: a buffer too large to copy (a body's DATA payload), or any other message, goes after the
 * batch gathered before it. The promises of the gathered writes complete when the batch's write does (with its
 * outcome): nothing is reported written before it is. What waits here is bounded by {@link #BATCH} bytes (not
 * yet counted in the channel's writability, which it joins when written down); it is written at the next flush
 * or close, and released (its promises failed) if the handler goes away first.
 */
final class H2WriteCoalescer extends ChannelOutboundHandlerAdapter {
    /** The largest buffer copied into the batch: frame headers, header blocks, small bodies. */
    static final int COPY_MAX = 2048;

    /** A batch's capacity: what one TLS record carries. */
    static final int BATCH = 16384;

    private ByteBuf batch;

    /** Its place in the pipeline, for the frames the connection's writer encodes straight into the batch. */
    private ChannelHandlerContext ctx;
    /** The gathered writes' promises (void ones are not kept); a frame's parts may share one. */
    private ChannelPromise[] promises = new ChannelPromise[16];

    private int promiseCount;

    /**
     * A TLS handler is below: looked for at each batch until found (an SNI handler becomes the TLS handler only
     * once the client hello is read).
     */
    private boolean tls;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The batch, with room for {@code bytes} more (a new one when the current one has not), for {@link
     * H2ClientFrameWriter} to encode a frame into at its writer index; or null when the frame must be written
     * through the pipeline instead (larger than a batch, off the event loop, or this handler is not or no longer
     * in the pipeline). The frame then stands where a write of it would have been copied: the writes before it
     * are in the batch or already written, those after it come through {@link #write} on the same event loop.
     * {@link #appended} follows each frame put there.
     */
    ByteBuf room(int bytes) {
        ChannelHandlerContext c = ctx;
        if (c == null || bytes > BATCH || c.isRemoved() || !c.executor().inEventLoop()) return null;
        if (batch != null && batch.writableBytes() < bytes) {
            emit(c);
            // a write that failed at once (closed channel) has run its promises' listeners, which may have written
            // (GOAWAY, RST_STREAM) into a new batch: when that one has not the room, the frame goes the usual way
            if (batch != null && batch.writableBytes() < bytes) return null;
        }
        if (batch == null) batch = c.alloc().directBuffer(BATCH, BATCH);
        return batch;
    }

    /** A frame was put in the batch by {@link #room}'s caller: its promise completes with the batch's write. */
    void appended(ChannelPromise promise) {
        if (!promise.isVoid()) keep(promise);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            int n = b.readableBytes();
            if (n > 0 && n <= COPY_MAX) {
                if (batch != null && batch.writableBytes() < n) emit(ctx);
                if (batch == null) batch = ctx.alloc().directBuffer(BATCH, BATCH);
                batch.writeBytes(b, b.readerIndex(), n);
                b.release();
                if (!promise.isVoid()) keep(promise);
                return;
            }
        }
        emit(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        emit(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        emit(ctx); // what was written before the close goes first, as it would have from the TLS handler's queue
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        this.ctx = null;
        if (batch != null) {
            batch.release();
            batch = null;
        }
        ChannelPromise[] ps = takePromises();
        if (ps != null) fail(ps, new ClosedChannelException());
    }

    /** Bytes gathered and not yet written (tests). */
    int pendingBytes() {
        return batch == null ? 0 : batch.readableBytes();
    }

    private void keep(ChannelPromise promise) {
        if (promiseCount == promises.length) promises = Arrays.copyOf(promises, promiseCount * 2);
        promises[promiseCount++] = promise;
    }

    private ChannelPromise[] takePromises() {
        if (promiseCount == 0) return null;
        ChannelPromise[] ps = Arrays.copyOf(promises, promiseCount);
        Arrays.fill(promises, 0, promiseCount, null);
        promiseCount = 0;
        return ps;
    }

    /** Writes the batch gathered so far (not flushed); the next write starts a new one. */
    private void emit(ChannelHandlerContext ctx) {
        ByteBuf out = batch;
        if (out == null) return;
        batch = null;
        if (!tls) tls = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        if (!tls && out.readableBytes() < out.capacity() / 2) {
            // h2c: the batch waits in the socket's outbound buffer, which counts only its readable bytes; a PING
            // or SETTINGS ack for a client that does not read must not pin a whole batch's capacity there (TLS
            // encrypts it into a buffer of its size at the flush that follows)
            out.capacity(out.readableBytes());
        }
        ChannelPromise[] ps = takePromises();
        if (ps == null) {
            ctx.write(out, ctx.voidPromise());
            return;
        }
        ChannelFuture f = ctx.write(out);
        if (f.isDone()) {
            complete(ps, f);
        } else {
            f.addListener(done -> complete(ps, (ChannelFuture) done));
        }
    }

    private static void complete(ChannelPromise[] ps, ChannelFuture f) {
        if (f.isSuccess()) {
            for (ChannelPromise p : ps) p.trySuccess();
        } else {
            fail(ps, f.cause());
        }
    }

    private static void fail(ChannelPromise[] ps, Throwable cause) {
        for (ChannelPromise p : ps) p.tryFailure(cause);
    }
}
