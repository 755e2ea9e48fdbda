package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * TCP content inspection of a {@code mode tcp} frontend ({@code tcp-request inspect-delay} with
 * {@code tcp-request content} rules): holds the client's first bytes back, at most {@code tune.bufsize},
 * and evaluates the whole rule list again each time more arrive, as HAProxy does. A condition that needs
 * bytes which may still come makes the evaluation wait; the delay expiring, the buffer filling or the
 * client's FIN make the contents final and the rules run once more with missing data as "no match". Then
 * {@code reject} closes the connection, anything else lets it go on: the next handler (server choice,
 * which may read the same bytes in {@code use_backend}) gets {@code channelActive} and the held bytes.
 */
final class TcpContentInspector extends ChannelInboundHandlerAdapter {

    static final String NAME = "tcp-inspect";

    private final FrontendRuntime frontend;
    private final long delayMillis;
    private final int limit;
    private final HeldBytes held = new HeldBytes();
    private boolean fin;
    private boolean done;
    private ConnTxn txn;

    TcpContentInspector(FrontendRuntime frontend) {
        this.frontend = frontend;
        this.delayMillis = ProxyRules.in(frontend.rules()).inspectDelayMillis();
        this.limit = frontend.settings().http().bufsize();
    }

    /** Whether {@code fe} waits for request contents: a tcp frontend with content rules and a delay. */
    static boolean inspects(FrontendRuntime fe) {
        ProxyRules r = ProxyRules.in(fe.rules());
        return fe.settings().mode() == ProxyMode.TCP && !r.tcpContent().isEmpty() && r.inspectDelayMillis() > 0;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        txn = ctx.channel().attr(TcpRequestRules.TXN).get();
        if (txn == null) {
            txn = new ConnTxn(
                    ClientAddresses.source(ctx.channel()),
                    ClientAddresses.destination(ctx.channel()),
                    ProxyRules.in(frontend.rules()),
                    frontend.name());
            txn.secure(dev.hapair.proxy.tls.ServerTls.terminates(ctx.channel()));
            txn.proxyTlvs(ClientAddresses.tlvs(ctx.channel()));
            ctx.channel().attr(TcpRequestRules.TXN).set(txn);
        }
        txn.connection(ClientAddresses.connection(ctx.channel(), frontend));
        held.start(ctx, delayMillis, () -> evaluate(ctx, true));
        // HAProxy evaluates as soon as the stream exists, before any byte: { req.len 0 } matches at once
        if (evaluate(ctx, false)) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf b)) {
            if (done) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        held.add(b);
        evaluate(ctx, held.size() >= limit);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!done) {
            ctx.read(); // auto-read stays off until the server side exists
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !done) {
            fin = true;
            evaluate(ctx, true);
        } else if (evt instanceof IdleStateEvent && !done) {
            ctx.close(); // timeout client expired first (it should cover the inspect delay)
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** @return whether inspection goes on (more bytes wanted) */
    private boolean evaluate(ChannelHandlerContext ctx, boolean last) {
        if (done) {
            return false;
        }
        txn.requestContent(held.copy(), last);
        Outcome o = ProxyRules.in(frontend.rules()).tcpContent().inspect(txn);
        if (o == null) {
            return true; // undecided: wait for more bytes or the delay
        }
        done = true;
        txn.requestContent(txn.requestPayload(), true); // use_backend reads them final
        if (o.kind() == Outcome.Kind.REJECT) {
            frontend.counters().denied();
            held.discard();
            ctx.close();
            return false;
        }
        ByteBuf bytes = held.take();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        if (bytes.isReadable() && ctx.channel().isActive()) {
            ctx.fireChannelRead(bytes);
        } else {
            bytes.release();
        }
        if (fin) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            held.discard();
        } else {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.discard();
    }
}
