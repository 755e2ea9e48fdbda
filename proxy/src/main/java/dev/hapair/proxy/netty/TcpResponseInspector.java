package dev.hapair.proxy.netty;

import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * {@code tcp-response content} rules of a {@code mode tcp} backend, on the server connection before the
 * relay: the server's first bytes (at most {@code tune.bufsize}) are held while the rules are undecided,
 * evaluated again as more arrive, and finally when {@code tcp-response inspect-delay} expires, the buffer
 * fills or the server sends its FIN (without a delay: once, at connect, on an empty buffer). Then
 * {@code accept} (or no rule) passes the bytes on, {@code reject} closes both sides, {@code close} passes
 * them on and closes the server connection (the client's follows once it has them).
 */
final class TcpResponseInspector extends ChannelInboundHandlerAdapter {

    private final ProxyRules rules;
    private final ConnTxn txn;
    private final TcpSession session;
    private final int limit;
    private final HeldBytes held = new HeldBytes();
    private boolean fin;
    private boolean done;

    TcpResponseInspector(ProxyRules rules, ConnTxn txn, TcpSession session, int limit) {
        this.rules = rules;
        this.txn = txn;
        this.session = session;
        this.limit = limit;
    }

    /** Whether a backend with {@code rules} inspects responses. */
    static boolean inspects(ProxyRules rules) {
        return !rules.tcpResponse().isEmpty();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long delay = rules.responseInspectDelayMillis();
        held.start(ctx, delay, () -> evaluate(ctx, true));
        evaluate(ctx, delay <= 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof ByteBuf b)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        held.add(b);
        evaluate(ctx, held.size() >= limit);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (done) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !done) {
            fin = true;
            evaluate(ctx, true);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void evaluate(ChannelHandlerContext ctx, boolean last) {
        if (done) {
            return;
        }
        txn.responseContent(held.copy(), last);
        Outcome o = rules.tcpResponse().inspect(txn);
        if (o == null) {
            return; // undecided: more bytes, the delay, a full buffer or the FIN will tell
        }
        done = true;
        txn.responseContent(new byte[0], true);
        if (o.kind() == Outcome.Kind.REJECT) {
            held.discard();
            session.closeBoth();
            return;
        }
        ByteBuf bytes = held.take();
        ctx.pipeline().remove(this);
        if (bytes.isReadable()) {
            ctx.fireChannelRead(bytes);
            ctx.fireChannelReadComplete();
        } else {
            bytes.release();
        }
        if (o.kind() == Outcome.Kind.CLOSE) {
            ctx.close();
        } else if (fin) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.discard();
    }
}
