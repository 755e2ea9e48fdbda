package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.LongConsumer;

/**
 * Moves bytes from its channel to the peer unchanged. Backpressure: reading stays armed while the peer
 * keeps up, stops (auto-read off) as soon as the peer's write buffer passes its high-water mark and
 * resumes when it drains, so a slow reader never makes the proxy buffer more than that mark. A FIN is passed on as a FIN (half-close), the session ends once both
 * directions are shut or either side fails.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final LongConsumer bytesCounter;
    private final TcpSession session;

    TcpRelayHandler(Channel peer, TcpSession session, LongConsumer bytesCounter) {
        this.peer = peer;
        this.session = session;
        this.bytesCounter = bytesCounter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) bytesCounter.accept(b.readableBytes());
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
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
