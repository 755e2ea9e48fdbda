package dev.hapair.proxy.netty;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timeout per connection, re-armed on every state change without churning the scheduler: a
 * later deadline just moves a field, and the pending task re-schedules itself for the remainder
 * when it fires early. Loop-confined.
 */
final class Deadline implements Runnable {
    private final EventLoop loop;
    private final Runnable onExpire;
    private long deadlineNanos;
    private boolean armed;
    private ScheduledFuture<?> task;
    private long taskAtNanos;

    Deadline(EventLoop loop, Runnable onExpire) {
        this.loop = loop;
        this.onExpire = onExpire;
    }

    /** Expires {@code millis} from now; 0 or less disarms (HAProxy: no timeout). */
    void arm(long millis) {
        if (millis <= 0) {
            disarm();
            return;
        }
        long now = System.nanoTime();
        deadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(millis);
        armed = true;
        if (task != null && taskAtNanos <= deadlineNanos) return; // will fire early and re-check
        if (task != null) task.cancel(false);
        schedule(deadlineNanos - now);
    }

    void disarm() { armed = false; }

    /** Forgets the pending task (connection closed). */
    void cancel() {
        armed = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void schedule(long delayNanos) {
        taskAtNanos = System.nanoTime() + delayNanos;
        task = loop.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        task = null;
        if (!armed) return;
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        armed = false;
        onExpire.run();
    }
}
