package dev.hapair.proxy.netty;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides when the process can no longer serve: buffer allocations keep failing (direct memory exhausted)
 * and not a single request has been served for {@link #GRACE_NANOS}. A failed allocation alone only closes
 * the connection it happened on; a process that stays alive serving nothing is worse than one that exits,
 * because systemd restarts an exited daemon and the VRRP tracker moves the address, while a wedged one is
 * noticed by neither. Thread-safe (every event loop reports here); time is passed in, never read.
 */
final class ServiceWatchdog {
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long NONE = Long.MIN_VALUE;

    /** Start of the current streak of failures without a success in between, or NONE. */
    private final AtomicLong failingSince = new AtomicLong(NONE);

    private final Runnable exit;
    private volatile boolean exited;

    /** @param exit what to do once serving is hopeless (production: log and exit non-zero) */
    ServiceWatchdog(Runnable exit) {
        this.exit = exit;
    }

    /** A request was served (any response but a 5xx of our own). */
    void served() {
        if (failingSince.get() != NONE) failingSince.set(NONE);
    }

    /** A buffer allocation failed at {@code nowNanos}; may decide the process must exit. */
    void allocationFailed(long nowNanos) {
        failingSince.compareAndSet(NONE, nowNanos);
        long since = failingSince.get();
        if (since != NONE && nowNanos - since >= GRACE_NANOS && !exited) {
            exited = true;
            exit.run();
        }
    }

    /** True once the exit action ran. */
    boolean exited() {
        return exited;
    }

    /** True when {@code t} is an allocation failure (heap or Netty direct memory). */
    static boolean isAllocationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) return true;
        }
        return false;
    }
}
