package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.time.ManualScheduler;
import dev.hapair.common.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One connection's stream timers on a manual clock: one underlying task, due timers in order. */
class StreamTimersTest {
    final ManualScheduler clock = new ManualScheduler();
    final StreamTimers timers = new StreamTimers(clock);
    final List<String> ran = new ArrayList<>();

    private Scheduler.Cancellable at(long millis, String name) {
        return timers.schedule(Duration.ofMillis(millis), () -> ran.add(name));
    }

    @Test
    void dueTimersRunInTimeOrderThenSchedulingOrderOnOneUnderlyingTask() {
        at(300, "c");
        at(100, "a1");
        at(200, "b");
        at(100, "a2");
        assertEquals(1, clock.pendingTasks(), "one task of the event loop for all of them");
        clock.advance(Duration.ofMillis(99));
        assertEquals(List.of(), ran);
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of("a1", "a2"), ran);
        clock.advance(Duration.ofMillis(200));
        assertEquals(List.of("a1", "a2", "b", "c"), ran);
        assertEquals(0, timers.pending());
        assertEquals(0, clock.pendingTasks());
    }

    @Test
    void aCancelledTimerNeverRunsAndLaterOnesStillDo() {
        Scheduler.Cancellable a = at(100, "a");
        at(200, "b");
        assertTrue(a.cancel());
        assertFalse(a.cancel(), "once");
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of(), ran, "the underlying task found nothing due and waits for the next");
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of("b"), ran);
        assertFalse(a.cancel());
    }

    @Test
    void anEarlierTimerMovesTheUnderlyingTask() {
        at(1000, "late");
        at(10, "early");
        assertEquals(1, clock.pendingTasks());
        clock.advance(Duration.ofMillis(10));
        assertEquals(List.of("early"), ran);
        clock.advance(Duration.ofMillis(990));
        assertEquals(List.of("early", "late"), ran);
    }

    @Test
    void aFailingTimerDoesNotStopTheOthers() {
        timers.schedule(Duration.ofMillis(5), () -> {
            throw new IllegalStateException("boom");
        });
        at(5, "after");
        at(50, "later");
        assertThrows(IllegalStateException.class, () -> clock.advance(Duration.ofMillis(5)));
        assertEquals(List.of("after"), ran);
        clock.advance(Duration.ofMillis(45));
        assertEquals(List.of("after", "later"), ran);
    }

    @Test
    void manyTimersAddedAndCancelledAtRandomRunExactlyTheOnesLeftInOrder() {
        Random rnd = new Random(7);
        List<Scheduler.Cancellable> handles = new ArrayList<>();
        List<long[]> expected = new ArrayList<>(); // {at, sequence}
        for (int i = 0; i < 500; i++) {
            long ms = 1 + rnd.nextInt(100);
            int n = i;
            handles.add(timers.schedule(Duration.ofMillis(ms), () -> ran.add(Integer.toString(n))));
            expected.add(new long[] {ms, i});
        }
        for (int i = 0; i < 500; i += 1 + rnd.nextInt(3)) {
            assertTrue(handles.get(i).cancel());
            expected.set(i, null);
        }
        expected.removeIf(e -> e == null);
        expected.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        clock.advance(Duration.ofMillis(100));
        assertEquals(expected.stream().map(e -> Long.toString(e[1])).toList(), ran);
        assertEquals(0, timers.pending());
    }

    @Test
    void aStreamDeadlineOnTheConnectionsTimersExpiresAndCancels() {
        int[] expired = {0};
        Deadline d = new Deadline(timers, () -> expired[0]++);
        Deadline other = new Deadline(timers, () -> expired[0] += 10);
        d.arm(100);
        other.arm(100);
        other.cancel();
        clock.advance(Duration.ofMillis(60));
        d.arm(100); // later: moves a field, the timer re-checks when it fires
        clock.advance(Duration.ofMillis(40));
        assertEquals(0, expired[0]);
        clock.advance(Duration.ofMillis(60));
        assertEquals(1, expired[0]);
        assertEquals(0, timers.pending());
    }

    @Test
    void aTimerAddedWhileTimersRunDoesNotDelayAnEarlierPendingOne() {
        timers.schedule(Duration.ofMillis(100), () -> at(1000, "added by a")); // due at 1100
        at(200, "b");
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of(), ran);
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of("b"), ran, "b is due at 200, before the timer added at 100 for 1100");
        clock.advance(Duration.ofMillis(900));
        assertEquals(List.of("b", "added by a"), ran);
        assertEquals(0, timers.pending());
    }

    @Test
    void aStreamDeadlineMovedLaterDoesNotDelayAnotherStreamsDeadline() {
        int[] expired = {0, 0};
        Deadline a = new Deadline(timers, () -> expired[0]++);
        Deadline b = new Deadline(timers, () -> expired[1]++);
        a.arm(100);
        b.arm(150);
        clock.advance(Duration.ofMillis(50));
        a.arm(30_000); // its timer stays at 100, then re-checks and moves to 30050
        clock.advance(Duration.ofMillis(100));
        assertEquals(1, expired[1], "b's timeout is due at 150");
        assertEquals(0, expired[0]);
        clock.advance(Duration.ofMillis(29_900));
        assertEquals(1, expired[0]);
    }
}
