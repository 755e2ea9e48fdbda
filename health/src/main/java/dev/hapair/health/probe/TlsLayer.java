package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import javax.net.ssl.SSLSession;

/**
 * TLS below a check ({@code check-ssl}): a handler for each check connection, and what the finished
 * handshake must satisfy. A failed handshake or a refused peer is HAProxy's "Layer6 invalid response".
 */
public interface TlsLayer {

    SslHandler newHandler(ByteBufAllocator alloc);

    /** @return null when the peer may be used, otherwise why not */
    String checkPeer(SSLSession session);

    /**
     * What a finished handshake of {@code ssl} means for a check: null when the peer may be used, else HAProxy's
     * layer-6 result (L6TOUT for a handshake timeout, L6RSP with the reason for a failed handshake or a refused
     * peer). One rule for every probe that speaks TLS.
     */
    default CheckResult handshakeFailure(Future<?> handshake, SslHandler ssl, Duration took) {
        if (!handshake.isSuccess()) {
            Throwable cause = handshake.cause();
            if (cause instanceof SslHandshakeTimeoutException) {
                return CheckResult.of(CheckStatus.L6TOUT, took);
            }
            // HAProxy's words (conn_err_code_str): the peer closing before the handshake ended, else a TLS
            // failure (an alert, a certificate that does not verify) as "SSL handshake failure"
            return CheckResult.of(
                    CheckStatus.L6RSP,
                    took,
                    cause instanceof java.nio.channels.ClosedChannelException
                            ? "Connection closed during SSL handshake"
                            : "SSL handshake failure");
        }
        String refused = checkPeer(ssl.engine().getSession());
        return refused == null ? null : CheckResult.of(CheckStatus.L6RSP, took, refused);
    }
}
