package dev.hapair.proxy.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;

/** Sits next to the socket of an HTTP client: tells the handler when raw bytes arrive (a request has begun). */
final class ClientTrafficCounter extends ChannelInboundHandlerAdapter {
    private final HttpFrontendHandler owner;

    ClientTrafficCounter(HttpFrontendHandler owner) { this.owner = owner; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.isReadable()) owner.bytesArrived();
        ctx.fireChannelRead(msg);
    }
}
