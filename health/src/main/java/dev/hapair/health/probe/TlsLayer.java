package dev.hapair.health.probe;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLSession;

/**
 * TLS below a check ({@code check-ssl}): a handler for each check connection, and what the finished
 * handshake must satisfy. A failed handshake or a refused peer is HAProxy's "Layer6 invalid response".
 */
public interface TlsLayer {

    SslHandler newHandler(ByteBufAllocator alloc);

    /** @return null when the peer may be used, otherwise why not */
    String checkPeer(SSLSession session);
}
