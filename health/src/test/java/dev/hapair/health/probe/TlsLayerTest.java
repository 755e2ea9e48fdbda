package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The one rule every TLS probe (tcp, http, protocol checks) applies to a finished handshake. */
class TlsLayerTest {

    private static TlsLayer refusing(String why) {
        return new TlsLayer() {
            @Override
            public SslHandler newHandler(ByteBufAllocator alloc) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String checkPeer(SSLSession session) {
                return why;
            }
        };
    }

    private static SslHandler handler() throws Exception {
        return new SslHandler(SSLContext.getDefault().createSSLEngine());
    }

    private static Promise<Channel> handshake() {
        return new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
    }

    @Test
    void aHandshakeTimeoutIsL6toutOtherFailuresL6rspInHaproxysWords() throws Exception {
        Duration took = Duration.ofMillis(7);
        CheckResult timeout = refusing(null)
                .handshakeFailure(handshake().setFailure(new SslHandshakeTimeoutException("slow")), handler(), took);
        assertEquals(CheckStatus.L6TOUT, timeout.status());
        assertEquals(took, timeout.duration());
        CheckResult failed = refusing(null)
                .handshakeFailure(handshake().setFailure(new SSLException("bad record")), handler(), took);
        assertEquals(CheckStatus.L6RSP, failed.status());
        assertEquals("SSL handshake failure", failed.detail(), "HAProxy's text (haproxy 2.6.12 side by side)");
        CheckResult closed = refusing(null)
                .handshakeFailure(
                        handshake().setFailure(new java.nio.channels.ClosedChannelException()), handler(), took);
        assertEquals("Connection closed during SSL handshake", closed.detail());
    }

    @Test
    void aDoneHandshakeIsUsableUnlessThePeerIsRefused() throws Exception {
        Duration took = Duration.ofMillis(3);
        assertNull(refusing(null).handshakeFailure(handshake().setSuccess(null), handler(), took));
        CheckResult refused = refusing("certificate does not name www")
                .handshakeFailure(handshake().setSuccess(null), handler(), took);
        assertEquals(CheckStatus.L6RSP, refused.status());
        assertEquals("certificate does not name www", refused.detail());
    }
}
