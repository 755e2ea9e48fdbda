package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.backend.H1Counters;
import dev.hapair.proxy.backend.H2Counters;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger.Direction;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The h1 and h2 stats modules are fed by what really passes: bytes, connections, frames. */
class ModuleCountersTest {
    @Test
    void h1TrafficCountsTheConnectionAndItsBytesBothWays() {
        H1Counters c = new H1Counters();
        EmbeddedChannel ch = new EmbeddedChannel(new H1Traffic(c, false));
        assertEquals(1, c.openConnections());
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
        ch.writeOutbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\n", StandardCharsets.US_ASCII));
        ReferenceCountUtil.release(ch.readInbound());
        ReferenceCountUtil.release(ch.readOutbound());
        assertEquals(18, c.bytesIn());
        assertEquals(19, c.bytesOut());
        ch.close();
        assertEquals(0, c.openConnections());
        assertEquals(1, c.totalConnections());
        c.splicedIn(100);
        assertEquals(118, c.bytesIn());
        assertEquals(100, c.splicedBytesIn());
        c.clear();
        assertEquals(0, c.bytesIn());
        assertEquals(0, c.totalConnections());
    }

    @Test
    void serverSideConnectionCountsOnceAddedToAnOpenChannel() {
        H1Counters c = new H1Counters();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new H1Traffic(c, true));
        assertEquals(1, c.openConnections());
        ch.close();
        assertEquals(0, c.openConnections());
    }

    @Test
    void h2FramesInAndErrorsOut() {
        H2Counters c = new H2Counters();
        H2FrameCounter f = new H2FrameCounter(c);
        f.logHeaders(Direction.INBOUND, null, 1, null, 0, false);
        f.logHeaders(Direction.OUTBOUND, null, 1, null, 0, false);
        f.logData(Direction.INBOUND, null, 1, Unpooled.EMPTY_BUFFER, 0, true);
        f.logSettings(Direction.INBOUND, null, new Http2Settings());
        f.logSettingsAck(Direction.INBOUND, null);
        f.logSettings(Direction.INBOUND, null, new Http2Settings());
        f.logSettings(Direction.OUTBOUND, null, new Http2Settings());
        f.logRstStream(Direction.INBOUND, null, 3, Http2Error.CANCEL.code());
        f.logRstStream(Direction.OUTBOUND, null, 5, Http2Error.PROTOCOL_ERROR.code());
        f.logRstStream(Direction.OUTBOUND, null, 7, Http2Error.REFUSED_STREAM.code());
        f.logRstStream(Direction.OUTBOUND, null, 9, Http2Error.CANCEL.code());
        f.logGoAway(Direction.OUTBOUND, null, 7, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
        f.logGoAway(Direction.OUTBOUND, null, 7, Http2Error.ENHANCE_YOUR_CALM.code(), Unpooled.EMPTY_BUFFER);
        assertEquals(1, c.receivedCount(H2Counters.Frame.HEADERS));
        assertEquals(1, c.receivedCount(H2Counters.Frame.DATA));
        // the first SETTINGS counts twice, as haproxy 2.6.12 counts it; the ACK counts
        assertEquals(4, c.receivedCount(H2Counters.Frame.SETTINGS));
        assertEquals(1, c.receivedCount(H2Counters.Frame.RST_STREAM));
        assertEquals(0, c.receivedCount(H2Counters.Frame.GOAWAY));
        assertEquals(2, c.rstSent());
        assertEquals(1, c.streamErrors());
        assertEquals(1, c.goawaySent(), "a graceful GOAWAY is no error");
        assertEquals(1, c.connectionErrors());
    }
}
