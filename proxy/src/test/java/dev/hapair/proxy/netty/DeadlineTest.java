package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.common.time.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-connection timeout on a manual clock: nothing sleeps, time moves when the test says so. */
class DeadlineTest {
    final ManualScheduler clock = new ManualScheduler();
    final AtomicInteger expired = new AtomicInteger();
    final Deadline deadline = new Deadline(clock, expired::incrementAndGet);

    @Test
    void expiresOnceWhenTheTimeoutPasses() {
        deadline.arm(100);
        clock.advance(Duration.ofMillis(99));
        assertEquals(0, expired.get());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, expired.get());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, expired.get(), "not re-armed");
    }

    @Test
    void reArmingLaterMovesTheDeadlineWithoutANewTask() {
        deadline.arm(100);
        clock.advance(Duration.ofMillis(60));
        deadline.arm(100); // now due at 160 ms; the task at 100 ms re-schedules itself for the rest
        assertEquals(1, clock.pendingTasks());
        clock.advance(Duration.ofMillis(40));
        assertEquals(0, expired.get(), "fired early, re-checked, not expired");
        clock.advance(Duration.ofMillis(59));
        assertEquals(0, expired.get());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, expired.get());
    }

    @Test
    void aCallersReadingCountsOnlyOnTheSystemClock() {
        // a reading of System.nanoTime means nothing to a manual clock: it reads its own
        deadline.arm(100, System.nanoTime() - 1_000_000_000_000L);
        clock.advance(Duration.ofMillis(99));
        assertEquals(0, expired.get());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, expired.get());
    }

    @Test
    void armedFromACallersReadingExpiresOnTheEventLoop() throws Exception {
        io.netty.channel.DefaultEventLoop loop = new io.netty.channel.DefaultEventLoop();
        try {
            java.util.concurrent.CountDownLatch fired = new java.util.concurrent.CountDownLatch(1);
            Deadline d = new Deadline(loop, fired::countDown);
            loop.submit(() -> d.arm(20, System.nanoTime())).sync();
            assertEquals(true, fired.await(5, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void reArmingSoonerReplacesThePendingTask() {
        deadline.arm(1000);
        deadline.arm(10);
        assertEquals(1, clock.pendingTasks(), "the later task was cancelled");
        clock.advance(Duration.ofMillis(10));
        assertEquals(1, expired.get());
    }

    @Test
    void disarmedOrCancelledNeverExpires() {
        deadline.arm(100);
        deadline.disarm();
        clock.advance(Duration.ofSeconds(1));
        deadline.arm(100);
        deadline.cancel();
        assertEquals(0, clock.pendingTasks());
        deadline.arm(0);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, expired.get());
    }
}
