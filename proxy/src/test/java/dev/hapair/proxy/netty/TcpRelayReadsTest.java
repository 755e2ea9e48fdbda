package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.common.time.ManualScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The relay counts its channel's reads for the inactivity timeout (which the pipeline skips on reads), taking over
 * from the {@link InactivityTimeout.Reads} that counted them before it: every read the socket gives postpones the
 * timeout, and bytes an inspection held and releases later are not counted a second time.
 */
class TcpRelayReadsTest {
    final ManualScheduler clock = new ManualScheduler();
    final EmbeddedChannel peer = new EmbeddedChannel();
    int events;

    /** Takes the timeout's events before they reach the relay (whose session they are for). */
    final class Events extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) events++;
        }
    }

    /** An inspection in front of the relay: holds the first chunk until told, then passes it on as its own read. */
    static final class Holder extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;
        ByteBuf held;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            this.ctx = ctx;
            held = (ByteBuf) msg;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {}

        void release() {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(held);
            ctx.fireChannelReadComplete();
        }
    }

    TcpRelayHandler relay() {
        return new TcpRelayHandler(peer, null, n -> {});
    }

    void assertRelayed() {
        ByteBuf out = peer.readOutbound();
        assertEquals(1, out.readableBytes());
        out.release();
    }

    void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    void finish(EmbeddedChannel ch) {
        ch.pipeline().remove(TcpRelayHandler.class); // its session is not part of this test
        ch.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    @Test
    void theRelayCountsEveryReadAfterTakingOverFromTheReadsHandler() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new InactivityTimeout(1000, clock), new InactivityTimeout.Reads(), new Events(), relay());
        advance(500);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        assertNull(ch.pipeline().get(InactivityTimeout.Reads.class), "the relay counts from its first read on");
        assertRelayed();
        advance(900);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {2}));
        advance(999);
        assertEquals(0, events, "due 1000 ms after the last read (at 1400 ms)");
        advance(1);
        assertEquals(1, events);
        finish(ch);
    }

    @Test
    void bytesAnInspectionHeldAreCountedWhenTheSocketGaveThemNotAgainWhenReleased() {
        Holder holder = new Holder();
        EmbeddedChannel ch = new EmbeddedChannel(
                new InactivityTimeout(1000, clock), new InactivityTimeout.Reads(), new Events(), holder, relay());
        advance(100);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1})); // read from the socket at 100 ms, held
        advance(500);
        holder.release(); // at 600 ms, outside of any read of the socket
        assertRelayed();
        advance(499);
        assertEquals(0, events);
        advance(1);
        assertEquals(1, events, "due 1000 ms after the socket's read, not after the release");
        advance(500);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {2})); // the socket's reads count again
        advance(999);
        assertEquals(1, events);
        advance(1);
        assertEquals(2, events);
        finish(ch);
    }
}
