package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response frames H2Connection hands straight to the flow controller ({@link H2SendWindows#sendHeaders},
 * {@link H2SendWindows#sendData}), golden, with a sink that logs each frame it is asked to write: written at once
 * when nothing waits, else in stream order behind what waits (HEADERS / DATA / trailers across streams), DATA within
 * the windows and the client's frame size, stalls and their resumption, the session's writability, the encoder's
 * refusals (no frame after END_STREAM, none on a stream not open on our side), and a reset while queued releasing
 * the buffers (refCnt 0) and failing the promise.
 */
class H2SendWindowsDirectTest {
    private final DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
    private final H2SendWindows flow = new H2SendWindows(connection);
    private final List<String> log = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<Integer> writabilityEvents = new ArrayList<>();
    private int maxFrameSize = 16384;
    /** The sink writes DATA to the channel (frame header and payload apart) instead of only logging it. */
    private boolean onTheWire;
    /**
     * As H2Connection's sink: a frame with END_STREAM on an open stream closes our side as it is written, and the
     * promise is left to the write (the writer completes it once the batch is on the socket).
     */
    private boolean endCloses;

    private ChannelHandlerContext ctx;
    private final EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }
    });

    /** Logs "H1", "T1:end" (trailers), "D1:n", "D1:n:end"; takes (releases) the DATA it is given. */
    private final H2SendWindows.FrameSink sink = new H2SendWindows.FrameSink() {
        @Override
        public void headers(Http2Stream stream, Http2Headers headers, boolean end, ChannelPromise promise)
                throws Http2Exception {
            if (headers.contains("fail")) {
                throw Http2Exception.streamError(stream.id(), Http2Error.PROTOCOL_ERROR, "header list too large");
            }
            log.add((headers.status() == null ? "T" : "H") + stream.id() + (end ? ":end" : ""));
            if (endCloses) {
                if (end) stream.closeLocalSide();
                return;
            }
            if (promise != null) promise.trySuccess();
        }

        @Override
        public void data(Http2Stream stream, ByteBuf data, boolean end, ChannelPromise promise) {
            if (onTheWire) {
                // as the frame writer with a large payload: its frame header and the payload as two writes
                log.add("D" + stream.id() + ":header");
                ctx.write(Unpooled.buffer(9).writeZero(9));
                ctx.write(data);
                log.add("D" + stream.id() + ":payload" + (end ? ":end" : ""));
                return;
            }
            assertTrue(data.readableBytes() <= maxFrameSize, "no frame over the client's frame size");
            log.add("D" + stream.id() + ":" + data.readableBytes() + (end ? ":end" : ""));
            data.release();
            if (endCloses) {
                if (end) stream.closeLocalSide();
                return;
            }
            if (promise != null) promise.trySuccess();
        }

        @Override
        public void failed(Throwable cause, ChannelPromise promise) {
            failures.add(cause);
            if (promise != null) promise.tryFailure(cause);
        }

        @Override
        public int maxFrameSize() {
            return maxFrameSize;
        }
    };

    @BeforeEach
    void setUp() throws Http2Exception {
        connection.remote().flowController(flow);
        flow.channelHandlerContext(ctx);
        flow.listener(s -> writabilityEvents.add(s.id()));
        flow.sink(sink);
    }

    private Http2Stream open(int id) throws Http2Exception {
        // a request that ended: the response goes on a half-closed (remote) stream
        return connection.remote().createStream(id, true);
    }

    private static Http2Headers head() {
        return new DefaultHttp2Headers().status("200");
    }

    private static Http2Headers trailers() {
        return new DefaultHttp2Headers().add("x-checksum", "1");
    }

    private static ByteBuf bytes(int n) {
        return Unpooled.buffer(n).writeZero(n);
    }

    @Test
    void aResponseThatFitsIsWrittenAtOnceWithNothingQueued() throws Http2Exception {
        Http2Stream s = open(1);
        flow.sendHeaders(s, head(), false, null);
        flow.sendData(s, bytes(100), true, null);
        assertEquals(List.of("H1", "D1:100:end"), log, "written as given, before any flush");
        assertFalse(flow.hasFlowControlled(s));
        assertEquals(65535 - 100, flow.windowSize(s));
        assertEquals(65535 - 100, flow.windowSize(connection.connectionStream()));
        assertTrue(writabilityEvents.isEmpty());
    }

    @Test
    void framesKeepTheirStreamsOrderAcrossStreamsThroughAStallAndItsResumption() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        flow.sendHeaders(a, head(), false, null);
        flow.sendData(a, bytes(25), false, null); // more than a's window: waits
        flow.sendHeaders(a, trailers(), true, null); // behind a's DATA
        flow.sendHeaders(b, head(), false, null); // b has nothing queued: at once
        flow.sendData(b, bytes(5), true, null); // fits, but a waits: b queues behind it (round-robin)
        assertEquals(List.of("H1", "H3"), log);
        flow.writePendingBytes();
        assertEquals(List.of("H1", "H3", "D1:10", "D3:5:end"), log);
        flow.writePendingBytes();
        assertEquals(4, log.size(), "a waits for its window");
        flow.incrementWindowSize(a, 10);
        flow.writePendingBytes();
        flow.incrementWindowSize(a, 100);
        flow.writePendingBytes();
        assertEquals(List.of("H1", "H3", "D1:10", "D3:5:end", "D1:10", "D1:5", "T1:end"), log);
        assertFalse(flow.hasFlowControlled(a));
        assertEquals(100 - 5, flow.windowSize(a));
        assertEquals(65535 - 30, flow.windowSize(connection.connectionStream()));
    }

    @Test
    void dataIsSplitToTheClientsFrameSizeAtOnceAndFromTheQueue() throws Http2Exception {
        maxFrameSize = 16;
        Http2Stream a = open(1);
        flow.sendData(a, bytes(40), false, null);
        assertEquals(List.of("D1:16", "D1:16", "D1:8"), log);
        flow.initialWindowSize(50); // a's window: 65,495 - 65,485 = 10 left, then the queue
        log.clear();
        flow.sendData(a, bytes(40), true, null);
        flow.writePendingBytes();
        assertEquals(List.of("D1:10"), log);
        flow.incrementWindowSize(a, 30);
        flow.writePendingBytes();
        assertEquals(List.of("D1:10", "D1:16", "D1:14:end"), log);
    }

    @Test
    void aStreamWhoseWindowIsSpentIsNotWritableAndTheSessionHearsWhenItOpens() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream a = open(1);
        assertTrue(flow.isWritable(a));
        flow.sendData(a, bytes(10), false, null); // at once, and the window is spent
        assertEquals(List.of("D1:10"), log);
        assertFalse(flow.isWritable(a));
        assertEquals(List.of(1), writabilityEvents);
        flow.incrementWindowSize(a, 5);
        assertTrue(flow.isWritable(a));
        assertEquals(List.of(1, 1), writabilityEvents);
    }

    @Test
    void aSocketThatTakesNoMoreQueuesTheDataUntilItDrains() throws Http2Exception {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        Http2Stream a = open(1);
        ch.write(bytes(64)); // past the high-water mark, not flushed: the socket is not writable
        assertFalse(ch.isWritable());
        flow.sendData(a, bytes(10), true, null);
        assertTrue(log.isEmpty(), "nothing goes to an unwritable socket");
        assertTrue(flow.hasFlowControlled(a));
        ch.flush(); // drains
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) out.release();
        assertTrue(ch.isWritable());
        flow.writePendingBytes();
        assertEquals(List.of("D1:10:end"), log);
    }

    @Test
    void aResetWhileQueuedReleasesTheBuffersAndFailsThePromise() throws Http2Exception {
        flow.initialWindowSize(0);
        Http2Stream a = open(1);
        ByteBuf first = bytes(100);
        ByteBuf second = bytes(50);
        ChannelPromise p = ch.newPromise();
        flow.sendHeaders(a, head(), false, null);
        flow.sendData(a, first, false, null);
        flow.sendData(a, second, true, p);
        assertEquals(List.of("H1"), log);
        flow.writePendingBytes();
        assertEquals(List.of("H1"), log, "no window");
        a.close(); // as a client's RST_STREAM
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
        assertTrue(p.isDone());
        assertFalse(p.isSuccess());
        assertFalse(flow.hasFlowControlled(a));
        flow.writePendingBytes();
        assertEquals(List.of("H1"), log);
    }

    @Test
    void aPartlyWrittenFrameReleasesItsRestOnReset() throws Http2Exception {
        flow.initialWindowSize(10);
        Http2Stream a = open(1);
        ByteBuf data = bytes(100);
        flow.sendData(a, data, true, null);
        flow.writePendingBytes();
        assertEquals(List.of("D1:10"), log);
        assertEquals(1, data.refCnt());
        a.close();
        assertEquals(0, data.refCnt());
    }

    @Test
    void nothingFollowsEndStreamAndAClosedStreamTakesNothing() throws Http2Exception {
        flow.initialWindowSize(0);
        Http2Stream a = open(1);
        flow.sendData(a, bytes(5), true, null); // queued with END_STREAM
        ByteBuf late = bytes(5);
        ChannelPromise p = ch.newPromise();
        flow.sendData(a, late, false, p);
        assertEquals(0, late.refCnt(), "refused, released");
        assertInstanceOf(IllegalStateException.class, p.cause());
        assertTrue(failures.isEmpty(), "DATA refused fails its promise only, as Netty's encoder");
        flow.sendHeaders(a, trailers(), true, null);
        assertEquals(1, failures.size(), "HEADERS refused are the connection's error, as Netty's encoder");

        Http2Stream b = open(3);
        b.close();
        ByteBuf gone = bytes(5);
        flow.sendData(b, gone, true, null);
        assertEquals(0, gone.refCnt());
        assertTrue(log.isEmpty());
    }

    @Test
    void headersThatCannotBeEncodedAreTheStreamsErrorAndTheQueueGoesOn() throws Http2Exception {
        flow.initialWindowSize(0);
        Http2Stream a = open(1);
        flow.sendHeaders(a, head().add("fail", "1"), false, null);
        assertEquals(1, failures.size());
        assertInstanceOf(Http2Exception.class, failures.get(0));
        assertTrue(log.isEmpty());
        // the same from the queue, behind DATA
        Http2Stream b = open(3);
        flow.sendData(b, bytes(5), false, null);
        flow.sendHeaders(b, trailers().add("fail", "1"), true, null);
        flow.incrementWindowSize(b, 5);
        flow.writePendingBytes();
        assertEquals(List.of("D3:5"), log);
        assertEquals(2, failures.size());
        assertNotNull(failures.get(1));
    }

    @Test
    void theWritabilityEventsOfAFrameWrittenAtOnceWriteNothingInsideIt() throws Http2Exception {
        onTheWire = true;
        // as Http2ConnectionHandler: a writability change goes to the controller, a writable socket flushes
        ch.pipeline().addFirst(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) throws Exception {
                if (c.channel().isWritable()) flow.writePendingBytes();
                flow.channelWritabilityChanged();
                c.fireChannelWritabilityChanged();
            }
        });
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32, 64));
        Http2Stream a = open(1);
        Http2Stream b = open(3);
        // as a session: told a stream is not writable, another stream's response is written and the connection
        // flushed (which drains the socket, whose writable event runs the controller's queues)
        flow.listener(s -> {
            writabilityEvents.add(s.id());
            if (s.id() == 1 && b.state() == Http2Stream.State.HALF_CLOSED_REMOTE) {
                flow.sendData(b, bytes(10), true, null);
                ch.flush();
            }
        });
        flow.sendData(a, bytes(100), true, null); // at once: the socket goes unwritable between its two writes
        ch.flush();
        ch.runPendingTasks();
        flow.writePendingBytes();
        assertEquals(List.of("D1:header", "D1:payload:end", "D3:header", "D3:payload:end"), log);
        ByteBuf out;
        int bytes = 0;
        while ((out = ch.readOutbound()) != null) {
            bytes += out.readableBytes();
            out.release();
        }
        assertEquals(9 + 100 + 9 + 10, bytes);
    }

    @Test
    void aQueuedFrameWhoseEndStreamClosesOurSideIsWrittenNotFailed() throws Http2Exception {
        endCloses = true;
        flow.initialWindowSize(0);
        // the client still sends its request body: the stream is open, END_STREAM closes our side as it is written
        Http2Stream a = connection.remote().createStream(1, false);
        ChannelPromise data = ch.newPromise();
        flow.sendData(a, bytes(5), true, data);
        flow.incrementWindowSize(a, 5);
        flow.writePendingBytes();
        assertEquals(List.of("D1:5:end"), log);
        assertEquals(Http2Stream.State.HALF_CLOSED_LOCAL, a.state());
        assertNull(data.cause(), "handed to the writer: its promise is the write's, not failed as a dropped frame");
        assertFalse(flow.hasFlowControlled(a));

        Http2Stream b = connection.remote().createStream(3, false);
        ChannelPromise trailers = ch.newPromise();
        flow.sendData(b, bytes(5), false, null);
        flow.sendHeaders(b, trailers(), true, trailers); // behind the DATA
        flow.incrementWindowSize(b, 5);
        flow.writePendingBytes();
        assertEquals(List.of("D1:5:end", "D3:5", "T3:end"), log);
        assertEquals(Http2Stream.State.HALF_CLOSED_LOCAL, b.state());
        assertNull(trailers.cause(), "the trailers went: not failed");
        assertTrue(failures.isEmpty());
    }
}
