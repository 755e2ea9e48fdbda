package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * On a TLS bind that offers {@code h2} by ALPN: waits for the handshake, then installs HTTP/2
 * ({@link H2Frontend}) when the client chose {@code h2}, the HTTP/1 engine ({@link HttpSession}) otherwise
 * (http/1.1, http/1.0 or no ALPN at all). Until then the session does not exist, so no HTTP timer runs during
 * the handshake (the handshake has its own bound).
 */
final class AlpnDispatch extends ApplicationProtocolNegotiationHandler {
    private final ProxyContext px;
    private final FrontendRuntime fe;

    AlpnDispatch(ProxyContext px, FrontendRuntime fe) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.px = px;
        this.fe = fe;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // admitted: read the handshake; the protocol's handlers get their activation once chosen
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            H2Frontend.install(ctx.pipeline(), px, fe);
        } else {
            ctx.pipeline().addLast("http", new HttpSession(px, fe));
            // this handler is still in front of the session: the activation reaches the session only
            ctx.fireChannelActive();
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // as on any TLS bind: a failed handshake closes the connection, quietly
    }
}
