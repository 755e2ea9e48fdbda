package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class PeerResetTest {

    /** Stands where the SslHandler stands: what it is asked to close, it would first write a close_notify for. */
    private static final class TlsStandIn extends ChannelOutboundHandlerAdapter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            calls.add("close");
            super.close(ctx, promise);
        }
    }

    private static List<String> closeAfter(Throwable cause) {
        TlsStandIn tls = new TlsStandIn();
        EmbeddedChannel ch =
                new EmbeddedChannel(new ChannelInboundHandlerAdapter(), tls, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable c) {
                        PeerReset.close(ctx, c);
                    }
                });
        ch.pipeline().fireExceptionCaught(cause);
        ch.runPendingTasks();
        assertFalse(ch.isOpen(), "closed in every case");
        return tls.calls;
    }

    @Test
    void aResetOrBrokenSocketIsClosedWithoutGoingThroughTheTlsLayer() {
        io.netty.channel.epoll.Epoll.ensureAvailability(); // epoll's native errors need its library
        assertEquals(
                List.of(),
                closeAfter(new Errors.NativeIoException(
                        "recvAddress(..) failed: Connection reset by peer", -104))); // ECONNRESET
        assertEquals(List.of(), closeAfter(new SocketException("Connection reset")));
    }

    @Test
    void nioSocketErrorsCountAsTheSocketsOwn() {
        IOException nio = new IOException("Connection reset by peer");
        nio.setStackTrace(
                new StackTraceElement[] {new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", null, -2)});
        assertEquals(List.of(), closeAfter(nio));
    }

    @Test
    void otherErrorsCloseThroughTheWholePipeline() {
        assertEquals(List.of("close"), closeAfter(new SSLException("bad record")));
        assertEquals(List.of("close"), closeAfter(new IllegalStateException("bug")));
        assertEquals(List.of("close"), closeAfter(new IOException("of hapair's own making")));
        assertEquals(List.of("close"), closeAfter(new OutOfMemoryError("no direct memory")));
    }
}
