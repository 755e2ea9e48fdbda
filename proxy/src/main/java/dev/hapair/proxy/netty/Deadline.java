package dev.hapair.proxy.netty;

import dev.hapair.common.time.Scheduler;
import dev.hapair.health.EventLoopScheduler;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One timeout per connection, re-armed on every state change without churning the scheduler: a
 * later deadline just moves a field, and the pending task re-schedules itself for the remainder
 * when it fires early. Loop-confined. Time is read only from the {@link Scheduler}, so a test drives
 * it with a manual one.
 */
final class Deadline implements Runnable {
    private final Scheduler scheduler;
    /** Time comes from {@link System#nanoTime} (the event loop's scheduler): a caller's reading of it may be used. */
    private final boolean systemClock;

    private final Runnable onExpire;
    private long deadlineNanos;
    private boolean armed;
    private Scheduler.Cancellable task;
    private long taskAtNanos;

    /** On the connection's event loop and the system clock. */
    Deadline(EventLoop loop, Runnable onExpire) {
        this(new EventLoopScheduler(loop), true, onExpire);
    }

    Deadline(Scheduler scheduler, Runnable onExpire) {
        this(scheduler, scheduler instanceof StreamTimers t && t.systemClock(), onExpire);
    }

    private Deadline(Scheduler scheduler, boolean systemClock, Runnable onExpire) {
        this.scheduler = scheduler;
        this.systemClock = systemClock;
        this.onExpire = onExpire;
    }

    /** Expires {@code millis} from now; 0 or less disarms (HAProxy: no timeout). */
    void arm(long millis) {
        if (millis <= 0) {
            disarm();
            return;
        }
        armFrom(scheduler.nanoTime(), millis);
    }

    /**
     * As {@link #arm(long)}, from {@code nowNanos}, a {@link System#nanoTime} the caller read during the current
     * event (one clock reading per event, not one per timestamp); a test's manual scheduler reads its own.
     */
    void arm(long millis, long nowNanos) {
        if (millis <= 0) {
            disarm();
            return;
        }
        armFrom(systemClock ? nowNanos : scheduler.nanoTime(), millis);
    }

    private void armFrom(long now, long millis) {
        deadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(millis);
        armed = true;
        if (task != null && taskAtNanos <= deadlineNanos) return; // will fire early and re-check
        if (task != null) task.cancel();
        schedule(now, deadlineNanos - now);
    }

    void disarm() {
        armed = false;
    }

    /** Forgets the pending task (connection closed). */
    void cancel() {
        armed = false;
        if (task != null) {
            task.cancel();
            task = null;
        }
    }

    private void schedule(long now, long delayNanos) {
        taskAtNanos = now + delayNanos;
        task = scheduler instanceof StreamTimers t
                ? t.scheduleAt(taskAtNanos, this) // (no second clock reading)
                : scheduler.schedule(Duration.ofNanos(delayNanos), this);
    }

    @Override
    public void run() {
        task = null;
        if (!armed) return;
        long now = scheduler.nanoTime();
        long left = deadlineNanos - now;
        if (left > 0) {
            schedule(now, left);
            return;
        }
        armed = false;
        onExpire.run();
    }
}
