package dev.hapair.proxy.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.HapairQuietClose;
import io.netty.handler.ssl.SslHandler;

/**
 * Sits right before a client connection's TLS handler and tells the {@link SslHandler} of the connection's end
 * without the exceptions Netty builds there when it can ({@link HapairQuietClose}: a connection whose handshake
 * succeeded and that has nothing queued or buffered in TLS), else passes the event to it as usual. Only
 * {@code channelInactive} is overridden, so Netty skips this handler for every other event (reads, writes).
 * Shared: it keeps no state.
 */
@ChannelHandler.Sharable
public final class QuietClose extends ChannelInboundHandlerAdapter {
    public static final QuietClose INSTANCE = new QuietClose();

    private QuietClose() {}

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ChannelHandlerContext next = ctx.pipeline().context(SslHandler.class);
        if (next == null || !HapairQuietClose.closed(next, (SslHandler) next.handler())) ctx.fireChannelInactive();
    }
}
