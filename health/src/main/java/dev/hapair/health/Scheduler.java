package dev.hapair.health;

import java.time.Duration;

/**
 * The clock and timer a {@link CheckScheduler} runs on. Production uses {@link EventLoopScheduler}
 * (one Netty event loop); tests use {@link ManualScheduler} so time only moves when the test says so.
 *
 * <p>All tasks run on a single logical thread: implementations must never run two tasks concurrently.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds (only differences are meaningful). */
    long nanoTime();

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
