package dev.hapair.proxy.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Holds a TLS connection's {@code channelActive} back from the handlers after it until the handshake has
 * succeeded, as HAProxy creates the session only then: {@code tcp-request session} and {@code content} rules,
 * routing and the session's timers see the handshake's facts ({@code ssl_fc_sni}...). Reads go on meanwhile
 * (child channels do not auto-read) so the handshake can finish; a failed handshake closes the connection.
 */
public final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private final dev.hapair.proxy.backend.SslCounters counters;
    private boolean active;

    /** @param counters the frontend's {@code ssl} stats module (new, resumed and failed handshakes) */
    public HandshakeGate(dev.hapair.proxy.backend.SslCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null && ssl.handshakeFuture().isSuccess()) {
            open(ctx);
            return;
        }
        active = true;
        ctx.read();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (!e.isSuccess()) counters.failedHandshake();
            else counters.handshake(ssl != null && Boolean.TRUE.equals(TlsCounters.resumed(ssl.engine())));
            if (e.isSuccess()) {
                if (active) {
                    open(ctx);
                }
            } else {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active) {
            // the handlers after this one never saw the connection open: they need not see it close
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelInactive();
    }

    private void open(ChannelHandlerContext ctx) {
        active = false;
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
