package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bytes a handler holds back while it waits for a decision (a PROXY protocol header, TCP content
 * inspection), and the timer that bounds the wait. Loop-confined; whoever ends the wait either
 * {@link #take}s the bytes or {@link #discard}s them.
 */
final class HeldBytes {
    private CompositeByteBuf buf;
    private ScheduledFuture<?> timer;

    /** Starts holding; {@code onExpiry} runs after {@code delayMillis} unless the wait ended (0 = no timer). */
    void start(ChannelHandlerContext ctx, long delayMillis, Runnable onExpiry) {
        buf = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        if (delayMillis > 0) {
            timer = ctx.executor().schedule(onExpiry, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    void add(ByteBuf b) {
        buf.addComponent(true, b);
    }

    int size() {
        return buf == null ? 0 : buf.readableBytes();
    }

    /** The held bytes, not consumed (for decoders). */
    ByteBuf view() {
        return buf;
    }

    /** A copy of the held bytes (for fetches). */
    byte[] copy() {
        return ByteBufUtil.getBytes(buf);
    }

    /** Ends the wait and hands the bytes over (the caller owns them). */
    ByteBuf take() {
        cancelTimer();
        ByteBuf b = buf;
        buf = null;
        return b;
    }

    /** Ends the wait and frees the bytes. */
    void discard() {
        cancelTimer();
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
