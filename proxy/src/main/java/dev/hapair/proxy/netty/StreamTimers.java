package dev.hapair.proxy.netty;

import dev.hapair.common.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;

/**
 * The timers of one HTTP/2 connection's streams, kept in a small heap of their own behind one task of the
 * underlying scheduler (the connection's event loop). Each stream's {@link Deadline} schedules here: adding and
 * removing a timer touches at most the connection's few live streams' entries, where one event-loop task per
 * stream was added to and removed from the loop's single queue of every connection's and stream's timers
 * (thousands of entries under load, each insertion and cancellation a walk through them). Tasks due at the same
 * time run in the order they were scheduled. Confined to the scheduler's thread, as its streams are.
 */
final class StreamTimers implements Scheduler {
    private final Scheduler under;
    private Timer[] heap = new Timer[8];
    private int size;
    private long sequence;
    /** The underlying task that runs the due timers, and when it fires; null when none is pending. */
    private Cancellable wake;

    private long wakeAtNanos;

    StreamTimers(Scheduler under) {
        this.under = under;
    }

    @Override
    public long nanoTime() {
        return under.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        under.execute(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return scheduleAt(under.nanoTime() + Math.max(0, delay.toNanos()), task);
    }

    /** Runs {@code task} at {@code atNanos} of this scheduler's clock (a time its caller already read). */
    Cancellable scheduleAt(long atNanos, Runnable task) {
        Timer t = new Timer(atNanos, sequence++, task);
        add(t);
        if (wake == null || atNanos < wakeAtNanos) wakeAt(under.nanoTime(), atNanos);
        return t;
    }

    /** Time is {@link System#nanoTime} (the event loop's scheduler), so a caller's reading of it may be used. */
    boolean systemClock() {
        return under instanceof dev.hapair.health.EventLoopScheduler;
    }

    /** Timers pending (tests). */
    int pending() {
        return size;
    }

    private void wakeAt(long now, long atNanos) {
        if (wake != null) wake.cancel();
        wakeAtNanos = atNanos;
        wake = under.schedule(Duration.ofNanos(Math.max(0, atNanos - now)), this::fire);
    }

    /** Runs every due timer; the next one gets the underlying task. A failing timer does not stop the others. */
    private void fire() {
        wake = null;
        RuntimeException failure = null;
        long now = under.nanoTime();
        while (size > 0 && heap[0].atNanos <= now) {
            Timer t = heap[0];
            remove(t);
            try {
                t.task.run();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        // a timer a task added while these ran took the underlying task for its own time: the earliest one left
        // may be due before it (a stream's deadline re-checking itself moved the wake-up past the others')
        if (size > 0 && (wake == null || heap[0].atNanos < wakeAtNanos)) wakeAt(now, heap[0].atNanos);
        if (failure != null) throw failure; // reported as the event loop reports a failed task
    }

    // ---------------------------------------------------------------- a binary min-heap with positions

    private void add(Timer t) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        t.index = size;
        heap[size++] = t;
        up(t.index);
    }

    private void remove(Timer t) {
        int i = t.index;
        t.index = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i == size) return;
        heap[i] = last;
        last.index = i;
        down(i);
        up(last.index);
    }

    private void up(int i) {
        Timer t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!earlier(t, heap[p])) break;
            heap[i] = heap[p];
            heap[i].index = i;
            i = p;
        }
        heap[i] = t;
        t.index = i;
    }

    private void down(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && earlier(heap[c + 1], heap[c])) c++;
            if (!earlier(heap[c], t)) break;
            heap[i] = heap[c];
            heap[i].index = i;
            i = c;
        }
        heap[i] = t;
        t.index = i;
    }

    private static boolean earlier(Timer a, Timer b) {
        return a.atNanos < b.atNanos || a.atNanos == b.atNanos && a.sequence < b.sequence;
    }

    private final class Timer implements Cancellable {
        final long atNanos;
        final long sequence;
        final Runnable task;
        /** Position in the heap; -1 once run or cancelled. */
        int index = -1;

        Timer(long atNanos, long sequence, Runnable task) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.task = task;
        }

        /** Removes the timer; the underlying task stays (it finds nothing due, or re-arms for the next one). */
        @Override
        public boolean cancel() {
            if (index < 0) return false;
            remove(this);
            return true;
        }
    }
}
