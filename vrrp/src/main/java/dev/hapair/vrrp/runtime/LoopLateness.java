package dev.hapair.vrrp.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How late the daemon loop runs its timers: each instance timer reports the time between its deadline and the
 * moment it actually ran. A GC pause, CPU starvation or a SIGSTOP shows up here; the state machine decides
 * what a stall means for VRRP (see {@code VrrpInstance}), this only measures. Written on the loop, read from
 * any thread (dump, metrics).
 */
final class LoopLateness {
    private final AtomicLong worstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicLong timers = new AtomicLong();

    void record(long lateNanos) {
        long late = Math.max(0, lateNanos);
        lastNanos.set(late);
        timers.incrementAndGet();
        worstNanos.accumulateAndGet(late, Math::max);
    }

    long worstNanos() {
        return worstNanos.get();
    }

    long lastNanos() {
        return lastNanos.get();
    }

    long timersRun() {
        return timers.get();
    }
}
