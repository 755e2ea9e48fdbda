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
 * connection is admitted (on a TLS listener in two steps: the connection rules before the handshake, the
 * others after it, as HAProxy creates the session only once the handshake is done) (in TCP mode also {@code tcp-request content}: every fetch hapair offers there
 * reads the connection, so there is nothing to wait for). {@code reject} closes the connection before
 * any byte is read; otherwise the connection goes on with the rules' variables attached.
 */
final class TcpRequestRules extends ChannelInboundHandlerAdapter {
    /** The connection's variables and addresses, for later rules and routing. */
    static final AttributeKey<ConnTxn> TXN = AttributeKey.valueOf("hapair.conn.txn");

    /** Which rules an instance runs. */
    enum Stage {
        /** Every kind, on a plaintext listener. */
        ALL,
        /** {@code tcp-request connection} only: before the TLS handshake. */
        CONNECTION,
        /** {@code tcp-request session} (and {@code content} in TCP mode): after the TLS handshake. */
        SESSION
    }

    private final FrontendRuntime frontend;
    private final Stage stage;

    TcpRequestRules(FrontendRuntime frontend) {
        this(frontend, Stage.ALL);
    }

    TcpRequestRules(FrontendRuntime frontend, Stage stage) {
        this.frontend = frontend;
        this.stage = stage;
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
        ConnTxn t = ctx.channel().attr(TXN).get();
        if (t == null) {
            t = new ConnTxn(
                    (InetSocketAddress) ctx.channel().remoteAddress(),
                    (InetSocketAddress) ctx.channel().localAddress(),
                    r,
                    frontend.name());
            ctx.channel().attr(TXN).set(t);
        }
        t.secure(dev.hapair.proxy.tls.ServerTls.terminates(ctx.channel()));
        if (stage == Stage.SESSION) t.tls(dev.hapair.proxy.tls.ServerTls.facts(ctx.channel()));
        Outcome o =
                stage == Stage.SESSION ? Outcome.CONTINUE : r.tcpConnection().run(t);
        if (stage != Stage.CONNECTION) {
            if (o.kind() != Outcome.Kind.REJECT) o = r.tcpSession().run(t);
            if (o.kind() != Outcome.Kind.REJECT && frontend.settings().mode() == ProxyMode.TCP)
                o = r.tcpContent().run(t);
        }
        if (o.kind() == Outcome.Kind.REJECT) {
            frontend.counters().denied();
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
