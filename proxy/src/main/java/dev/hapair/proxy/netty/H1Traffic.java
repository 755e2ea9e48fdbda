package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.H1Counters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts an HTTP/1 connection for its proxy's {@code h1} stats module: the connection while it is open, and the
 * bytes read and written at this point of the pipeline (after TLS, so the HTTP/1 bytes, heads included). It
 * sits just before the handler that speaks HTTP/1 on a client ({@link HttpSession}) or server
 * ({@link ServerLink}) connection; a connection counts from the moment that handler has it (a client
 * connection refused before, e.g. by {@code maxconn} or a failed handshake, is no HTTP/1 connection).
 */
final class H1Traffic extends ChannelDuplexHandler {
    static final String NAME = "h1-traffic";

    private final H1Counters counters;
    private final boolean connected;
    private boolean open;

    /**
     * @param connected the connection is already established and its {@code channelActive} has passed (a server
     *     connection): it counts at once; otherwise (a client connection) when {@code channelActive} reaches here
     */
    H1Traffic(H1Counters counters, boolean connected) {
        this.counters = counters;
        this.connected = connected;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (connected && ctx.channel().isActive()) opened();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!open) opened();
        ctx.fireChannelActive();
    }

    private void opened() {
        open = true;
        counters.connectionOpened();
    }

    /** Taken out of an open connection (it became HTTP/2 on a preface): no longer an HTTP/1 connection. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (open) {
            open = false;
            counters.connectionClosed();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (open) {
            open = false;
            counters.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) counters.read(b.readableBytes());
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) counters.written(b.readableBytes());
        ctx.write(msg, promise);
    }
}
