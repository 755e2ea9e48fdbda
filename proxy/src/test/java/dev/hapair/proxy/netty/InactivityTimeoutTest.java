package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.time.ManualScheduler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tcp relays' inactivity timeout on a manual clock, and its decisions on a slow reader's buffer. */
class InactivityTimeoutTest {
    final ManualScheduler clock = new ManualScheduler();
    int events;

    EmbeddedChannel channel(long timeoutMillis) {
        return channelWith(new InactivityTimeout(timeoutMillis, clock));
    }

    EmbeddedChannel channelWith(InactivityTimeout timeout) {
        return new EmbeddedChannel(timeout, new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof IdleStateEvent) events++;
            }
        });
    }

    void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void firesAfterTheTimeoutWithoutTrafficAndAgainAfterEachFurtherTimeout() {
        EmbeddedChannel ch = channel(1000);
        advance(999);
        assertEquals(0, events);
        advance(1);
        assertEquals(1, events);
        advance(1000);
        assertEquals(2, events);
        ch.finishAndReleaseAll();
    }

    @Test
    void aReadPostponesIt() {
        EmbeddedChannel ch = channel(1000);
        advance(900);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        advance(999);
        assertEquals(0, events, "due 1000 ms after the read");
        advance(1);
        assertEquals(1, events);
        ch.finishAndReleaseAll();
    }

    @Test
    void aWriteTheSocketTookPostponesIt() {
        EmbeddedChannel ch = channel(1000);
        advance(900);
        ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1}));
        advance(999);
        assertEquals(0, events);
        advance(1);
        assertEquals(1, events);
        ch.finishAndReleaseAll();
    }

    @Test
    void aWriteWithoutFlushIsNotActivity() {
        EmbeddedChannel ch = channel(1000);
        advance(900);
        ch.write(Unpooled.wrappedBuffer(new byte[] {1}));
        advance(100);
        assertEquals(1, events);
        ch.finishAndReleaseAll();
    }

    @Test
    void nothingFiresOnceClosedAndTheTaskIsGone() {
        EmbeddedChannel ch = channel(1000);
        ch.close();
        advance(5000);
        assertEquals(0, events);
        assertEquals(0, clock.pendingTasks());
    }

    @Test
    void oneTaskPerConnectionHoweverMuchTraffic() {
        EmbeddedChannel ch = channel(1000);
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
            ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {2}));
            advance(10);
        }
        assertEquals(1, clock.pendingTasks());
        assertEquals(0, events);
        ch.finishAndReleaseAll();
    }

    /** The clock above, counting its readings. */
    final class CountingClock implements dev.hapair.common.time.Scheduler {
        int readings;

        @Override
        public long nanoTime() {
            readings++;
            return clock.nanoTime();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return clock.schedule(delay, task);
        }

        @Override
        public void execute(Runnable task) {
            clock.execute(task);
        }
    }

    /**
     * A relay's two sides: what {@code reader} reads goes "straight to the socket" of {@code writer}, whose timeout is
     * told in the reader's read complete with the reader's reading, as TcpRelayHandler does.
     */
    EmbeddedChannel relaySide(InactivityTimeout own, InactivityTimeout peer, long[] shared) {
        return new EmbeddedChannel(own, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                shared[0] = own.readingFor(peer);
                peer.sentDirectly(shared[0]);
            }
        });
    }

    @Test
    void aDirectSendToldInTheReadersReadCompleteTakesTheReadersReading() {
        CountingClock counting = new CountingClock();
        InactivityTimeout readerIdle = new InactivityTimeout(1000, counting);
        InactivityTimeout writerIdle = new InactivityTimeout(1000, counting);
        long[] shared = {0};
        EmbeddedChannel reader = relaySide(readerIdle, writerIdle, shared);
        EmbeddedChannel writer = channelWith(writerIdle);
        advance(900);
        int before = counting.readings;
        reader.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        assertEquals(1, counting.readings - before, "one clock reading for the read and the direct send");
        assertEquals(clock.nanoTime(), shared[0]);
        assertEquals(InactivityTimeout.NO_READING, readerIdle.readingFor(writerIdle), "only while passed on");
        advance(999);
        assertEquals(0, events, "the writer's timeout counts from the send (900 ms)");
        advance(1);
        assertEquals(1, events, "then it fires");
        reader.finishAndReleaseAll();
        writer.finishAndReleaseAll();
    }

    /**
     * A read around the pipeline (TcpRelayHandler.relay: the chunk never passes this handler) postpones the timeout
     * as a read that passed does, and hands its clock reading to the peer's timeout; with no peer timeout (a TLS
     * client, or none configured) there is nothing to hand (the relay asks for it anyway: this once threw).
     */
    @Test
    void aReadAroundThePipelinePostponesItAndSharesItsReading() {
        InactivityTimeout own = new InactivityTimeout(1000, clock);
        InactivityTimeout peer = new InactivityTimeout(1000, clock);
        EmbeddedChannel ch = channelWith(own);
        EmbeddedChannel other = channelWith(peer);
        advance(900);
        assertEquals(clock.nanoTime(), own.readAround(peer));
        assertEquals(InactivityTimeout.NO_READING, own.readAround(null));
        assertEquals(InactivityTimeout.NO_READING, own.readingFor(null));
        advance(999);
        assertEquals(1, events, "only the peer's timeout, which nothing told, fired (at 1000 ms)");
        advance(1);
        assertEquals(2, events, "ours counted from the read around the pipeline (900 ms)");
        ch.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void aTimeoutOnAnotherClockReadsItsOwn() {
        CountingClock other = new CountingClock();
        InactivityTimeout readerIdle = new InactivityTimeout(1000, clock);
        InactivityTimeout writerIdle = new InactivityTimeout(1000, other);
        long[] shared = {0};
        EmbeddedChannel reader = relaySide(readerIdle, writerIdle, shared);
        EmbeddedChannel writer = channelWith(writerIdle);
        int before = other.readings;
        reader.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        assertEquals(InactivityTimeout.NO_READING, shared[0]);
        assertEquals(1, other.readings - before, "the writer read its own clock");
        reader.finishAndReleaseAll();
        writer.finishAndReleaseAll();
    }

    @Test
    void rejectsANonPositiveTimeout() {
        try {
            new InactivityTimeout(0, clock);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted 0");
    }

    // --- the decisions on a buffer that does not empty (a slow or stalled reader); T = 8 s, checks every 1 s

    static final long T = TimeUnit.SECONDS.toNanos(8);
    static final long S = TimeUnit.SECONDS.toNanos(1);
    final Object a = new Object();
    final Object b = new Object();

    @Test
    void aStalledReaderTimesOutOneTimeoutAfterTheFlushThatLeftBytesWaiting() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.flushed(2 * S, 100, a, 40);
        assertEquals(S, act.check(8 * S, 100, a, 40), "waiting: looked at every eighth of the timeout");
        assertEquals(S, act.check(9 * S, 100, a, 40));
        assertTrue(act.check(10 * S, 100, a, 40) <= 0);
    }

    @Test
    void moreBytesQueuedBehindAStalledReaderAreNotActivity() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.flushed(0, 100, a, 0);
        act.flushed(3 * S, 300, a, 0);
        act.check(4 * S, 300, a, 0);
        act.flushed(5 * S, 900, a, 0);
        assertTrue(act.check(8 * S, 900, a, 0) <= 0);
    }

    @Test
    void partialProgressOfASlowReaderKeepsItAlive() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.flushed(0, 100, a, 0);
        act.check(S, 100, a, 0);
        act.check(2 * S, 100, a, 30); // part of the first message went
        act.check(3 * S, 70, b, 0); // the first message done, the next one waits
        assertEquals(S, act.check(10 * S, 70, b, 0), "3 s + 8 s is not yet");
        assertTrue(act.check(11 * S, 70, b, 0) <= 0);
    }

    @Test
    void progressSeenAtAFlushCounts() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.flushed(0, 100, a, 0);
        act.flushed(6 * S, 150, a, 20);
        assertEquals(S, act.check(8 * S, 150, a, 20));
        assertTrue(act.check(14 * S, 150, a, 20) <= 0);
    }

    @Test
    void aBufferThatEmptiedCountsAndStopsThePolling() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.flushed(0, 100, a, 0);
        assertEquals(T, act.check(5 * S, 0, null, 0), "emptied: a whole timeout from this check");
        assertEquals(T - S, act.check(6 * S, 0, null, 0));
    }

    @Test
    void anEmptyBufferChecksOnlyAtTheDeadline() {
        InactivityTimeout.Activity act = new InactivityTimeout.Activity(T, 0);
        act.seen(3 * S);
        assertEquals(3 * S, act.check(8 * S, 0, null, 0));
        act.flushed(9 * S, 0, null, 0);
        assertTrue(act.check(17 * S, 0, null, 0) <= 0);
    }
}
