package dev.hapair.proxy.stick;

/**
 * An event rate over a sliding period, as HAProxy's frequency counters count it: the events of the current
 * period plus those of the previous one weighted by how much of it still falls in the sliding window.
 * Not thread-safe (its table serialises access). Times are milliseconds from an injected clock.
 */
public final class FreqCtr {
    private final long period;
    private long currTick;
    private long curr;
    private long prev;

    public FreqCtr(long period) {
        this.period = period;
    }

    /** Counts {@code n} events at {@code now}; returns the events of the current period (HAProxy's curr_ctr). */
    public long add(long now, long n) {
        long elapsed = now - currTick;
        if (elapsed >= period) {
            if (elapsed < 2 * period) {
                prev = curr; // the period that just ended becomes the previous one
                currTick += period;
            } else {
                prev = 0; // idle for two periods or more: start again from now
                currTick = now;
            }
            curr = 0;
        }
        curr += n;
        return curr;
    }

    public long read(long now) {
        long remain = currTick + period - now;
        long c = curr;
        long p = prev;
        if (remain < 0) {
            if (remain < -period) return 0;
            p = c;
            c = 0;
            remain += period;
        }
        return c + p * remain / period;
    }

    long period() {
        return period;
    }
}
