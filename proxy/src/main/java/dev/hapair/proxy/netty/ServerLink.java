package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h1.HeadScanner;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Last handler of a server connection in {@code mode http}: gathers the server's raw bytes for the exchange
 * it serves ({@link HttpSession} parses them). While parked in the idle pool it is unbound, and anything
 * the server says then (data or close) retires the connection.
 */
final class ServerLink extends ChannelInboundHandlerAdapter {
    final ServerRuntime server;
    final HeadScanner scanner;
    HttpExchange exchange;
    /** Requests this connection has carried: past one it is "proven" for {@code http-reuse} (IdleConnections). */
    int requests;
    /** Received bytes not yet forwarded (at most one read plus a partial head). */
    ByteBuf in;

    private ChannelHandlerContext ctx;

    /** What a stream to an HTTP/2 server reports before it closes ({@link H2ServerStreamBridge}). */
    enum Failure {
        /** The response was malformed (RFC 9113 8.1.1): 502, {@code PH}, counted as an invalid response. */
        INVALID,
        /** The request cannot be carried (an upgrade the server does not take): 502, {@code SH}. */
        UNSUPPORTED,
        /** The response was malformed after its head went out: the close that follows truncates it. */
        TRUNCATED
    }

    ServerLink(ServerRuntime server, int maxHeadBytes) {
        this.server = server;
        this.scanner = new HeadScanner(maxHeadBytes, false);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    io.netty.channel.Channel channel() {
        return ctx.channel();
    }

    /** No byte is waiting: the connection may go back to the idle pool. */
    boolean drained() {
        return in == null || !in.isReadable();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HttpExchange ex = exchange;
        if (ex == null || !(msg instanceof ByteBuf b)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            ctx.close(); // idle connection talking out of turn: never reuse it
            return;
        }
        in = in == null ? b : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, b);
        ex.owner.serverSide.serverData(ex, this);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        if (ex != null) ex.owner.serverSide.serverReadComplete(ex);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        HttpExchange ex = exchange;
        if (ex != null) ex.owner.serverSide.serverWritabilityChanged(ex);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        HttpExchange ex = exchange;
        if (!(evt instanceof Failure f) || ex == null) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        switch (f) {
            case INVALID -> ex.owner.serverSide.serverFailure(ex, 502, Termination.PROXY_HEADERS);
            case UNSUPPORTED -> ex.owner.serverSide.serverFailure(ex, 502, Termination.SERVER_ABORT_HEADERS);
            case TRUNCATED -> {} // the close ends the exchange as a server abort
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseInput();
        HttpExchange ex = exchange;
        if (ex != null) {
            exchange = null;
            ex.owner.serverSide.serverClosed(ex, this);
        } else {
            server.idle(ctx.channel().eventLoop()).remove(ctx.channel());
        }
    }

    void releaseInput() {
        if (in != null) {
            in.release();
            in = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        HttpExchange ex = exchange;
        if (ex != null) ex.owner.serverException(cause);
        ctx.close(); // a failed buffer allocation closes this connection only
    }
}
