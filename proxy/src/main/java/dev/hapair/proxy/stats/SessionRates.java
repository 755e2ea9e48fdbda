package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.ServerCounters;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Session rates per second (the {@code rate}, {@code rate_max}, {@code req_rate} columns). The stats
 * service calls {@link #sample} once a second for every counter set; a rate is the number of sessions
 * started since the previous sample, scaled to one second. Time is passed in, never read here.
 */
public final class SessionRates {
    private static final class Meter {
        long lastTotal;
        long lastMillis;
        long rate;
        long max;
    }

    private final Map<ServerCounters, Meter> meters = new WeakHashMap<>();

    /** {@code clear counters}: the highest rates restart from the current ones; {@code all} forgets the baselines. */
    public synchronized void clear(boolean all) {
        if (all) {
            meters.clear();
            return;
        }
        for (Meter m : meters.values()) m.max = m.rate;
    }

    /** Records the total of {@code c} at {@code nowMillis}; the first sample only sets the baseline. */
    public synchronized void sample(ServerCounters c, long nowMillis) {
        Meter m = meters.get(c);
        long total = c.totalSessions();
        if (m == null) {
            m = new Meter();
            m.lastTotal = total;
            m.lastMillis = nowMillis;
            meters.put(c, m);
            return;
        }
        long elapsed = nowMillis - m.lastMillis;
        if (elapsed <= 0) return;
        m.rate = Math.round((total - m.lastTotal) * 1000.0 / elapsed);
        m.max = Math.max(m.max, m.rate);
        m.lastTotal = total;
        m.lastMillis = nowMillis;
    }

    /** Sessions per second over the last sampled interval (0 before two samples). */
    public synchronized long rate(ServerCounters c) {
        Meter m = meters.get(c);
        return m == null ? 0 : m.rate;
    }

    /** Highest rate seen. */
    public synchronized long max(ServerCounters c) {
        Meter m = meters.get(c);
        return m == null ? 0 : m.max;
    }
}
