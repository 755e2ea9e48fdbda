package dev.hapair.common.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Deterministic {@link Scheduler} for tests: time stands still until {@link #advance(Duration)} is called,
 * and tasks run on the caller's thread in due-time order (FIFO among equal times). Not thread-safe by
 * design; tasks submitted via {@link #execute(Runnable)} from other threads are queued under a lock and run
 * at the next {@link #advance}/{@link #runPending()}.
 */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    public ManualScheduler() {
        this(0);
    }

    public ManualScheduler(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Current time as a Duration since this scheduler's zero. */
    public synchronized Duration now() {
        return Duration.ofNanos(now);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Entry e = new Entry(now + Math.max(0, delay.toNanos()), seq++, task);
        queue.add(e);
        return () -> {
            synchronized (ManualScheduler.this) {
                return queue.remove(e);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Runs every task already due at the current time (including tasks they schedule for now). */
    public void runPending() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code d}, running due tasks in order with the clock set to each task's time. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
            }
            next.task.run();
        }
    }

    /** Number of tasks waiting (due or not). */
    public synchronized int pendingTasks() {
        return queue.size();
    }

    private record Entry(long due, long seq, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
