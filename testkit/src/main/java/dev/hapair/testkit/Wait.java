package dev.hapair.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes. Exceptions from the condition count as "not yet". */
public final class Wait {
    public static final Duration DEFAULT_POLL = Duration.ofMillis(50);

    private Wait() {}

    /** Polls {@code condition}; returns whether it became true within {@code timeout}. */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        return poll(timeout, DEFAULT_POLL, condition);
    }

    public static boolean poll(Duration timeout, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Netns.sleep(interval.toMillis());
        }
    }

    /** Polls {@code condition}; throws AssertionError naming {@code what} when it does not hold in time. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        if (!poll(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
        }
    }

    /**
     * Polls {@code supplier} until {@code accept} holds for its value and returns that value; throws
     * AssertionError with the last value (or exception) seen on timeout.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> supplier, Predicate<? super T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "<none>";
        while (true) {
            try {
                T v = supplier.get();
                if (accept.test(v)) {
                    return v;
                }
                last = v;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last value: " + last);
            }
            Netns.sleep(DEFAULT_POLL.toMillis());
        }
    }
}
