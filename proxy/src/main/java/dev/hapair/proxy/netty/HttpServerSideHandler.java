package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.ServerRuntime;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a server connection in {@code mode http}. Bound to the exchange it serves; while
 * parked in the idle pool it is unbound, and anything the server says then (data or close) retires
 * the connection.
 */
final class HttpServerSideHandler extends ChannelInboundHandlerAdapter {
    private final ServerRuntime server;
    HttpExchange exchange;

    HttpServerSideHandler(ServerRuntime server) { this.server = server; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HttpExchange ex = exchange;
        if (ex == null || !(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        ex.owner.serverRead(ex, (HttpObject) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        if (ex != null) ex.owner.serverReadComplete(ex);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        if (ex != null) {
            if (ctx.channel().isWritable()) ex.owner.serverWritable(ex); else ex.owner.serverUnwritable(ex);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        if (ex != null) {
            exchange = null;
            ex.owner.serverClosed(ex);
        } else {
            server.idle(ctx.channel().eventLoop()).remove(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
