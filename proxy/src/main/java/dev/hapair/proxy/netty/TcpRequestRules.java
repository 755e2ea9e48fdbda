package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.rules.Outcome;
import dev.hapair.proxy.rules.ProxyRules;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Runs a frontend's connection-level rules when a connection is admitted, in two stages as HAProxy does:
 * {@code tcp-request connection} rules at accept, on the socket's own addresses (they may ask for a PROXY
 * protocol header with {@code expect-proxy layer4}); then, once the PROXY header (if any) is read,
 * {@code tcp-request session} rules on the session's addresses (in TCP mode also {@code tcp-request content}
 * rules when there is no {@code inspect-delay}: see {@link TcpContentInspector} otherwise). {@code reject} closes the connection before any
 * further byte is read; otherwise the connection goes on with the rules' variables attached.
 */
final class TcpRequestRules extends ChannelInboundHandlerAdapter {
    /** The connection's variables and addresses, for later rules and routing. */
    static final AttributeKey<ConnTxn> TXN = AttributeKey.valueOf("hapair.conn.txn");

    /** Which rules a handler runs. */
    enum Stage {
        CONNECTION,
        SESSION
    }

    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private final Stage stage;

    TcpRequestRules(ProxyContext px, FrontendRuntime frontend, Stage stage) {
        this.px = px;
        this.frontend = frontend;
        this.stage = stage;
    }

    /** Whether {@code fe} has {@code tcp-request connection} rules. */
    static boolean connectionStage(FrontendRuntime fe) {
        return !ProxyRules.in(fe.rules()).tcpConnection().isEmpty();
    }

    /** Whether {@code fe} needs the session stage (it also hands the session's addresses to earlier variables). */
    static boolean sessionStage(FrontendRuntime fe) {
        ProxyRules r = ProxyRules.in(fe.rules());
        return !r.tcpConnection().isEmpty()
                || !r.tcpSession().isEmpty()
                || (fe.settings().mode() == ProxyMode.TCP
                        && !r.tcpContent().isEmpty()
                        && !TcpContentInspector.inspects(fe));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ProxyRules r = ProxyRules.in(frontend.rules());
        ConnTxn t = ctx.channel().attr(TXN).get();
        if (t == null) {
            t = new ConnTxn(
                    ClientAddresses.source(ctx.channel()),
                    ClientAddresses.destination(ctx.channel()),
                    r,
                    frontend.name());
            ctx.channel().attr(TXN).set(t);
        }
        t.connection(ClientAddresses.connection(ctx.channel(), frontend));
        t.secure(dev.hapair.proxy.tls.ServerTls.terminates(ctx.channel()));
        Outcome o;
        boolean content = false;
        if (stage == Stage.CONNECTION) {
            o = r.tcpConnection().run(t);
            if (o.kind() != Outcome.Kind.REJECT
                    && t.expectsProxy()
                    && ctx.pipeline().get(ProxyProtocolHandler.NAME) == null) {
                ctx.pipeline().addAfter(ctx.name(), ProxyProtocolHandler.NAME, ProxyProtocolHandler.of(px, frontend));
            }
        } else {
            t.addresses(ClientAddresses.source(ctx.channel()), ClientAddresses.destination(ctx.channel()));
            t.proxyTlvs(ClientAddresses.tlvs(ctx.channel()));
            // on a TLS listener this stage runs once the handshake is done (HandshakeGate)
            if (t.secure()) t.tls(dev.hapair.proxy.tls.ServerTls.facts(ctx.channel()));
            o = r.tcpSession().run(t);
            if (o.kind() != Outcome.Kind.REJECT
                    && frontend.settings().mode() == ProxyMode.TCP
                    && !TcpContentInspector.inspects(frontend)) {
                // no inspect-delay: one evaluation at once, on an empty buffer that is final
                t.requestContent(new byte[0], true);
                o = r.tcpContent().run(t);
                content = true;
            }
        }
        if (o.kind() == Outcome.Kind.REJECT) {
            // HAProxy counts each stage's rejects apart: dcon, dses, dreq
            if (stage == Stage.CONNECTION) frontend.counters().connectionDenied();
            else if (!content) frontend.counters().sessionDenied();
            else frontend.counters().denied();
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
