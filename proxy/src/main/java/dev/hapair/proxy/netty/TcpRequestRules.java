package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * Runs a frontend's {@code tcp-request connection} then {@code tcp-request session} rules when a
 * connection is admitted (in TCP mode also {@code tcp-request content}: every fetch hapair offers there
 * reads the connection, so there is nothing to wait for). {@code reject} closes the connection before
 * any byte is read; otherwise the connection goes on with the rules' variables attached.
 */
final class TcpRequestRules extends ChannelInboundHandlerAdapter {
    /** The connection's variables and addresses, for later rules and routing. */
    static final AttributeKey<ConnTxn> TXN = AttributeKey.valueOf("hapair.conn.txn");

    private final FrontendRuntime frontend;

    TcpRequestRules(FrontendRuntime frontend) {
        this.frontend = frontend;
    }

    /** Whether {@code fe} has connection-level rules at all (the handler is only installed then). */
    static boolean needed(FrontendRuntime fe) {
        ProxyRules r = ProxyRules.in(fe.rules());
        return !r.tcpConnection().isEmpty()
                || !r.tcpSession().isEmpty()
                || (fe.settings().mode() == ProxyMode.TCP && !r.tcpContent().isEmpty());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ProxyRules r = ProxyRules.in(frontend.rules());
        ConnTxn t = new ConnTxn(
                (InetSocketAddress) ctx.channel().remoteAddress(),
                (InetSocketAddress) ctx.channel().localAddress(),
                r,
                frontend.name());
        t.secure(dev.hapair.proxy.tls.ServerTls.terminates(ctx.channel()));
        ctx.channel().attr(TXN).set(t);
        Outcome o = r.tcpConnection().run(t);
        if (o.kind() != Outcome.Kind.REJECT) o = r.tcpSession().run(t);
        if (o.kind() != Outcome.Kind.REJECT && frontend.settings().mode() == ProxyMode.TCP)
            o = r.tcpContent().run(t);
        if (o.kind() == Outcome.Kind.REJECT) {
            frontend.counters().denied();
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
