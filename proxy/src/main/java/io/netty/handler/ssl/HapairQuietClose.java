package io.netty.handler.ssl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;

/**
 * The end of a TLS connection whose handshake succeeded, told to its {@link SslHandler} without the two exceptions
 * Netty 4.1.137 builds there: {@code SslHandler.channelInactive} fills in the stack of a new
 * {@link ClosedChannelException} before looking at its state (~10 us per connection, the pipeline's ~22 frames),
 * and {@code SSLEngine.closeInbound} throws an {@code SSLException} ("possible truncation attack") whenever the
 * peer sent no close_notify (~3 us), which Netty catches and drops. Every client that resets its connection, as
 * {@code openssl s_time} does after each handshake, paid both.
 *
 * <p>For such a connection {@code SslHandler.channelInactive} does, in order: closes the engine's outbound side,
 * fails its (already empty) queue of unencrypted writes, fails the close future with that exception and fires the
 * {@link SslCloseCompletionEvent}, then (as a {@link ByteToMessageDecoder} with nothing buffered) fires
 * {@code channelInactive} on. {@link #closed} does the same with a stackless exception and without
 * {@code closeInbound}, whose only other effect is the engine's inbound-done flag (the engine is freed moments
 * later, when the pipeline is torn down). Anything else — a handshake not (successfully) finished, writes still
 * queued in the handler, TLS bytes still buffered, the close future already done — is left to Netty's own path.
 *
 * <p>In Netty's package for the type of the write queue, which is package-private; the two fields (private in
 * SslHandler, package-private in ByteToMessageDecoder) are read through {@link VarHandle}s (hapair and Netty share the class path). If they cannot be found (another Netty
 * version, even one without the queue's class), {@link #available()} is false and every close takes Netty's path: slower, never different.
 */
public final class HapairQuietClose {
    private static final VarHandle PENDING_WRITES;
    private static final VarHandle CUMULATION;

    static {
        VarHandle pending = null;
        VarHandle cumulation = null;
        try {
            pending = MethodHandles.privateLookupIn(SslHandler.class, MethodHandles.lookup())
                    .findVarHandle(SslHandler.class, "pendingUnencryptedWrites", SslHandlerCoalescingBufferQueue.class);
            cumulation = MethodHandles.privateLookupIn(ByteToMessageDecoder.class, MethodHandles.lookup())
                    .findVarHandle(ByteToMessageDecoder.class, "cumulation", ByteBuf.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // LinkageError: a Netty without the queue's top-level class (it was nested in SslHandler before)
            pending = null;
            cumulation = null;
        }
        PENDING_WRITES = pending;
        CUMULATION = cumulation;
    }

    private HapairQuietClose() {}

    /** Whether this Netty has the fields {@link #closed} reads (false: every close takes Netty's own path). */
    public static boolean available() {
        return PENDING_WRITES != null && CUMULATION != null;
    }

    /**
     * Tells {@code ssl} (in the pipeline at {@code sslCtx}) that the connection is closed, as its own
     * {@code channelInactive} would, when that can be done without its exceptions; then the handlers after it have
     * seen {@code channelInactive}. False, having done nothing, otherwise: the caller passes the event on to it.
     */
    public static boolean closed(ChannelHandlerContext sslCtx, SslHandler ssl) {
        if (!available() || !ssl.handshakeFuture().isSuccess()) return false;
        SslHandlerCoalescingBufferQueue pending = (SslHandlerCoalescingBufferQueue) PENDING_WRITES.get(ssl);
        if (pending != null && !pending.isEmpty()) return false;
        ByteBuf buffered = (ByteBuf) CUMULATION.get((ByteToMessageDecoder) ssl);
        if (buffered != null && buffered.isReadable()) return false;
        @SuppressWarnings("unchecked")
        Promise<Channel> closeFuture = (Promise<Channel>) ssl.sslCloseFuture();
        if (closeFuture.isDone()) return false;
        ssl.engine().closeOutbound();
        ClosedChannelException cause = new Closed();
        if (closeFuture.tryFailure(cause)) sslCtx.fireUserEventTriggered(new SslCloseCompletionEvent(cause));
        // an empty cumulation (if any) is released when the pipeline removes the handler
        sslCtx.fireChannelInactive();
        return true;
    }

    /** The close future's cause: a {@link ClosedChannelException} as Netty's, without a stack trace. */
    static final class Closed extends ClosedChannelException {
        private static final long serialVersionUID = 1L;

        @Override
        public Throwable fillInStackTrace() {
            return this;
        }
    }
}
