package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;

/**
 * On a TLS bind of a {@code mode http} frontend: once the connection is active (the handshake has succeeded,
 * see {@link dev.hapair.proxy.tls.HandshakeGate}), installs HTTP/2 ({@link H2Frontend}) when ALPN chose
 * {@code h2}, the HTTP/1 engine ({@link HttpSession}) otherwise (http/1.1, http/1.0 or no ALPN at all), and
 * steps aside. Nothing is read before the choice: the application data follows the handshake.
 */
final class AlpnDispatch extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final FrontendRuntime fe;
    /** An HTTP/1 connection that starts with the HTTP/2 preface becomes HTTP/2 (no option disable-h2-upgrade). */
    private final boolean upgradeOnPreface;

    AlpnDispatch(ProxyContext px, FrontendRuntime fe, boolean upgradeOnPreface) {
        this.px = px;
        this.fe = fe;
        this.upgradeOnPreface = upgradeOnPreface;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        String protocol = ssl != null ? ssl.applicationProtocol() : null;
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().remove(this);
            H2Frontend.install(ctx.pipeline(), px, fe); // active already: the codec sends its preface at once
        } else {
            ctx.pipeline().addAfter(ctx.name(), "http", new HttpSession(px, fe).upgradeOnPreface(upgradeOnPreface));
            ctx.pipeline()
                    .addAfter(
                            ctx.name(),
                            H1Traffic.NAME,
                            new H1Traffic(fe.counters().h1(), false));
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // before the choice, this is the last handler: a failed handshake (strict-sni, a bad ClientHello) must
        // close the connection here, as the session would have
        if (ServiceWatchdog.isAllocationFailure(cause)) px.watchdog.allocationFailed(System.nanoTime());
        PeerReset.close(ctx, cause);
    }
}
