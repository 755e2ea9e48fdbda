package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.HapairQuietClose;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client connection closed from the socket's side (the peer's reset, {@code PeerReset}) after its handshake:
 * the handlers after the SslHandler see what Netty's own {@code channelInactive} shows them (the close event
 * with a ClosedChannelException, then channelInactive), without the exception's stack trace; connections that
 * still have something in TLS keep Netty's path exactly.
 */
class QuietCloseTest {
    @TempDir
    static Path dir;

    private static ServerTls tls;
    private static SslContext client;

    @BeforeAll
    static void contexts() throws Exception {
        TestCerts certs = new TestCerts(dir);
        Path a = certs.bundle("a", "a.test");
        SslDefaults defaults = new SslDefaults(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SslOptions.NONE);
        tls = new ServerTlsFactory(TlsProvider.detect())
                .build(PlainBinds.of(List.of(CertSource.crt(a.toString())), false), defaults);
        client = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
    }

    @Test
    void thisNettyHasWhatTheQuietPathReads() {
        assertTrue(HapairQuietClose.available(), "Netty's SslHandler changed: every close takes Netty's path");
    }

    @Test
    void aResetAfterTheHandshakeClosesWithoutAStackTrace() {
        Events seen = new Events();
        EmbeddedChannel server = new EmbeddedChannel(QuietClose.INSTANCE, tls.newHandler(5_000), seen);
        EmbeddedChannel peer = new EmbeddedChannel(client.newHandler(ByteBufAllocator.DEFAULT));
        handshake(server, peer);
        SslHandler ssl = server.pipeline().get(SslHandler.class);

        resetFromTheSocket(server);

        assertEquals(List.of("close:ClosedChannelException", "inactive"), seen.names);
        Throwable cause = ssl.sslCloseFuture().cause();
        assertInstanceOf(ClosedChannelException.class, cause);
        assertEquals(0, cause.getStackTrace().length, "Netty's path: a stack trace filled in per connection");
        assertTrue(seen.outboundClosedAtInactive, "the engine's outbound side is closed before the handlers see it");
        peer.finishAndReleaseAll();
    }

    @Test
    void aCloseDuringTheHandshakeKeepsNettysPath() {
        Events seen = new Events();
        EmbeddedChannel server = new EmbeddedChannel(QuietClose.INSTANCE, tls.newHandler(5_000), seen);
        EmbeddedChannel peer = new EmbeddedChannel(client.newHandler(ByteBufAllocator.DEFAULT));
        ByteBuf hello;
        while ((hello = peer.readOutbound()) != null) server.writeInbound(hello); // the ClientHello only
        SslHandler ssl = server.pipeline().get(SslHandler.class);
        assertNotNull(ssl);
        assertFalse(ssl.handshakeFuture().isDone());

        resetFromTheSocket(server);

        Throwable cause = ssl.handshakeFuture().cause();
        assertInstanceOf(ClosedChannelException.class, cause);
        assertTrue(cause.getStackTrace().length > 0, "Netty's own exception");
        assertEquals(1, cause.getSuppressed().length, "Netty's 'closed while the handshake was in progress'");
        assertTrue(seen.names.contains("inactive"));
        peer.finishAndReleaseAll();
    }

    @Test
    void aWriteStillQueuedInTlsKeepsNettysPath() {
        Events seen = new Events();
        EmbeddedChannel server = new EmbeddedChannel(QuietClose.INSTANCE, tls.newHandler(5_000), seen);
        EmbeddedChannel peer = new EmbeddedChannel(client.newHandler(ByteBufAllocator.DEFAULT));
        handshake(server, peer);
        SslHandler ssl = server.pipeline().get(SslHandler.class);
        ByteBuf body = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        ChannelFuture write = seen.ctx.write(body); // not flushed: waits in the SslHandler

        resetFromTheSocket(server);

        assertTrue(write.isDone() && !write.isSuccess());
        assertInstanceOf(ClosedChannelException.class, write.cause());
        assertTrue(write.cause().getStackTrace().length > 0, "failed by Netty's own channelInactive");
        assertEquals(0, body.refCnt(), "the queued write was released");
        assertInstanceOf(ClosedChannelException.class, ssl.sslCloseFuture().cause());
        assertEquals(List.of("close:ClosedChannelException", "inactive"), seen.names);
        peer.finishAndReleaseAll();
    }

    /** As PeerReset closes a connection whose socket failed: from the head, past the TLS handler. */
    private static void resetFromTheSocket(EmbeddedChannel server) {
        server.pipeline().firstContext().close();
        server.runPendingTasks();
        server.finishAndReleaseAll();
    }

    private static void handshake(EmbeddedChannel server, EmbeddedChannel peer) {
        SslHandler c = peer.pipeline().get(SslHandler.class);
        for (int i = 0; i < 20; i++) {
            ByteBuf b;
            while ((b = peer.readOutbound()) != null) server.writeInbound(b);
            while ((b = server.readOutbound()) != null) peer.writeInbound(b);
            server.runPendingTasks();
            peer.runPendingTasks();
            SslHandler s = server.pipeline().get(SslHandler.class);
            if (s != null
                    && s.handshakeFuture().isSuccess()
                    && c.handshakeFuture().isSuccess()) return;
        }
        throw new AssertionError("the handshake did not complete");
    }

    /** What the handler after the SslHandler sees of the close, in order. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        final List<String> names = new ArrayList<>();
        ChannelHandlerContext ctx;
        boolean outboundClosedAtInactive;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslCloseCompletionEvent e) {
                names.add("close:"
                        + (e.cause() instanceof ClosedChannelException ? "ClosedChannelException" : e.cause()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            outboundClosedAtInactive = ssl != null && outboundClosed(ssl);
            names.add("inactive");
        }

        /** Whether closeOutbound was called: a further wrap produces no application data. */
        private static boolean outboundClosed(SslHandler ssl) {
            try {
                java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(32 * 1024);
                var r = ssl.engine().wrap(java.nio.ByteBuffer.wrap(new byte[] {1}), out);
                return r.bytesConsumed() == 0;
            } catch (javax.net.ssl.SSLException e) {
                return true;
            }
        }
    }
}
