package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.HapairHandlerMask;
import io.netty.channel.epoll.HapairDirectSend;
import io.netty.channel.epoll.HapairRelayRead;
import io.netty.channel.epoll.HapairSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Moves bytes from its channel to the peer unchanged. Backpressure: reading stays armed while the peer
 * keeps up, stops (auto-read off) as soon as the peer's write buffer passes its high-water mark and
 * resumes when it drains, so a slow reader never makes the proxy buffer more than that mark. A FIN is passed on as a FIN (half-close), the session ends once both
 * directions are shut or either side fails.
 *
 * <p>A chunk read while nothing waits for the peer goes straight to the peer's socket ({@link HapairDirectSend})
 * when the peer's pipeline has no outbound handler that would see or change it (only its
 * {@link InactivityTimeout}, which is told instead): no outbound-buffer entry, no flush through the pipeline.
 * What the socket does not take is written and flushed through the pipeline as before, so backpressure,
 * ordering, errors and the timeouts are Netty's and {@link InactivityTimeout}'s as they were.
 *
 * <p>On such a connection whose own pipeline holds nothing else that reads (this handler and its inactivity
 * timeout only), the channel's simple read-readies hand their chunk to {@link #relay} directly
 * ({@link HapairRelayRead}): the same work as {@link #channelRead} and {@link #channelReadComplete}, without the
 * trip through the pipeline around it.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter implements HapairRelayRead {
    private static final byte UNDECIDED = 0, DIRECT = 1, PIPELINE = -1;

    private final Channel peer;
    private final LongConsumer bytesCounter;
    private final TcpSession session;
    /** Whether chunks may bypass the peer's pipeline: decided once both pipelines are built ({@link #decide}). */
    private byte path = UNDECIDED;
    /** The peer's inactivity timeout, told of what went straight to its socket (null: none). */
    private InactivityTimeout peerIdle;
    /** Our channel's inactivity timeout (null: none), whose reading of the clock for a read the peer's takes too. */
    private InactivityTimeout ownIdle;
    /** Since the last read complete: a chunk went straight to the socket, all of it. */
    private boolean sentDirectly;
    /** Since the last read complete: something was written through the peer's pipeline (to be flushed). */
    private boolean written;
    /** Our channel's context once its reads come to {@link #relay} around the pipeline (null: they do not). */
    private ChannelHandlerContext around;

    TcpRelayHandler(Channel peer, TcpSession session, LongConsumer bytesCounter) {
        this.peer = peer;
        this.session = session;
        this.bytesCounter = bytesCounter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            bytesCounter.accept(b.readableBytes());
            if (b.isReadable() && direct(ctx) && sendDirectly(b)) return;
        }
        written = true;
        peer.write(msg, peer.voidPromise());
    }

    /** A chunk our channel read around the pipeline: {@link #channelRead} then {@link #channelReadComplete}. */
    @Override
    public void relay(ByteBuf chunk) {
        channelRead(around, chunk); // the relay is decided (DIRECT) once reads come here
        // the inactivity timeout's read complete, which this read did not pass
        readComplete(around, ownIdle == null ? InactivityTimeout.NO_READING : ownIdle.readAround(peerIdle));
    }

    /** True when the socket took all of {@code b} (released then); otherwise the rest is for the pipeline. */
    private boolean sendDirectly(ByteBuf b) {
        try {
            HapairDirectSend.send(peer, b);
        } catch (IOException e) {
            return false; // the pipeline's write meets the socket's error and fails the channel as always
        }
        if (b.isReadable()) return false;
        b.release();
        sentDirectly = true;
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readComplete(ctx, ownIdle == null ? InactivityTimeout.NO_READING : ownIdle.readingFor(peerIdle));
    }

    /** {@code reading}: our timeout's clock reading of this read, for the peer's (see InactivityTimeout.readingFor). */
    private void readComplete(ChannelHandlerContext ctx, long reading) {
        if (sentDirectly && !written) {
            // what the flush of an outbound buffer the socket emptied would have counted
            if (peerIdle != null) peerIdle.sentDirectly(reading);
        } else {
            peer.flush();
        }
        sentDirectly = false;
        written = false;
        if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
    }

    /**
     * Decides the relay of {@code ch} now (both pipelines built, the timeouts final), so that its first chunk
     * already takes the path of the others: a read around the pipeline reads {@link ServerAttempt#MAX_READ} bytes,
     * and {@link RelayReadBuffers}' spare then keeps that one size. On the event loop, before auto-read is on.
     */
    static void decide(Channel ch) {
        ChannelHandlerContext c = ch.pipeline().context(TcpRelayHandler.class);
        if (c != null) ((TcpRelayHandler) c.handler()).direct(c);
    }

    private boolean direct(ChannelHandlerContext ctx) {
        if (path == UNDECIDED) {
            path = directAllowed() ? DIRECT : PIPELINE;
            ownIdle = ctx.pipeline().get(InactivityTimeout.class);
            if (path == DIRECT && readsAroundAllowed(ctx)) {
                around = ctx;
                ((HapairSocketChannel) ctx.channel()).relayRead(this, ServerAttempt.MAX_READ);
            }
        }
        return path == DIRECT;
    }

    /**
     * Our channel is hapair's epoll socket and no handler in its pipeline but this one and its inactivity timeout
     * takes part in a read (no TLS, no inspector, no PROXY header parser left; the admission handler, which only
     * counts the connection, is passed by reads as Netty's pipeline passes it). Decided once, when the session
     * connects: a pipeline that still has a response inspector then keeps the pipeline path for good (it leaves
     * later). Handlers are not added to a relayed connection later.
     */
    private boolean readsAroundAllowed(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof HapairSocketChannel)) return false;
        for (Map.Entry<String, ChannelHandler> e : ctx.pipeline()) {
            ChannelHandler h = e.getValue();
            if (h != this && h != ownIdle && HapairHandlerMask.seesReads(h)) return false;
        }
        return true;
    }

    /** This handler leaves the pipeline: its channel's reads go through the pipeline again. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (around != null) {
            around = null;
            ((HapairSocketChannel) ctx.channel()).relayRead(null, 0);
        }
    }

    /**
     * The peer is an epoll socket on this loop whose pipeline's only outbound handler is its inactivity timeout
     * (a TLS handler, for one, must see every byte). Handlers are not added to a relayed connection later.
     */
    private boolean directAllowed() {
        if (!HapairDirectSend.supports(peer) || !peer.eventLoop().inEventLoop()) return false;
        for (Map.Entry<String, ChannelHandler> e : peer.pipeline()) {
            ChannelHandler h = e.getValue();
            if (h instanceof InactivityTimeout t) {
                peerIdle = t;
            } else if (h instanceof ChannelOutboundHandler) {
                peerIdle = null;
                return false;
            }
        }
        return true;
    }

    /** Our channel drained or filled: it is the peer's source of data that pauses or resumes. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // Forward the FIN only after everything read before it has been written.
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (peer instanceof DuplexChannel d && d.isActive()) d.shutdownOutput();
                session.inputShut(ctx.channel());
            });
        } else if (evt instanceof IdleStateEvent) {
            session.timeout(ctx.channel());
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) session.internalError();
        session.failed(ctx.channel());
    }
}
