package dev.hapair.common.time;

import java.time.Duration;

/**
 * A clock with a timer on one logical thread: what health checks ({@code dev.hapair.health.CheckScheduler})
 * and the proxy's connection timeouts run on. Production uses {@code dev.hapair.health.EventLoopScheduler}
 * (one Netty event loop); tests use {@code ManualScheduler} (hapair-common's test-jar) so time only moves
 * when the test says so.
 *
 * <p>All tasks run on a single logical thread: implementations must never run two tasks concurrently.
 */
public interface Scheduler extends MonotonicClock {

    /** Runs {@code task} after {@code delay}; the returned handle cancels it if it has not run yet. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the scheduler's thread as soon as possible (used to hop back from other threads). */
    void execute(Runnable task);

    /** Handle of a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; returns false if it already ran or was already cancelled. */
        boolean cancel();
    }
}
