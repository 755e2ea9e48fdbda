package dev.hapair.proxy.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Holds a TLS connection's {@code channelActive} back from the handlers after it until the handshake has
 * succeeded, as HAProxy creates the session only then: {@code tcp-request session} and {@code content} rules,
 * routing and the session's timers see the handshake's facts ({@code ssl_fc_sni}...). Reads go on meanwhile
 * (child channels do not auto-read) so the handshake can finish; a failed handshake closes the connection and is
 * reported once to the connection error log (as is a connection closed before its handshake completed).
 */
public final class HandshakeGate extends ChannelInboundHandlerAdapter {

    /** Told of a connection whose handshake failed, timed out or was cut, with its accept date. */
    @FunctionalInterface
    public interface Failure {
        void failed(io.netty.channel.Channel ch, Throwable cause, long acceptEpochMillis);

        Failure IGNORE = (ch, cause, at) -> {};
    }

    private final Failure failure;
    private final long acceptEpochMillis = System.currentTimeMillis();
    private final dev.hapair.proxy.backend.SslCounters counters;
    private boolean active;
    private boolean reported;

    /**
     * @param counters the frontend's {@code ssl} stats module (new, resumed and failed handshakes)
     * @param failure the connection error log
     */
    public HandshakeGate(dev.hapair.proxy.backend.SslCounters counters, Failure failure) {
        this.counters = counters;
        this.failure = failure;
    }

    /**
     * The connection error of a failed handshake. A client certificate refused by hapair's verifier (the
     * provider's verify callback) is the library's CERTIFICATE_VERIFY_FAILED in its error queue, which Netty does
     * not pass on: it is filled in for BoringSSL, as BoringSSL prints it.
     */
    public static dev.hapair.proxy.sample.ConnectionError connectionError(Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof CertCurves.WrongCurve) {
                // hapair's own check, reported as OpenSSL 3.0 reports it (BoringSSL has no such check)
                return new dev.hapair.proxy.sample.ConnectionError(
                        dev.hapair.proxy.sample.ConnectionError.SSL_HANDSHAKE,
                        0x0A00017AL,
                        "error:0A00017A:SSL routines::wrong curve");
            }
        }
        var e = dev.hapair.proxy.sample.ConnectionError.ofHandshake(
                cause, t -> t instanceof ClientCertTrust.Refused r ? r.ca() : null);
        TlsProvider p = TlsProvider.active();
        boolean refused = e.code() == dev.hapair.proxy.sample.ConnectionError.SSL_CA_FAIL
                || e.code() == dev.hapair.proxy.sample.ConnectionError.SSL_CRT_FAIL;
        if (refused && e.sslText() == null && p != null && p.isOpenSsl()) {
            return new dev.hapair.proxy.sample.ConnectionError(
                    e.code(), 0x1000007dL, "error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED");
        }
        return e;
    }

    private void report(ChannelHandlerContext ctx, Throwable cause) {
        if (!reported) {
            reported = true;
            failure.failed(ctx.channel(), cause, acceptEpochMillis);
        }
    }

    /** @param counters the frontend's {@code ssl} stats module (new, resumed and failed handshakes) */
    public HandshakeGate(dev.hapair.proxy.backend.SslCounters counters) {
        this(counters, Failure.IGNORE);
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
                report(ctx, e.cause());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (active) {
            report(ctx, new java.nio.channels.ClosedChannelException());
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
