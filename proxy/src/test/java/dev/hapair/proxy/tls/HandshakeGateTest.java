package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The handlers after the gate see the connection open only once the handshake succeeded. */
class HandshakeGateTest {

    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            events.add("active");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("inactive");
        }
    }

    @Test
    void channelActiveWaitsForTheHandshake() {
        Recorder r = new Recorder();
        dev.hapair.proxy.backend.SslCounters counters = new dev.hapair.proxy.backend.SslCounters();
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeGate(counters), r);
        assertEquals(List.of(), r.events, "held back while the handshake runs");
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        assertEquals(List.of("active"), r.events);
        assertEquals(1, counters.sessions(), "ssl_sess: a new session (no SslHandler here: not a resumed one)");
        assertNull(ch.pipeline().get(HandshakeGate.class), "the gate leaves the pipeline");
        ch.close();
        assertEquals(List.of("active", "inactive"), r.events);
    }

    @Test
    void aFailedHandshakeClosesWithoutOpening() {
        Recorder r = new Recorder();
        dev.hapair.proxy.backend.SslCounters counters = new dev.hapair.proxy.backend.SslCounters();
        EmbeddedChannel ch = new EmbeddedChannel(new HandshakeGate(counters), r);
        ch.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(new SSLHandshakeException("bad")));
        assertFalse(ch.isOpen());
        assertEquals(1, counters.failedHandshakes());
        assertEquals(0, counters.sessions());
        assertTrue(r.events.isEmpty(), "the session never existed: " + r.events);
    }
}
