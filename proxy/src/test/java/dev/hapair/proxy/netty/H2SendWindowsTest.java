package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2RemoteFlowController.FlowControlled;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound flow controller's rules, clock-free, with frames that log what they were allowed to write: window
 * arithmetic (stream and connection), a frame of no size queued behind its stream's DATA, SETTINGS_INITIAL_WINDOW_SIZE
 * moving open windows (below zero too), WINDOW_UPDATE and SETTINGS overflow as FLOW_CONTROL_ERROR, a reset stream's
 * queue failed and its buffers released, round-robin between streams sharing the connection window, and the
 * writability the session's back-pressure listens to.
 */
class H2SendWindowsTest {
    private final DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
    private final H2SendWindows flow = new H2SendWindows(connection);
    private final List<String> log = new ArrayList<>();
    private final List<Integer> writabilityEvents = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private final EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }
    });

    @BeforeEach
    void setUp() throws Http2Exception {
        connection.remote().flowController(flow);
        flow.channelHandlerContext(ctx);
        flow.listener(s -> writabilityEvents.add(s.id()));
    }

    /** A frame that logs "name:bytes" per write and holds a buffer of its size until written or failed. */
    private final class Frame implements FlowControlled {
        final String name;
        int size;
        final ByteBuf held;
        Throwable error;
        boolean complete;

        Frame(String name, int size) {
            this.name = name;
            this.size = size;
            this.held = Unpooled.buffer(Math.max(1, size));
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void error(ChannelHandlerContext c, Throwable cause) {
            error = cause;
            held.release();
        }

        @Override
        public void writeComplete() {
            complete = true;
            held.release();
        }

        @Override
        public void write(ChannelHandlerContext c, int allowedBytes) {
            int n = Math.min(size, allowedBytes);
            if (n == 0 && size != 0) return;
            size -= n;
            log.add(name + ":" + n);
        }

        @Override
        public boolean merge(ChannelHandlerContext c, FlowControlled next) {
            return false;
        }
    }

    private Http2Stream open(int id) throws Http2Exception {
        return connection.remote().createStream(id, false);
    }

    @Test
    void dataGoesWithinTheStreamWindowAndTheRestAfterItsUpdate() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream s = open(1);
        flow.addFlowControlled(s, new Frame("a", 25));
        flow.writePendingBytes();
        assertEquals(List.of("a:10"), log);
        assertEquals(0, flow.windowSize(s));
        assertEquals(65535 - 10, flow.windowSize(connection.connectionStream()));
        flow.writePendingBytes(); // nothing more until the window grows
        assertEquals(List.of("a:10"), log);
        flow.incrementWindowSize(s, 5);
        flow.writePendingBytes();
        flow.incrementWindowSize(s, 100);
        flow.writePendingBytes();
        assertEquals(List.of("a:10", "a:5", "a:10"), log);
        assertEquals(90, flow.windowSize(s));
        assertEquals(65535 - 25, flow.windowSize(connection.connectionStream()));
        assertFalse(flow.hasFlowControlled(s));
    }

    @Test
    void dataGoesWithinTheConnectionWindow() throws Http2Exception {
        flow.initialWindowSize(1 << 20);
        Http2Stream s = open(1);
        flow.addFlowControlled(s, new Frame("a", 70000));
        flow.writePendingBytes();
        assertEquals(List.of("a:65535"), log);
        flow.writePendingBytes();
        assertEquals(1, log.size());
        flow.incrementWindowSize(connection.connectionStream(), 4465);
        flow.writePendingBytes();
        assertEquals(List.of("a:65535", "a:4465"), log);
        assertEquals(0, flow.windowSize(connection.connectionStream()));
    }

    @Test
    void headersAndTrailersWaitBehindTheirStreamsData() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream s = open(1);
        flow.addFlowControlled(s, new Frame("headers", 0));
        flow.addFlowControlled(s, new Frame("data", 20));
        Frame trailers = new Frame("trailers", 0);
        flow.addFlowControlled(s, trailers);
        flow.writePendingBytes();
        assertEquals(List.of("headers:0", "data:10"), log);
        assertTrue(flow.hasFlowControlled(s));
        assertFalse(trailers.complete);
        flow.incrementWindowSize(s, 10);
        flow.writePendingBytes();
        assertEquals(List.of("headers:0", "data:10", "data:10", "trailers:0"), log);
        assertTrue(trailers.complete);
        assertEquals(0, trailers.held.refCnt());
    }

    @Test
    void aFrameOfNoSizeGoesEvenWithNoWindowLeft() throws Http2Exception {
        flow.initialWindowSize(0);
        Http2Stream s = open(1);
        flow.addFlowControlled(s, new Frame("end", 0));
        flow.writePendingBytes();
        assertEquals(List.of("end:0"), log);
    }

    @Test
    void initialWindowSizeMovesEveryOpenStreamAndMayGoNegative() throws Http2Exception {
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        flow.addFlowControlled(a, new Frame("a", 1000));
        flow.writePendingBytes();
        assertEquals(65535 - 1000, flow.windowSize(a));
        flow.initialWindowSize(500); // delta -65035
        assertEquals(-500, flow.windowSize(a));
        assertEquals(500, flow.windowSize(b));
        flow.addFlowControlled(a, new Frame("a2", 100));
        flow.writePendingBytes();
        assertEquals(List.of("a:1000"), log); // a's window is below zero: nothing goes
        flow.initialWindowSize(700); // +200: still -300
        flow.writePendingBytes();
        assertEquals(1, log.size());
        flow.initialWindowSize(1000); // +300: 0, still nothing
        assertEquals(1, log.size());
        flow.initialWindowSize(1050); // +50: 50 bytes go at once
        assertEquals(List.of("a:1000", "a2:50"), log);
        assertEquals(1050, flow.windowSize(b));
        assertEquals(1050, flow.windowSize(open(5))); // a new stream starts at the new size
    }

    @Test
    void aStreamWindowUpdatePastTheMaximumIsTheStreamsFlowControlError() throws Http2Exception {
        Http2Stream s = open(1);
        Http2Exception e = assertThrows(Http2Exception.class, () -> flow.incrementWindowSize(s, Integer.MAX_VALUE));
        assertInstanceOf(Http2Exception.StreamException.class, e);
        assertEquals(Http2Error.FLOW_CONTROL_ERROR, e.error());
        assertEquals(65535, flow.windowSize(s)); // unchanged
        flow.incrementWindowSize(s, Integer.MAX_VALUE - 65535); // exactly the maximum is allowed
        assertEquals(Integer.MAX_VALUE, flow.windowSize(s));
    }

    @Test
    void aConnectionWindowUpdatePastTheMaximumIsAConnectionError() throws Http2Exception {
        Http2Stream c = connection.connectionStream();
        Http2Exception e = assertThrows(Http2Exception.class, () -> flow.incrementWindowSize(c, Integer.MAX_VALUE));
        assertFalse(e instanceof Http2Exception.StreamException);
        assertEquals(Http2Error.FLOW_CONTROL_ERROR, e.error());
        assertEquals(65535, flow.windowSize(c));
    }

    @Test
    void aSettingsChangeOverflowingAWindowIsAConnectionErrorAndChangesNothing() throws Http2Exception {
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        flow.incrementWindowSize(b, Integer.MAX_VALUE - 65535);
        Http2Exception e = assertThrows(Http2Exception.class, () -> flow.initialWindowSize(65536));
        assertFalse(e instanceof Http2Exception.StreamException);
        assertEquals(Http2Error.FLOW_CONTROL_ERROR, e.error());
        assertEquals(65535, flow.windowSize(a));
        assertEquals(65535, flow.initialWindowSize());
    }

    @Test
    void aResetStreamFailsItsQueueAndReleasesTheBuffers() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream s = open(1);
        Frame data = new Frame("data", 100);
        Frame more = new Frame("more", 50);
        Frame trailers = new Frame("trailers", 0);
        flow.addFlowControlled(s, data);
        flow.addFlowControlled(s, more);
        flow.addFlowControlled(s, trailers);
        flow.writePendingBytes();
        assertFalse(flow.isWritable(s));
        s.close();
        for (Frame f : List.of(data, more, trailers)) {
            assertNotNull(f.error, f.name);
            assertEquals(0, f.held.refCnt(), f.name);
        }
        assertFalse(flow.hasFlowControlled(s));
        // the queued bytes no longer count against the connection: another stream is writable
        assertTrue(flow.isWritable(open(3)));
        flow.writePendingBytes();
        assertEquals(List.of("data:10"), log);
        // a frame for a closed stream fails at once
        Frame late = new Frame("late", 5);
        flow.addFlowControlled(s, late);
        assertNotNull(late.error);
        assertEquals(0, late.held.refCnt());
    }

    @Test
    void streamsSharingTheConnectionWindowTakeTurns() throws Http2Exception {
        flow.initialWindowSize(1 << 20);
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        flow.addFlowControlled(a, new Frame("a", 60000));
        flow.addFlowControlled(b, new Frame("b", 60000));
        flow.writePendingBytes();
        int sentA = (1 << 20) - flow.windowSize(a);
        int sentB = (1 << 20) - flow.windowSize(b);
        assertEquals(65535, sentA + sentB, "the connection window is used up");
        assertTrue(Math.abs(sentA - sentB) <= 1024, "a " + sentA + " b " + sentB);
    }

    @Test
    void aStreamIsNotWritableOnceItsQueueReachesItsWindowAndIsToldWhenItIsAgain() throws Http2Exception {
        flow.initialWindowSize(100);
        Http2Stream s = open(1);
        assertTrue(flow.isWritable(s));
        flow.addFlowControlled(s, new Frame("a", 60));
        assertTrue(flow.isWritable(s));
        assertEquals(List.of(), writabilityEvents);
        flow.addFlowControlled(s, new Frame("b", 40));
        assertFalse(flow.isWritable(s));
        assertEquals(List.of(1), writabilityEvents);
        flow.writePendingBytes(); // writing moves window and queue alike: still not writable
        assertFalse(flow.isWritable(s));
        flow.incrementWindowSize(s, 1);
        assertTrue(flow.isWritable(s));
        assertEquals(List.of(1, 1), writabilityEvents);
    }

    @Test
    void theSocketsWritabilityIsEveryStreams() throws Http2Exception {
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32, 64));
        ch.write(Unpooled.buffer(100).writeZero(100));
        assertFalse(ch.isWritable());
        flow.channelWritabilityChanged();
        assertFalse(flow.isWritable(a));
        assertFalse(flow.isWritable(b));
        assertEquals(List.of(1, 3), writabilityEvents);
        ch.flush();
        ch.releaseOutbound();
        assertTrue(ch.isWritable());
        flow.channelWritabilityChanged();
        assertTrue(flow.isWritable(a));
        assertEquals(List.of(1, 3, 1, 3), writabilityEvents);
    }

    @Test
    void aConnectionWindowUpdateReachesEveryStream() throws Http2Exception {
        flow.initialWindowSize(1 << 20);
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        flow.addFlowControlled(a, new Frame("a", 65535));
        assertFalse(flow.isWritable(a));
        assertFalse(flow.isWritable(b));
        assertEquals(List.of(1, 3), writabilityEvents);
        flow.incrementWindowSize(connection.connectionStream(), 1);
        assertTrue(flow.isWritable(b));
        assertEquals(List.of(1, 3, 1, 3), writabilityEvents);
    }
}
