package dev.hapair.common.time;

/**
 * The one notion of "now" the daemons' logic reads: monotonic nanoseconds, only differences meaningful.
 * Production passes {@link #SYSTEM}; tests pass a value they move themselves (or a {@link Scheduler} whose
 * time only advances when the test says so), so timeouts and timers are driven without sleeping.
 */
@FunctionalInterface
public interface MonotonicClock {
    /** {@link System#nanoTime()}. */
    MonotonicClock SYSTEM = System::nanoTime;

    /** Monotonic time in nanoseconds (only differences are meaningful). */
    long nanoTime();
}
