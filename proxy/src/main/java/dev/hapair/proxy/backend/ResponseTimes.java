package dev.hapair.proxy.backend;

/**
 * HAProxy's qtime/ctime/rtime/ttime: average queue, connect, response and total times in milliseconds over the
 * last {@value #SAMPLES} successful requests (a sliding average: each new value replaces 1/N of the sum, so old
 * requests fade without a ring buffer), and their maxima ({@code qtime_max} ...). Memory is constant.
 */
public final class ResponseTimes {
    /** HAProxy averages over the last 1024 successful connections. */
    public static final int SAMPLES = 1024;

    /** Which time: queue, connect, response (to the first byte of the head), total. */
    public enum Kind {
        QUEUE,
        CONNECT,
        RESPONSE,
        TOTAL
    }

    private final long[] sums = new long[4];
    private final long[] max = new long[4];
    private long count;

    /** Records one successful request's times in milliseconds (negative = not measured, e.g. no queueing). */
    public synchronized void record(long queueMs, long connectMs, long responseMs, long totalMs) {
        // until the window is full the sum is a plain sum (an exact mean); then each value replaces 1/N of it
        boolean sliding = count >= SAMPLES;
        count++;
        add(0, queueMs, sliding); // one call per time: no array per request
        add(1, connectMs, sliding);
        add(2, responseMs, sliding);
        add(3, totalMs, sliding);
    }

    private void add(int i, long ms, boolean sliding) {
        long v = Math.max(0, ms);
        sums[i] = (sliding ? sums[i] - sums[i] / SAMPLES : sums[i]) + v;
        max[i] = Math.max(max[i], v);
    }

    /** The average of {@code kind} in milliseconds, 0 before the first request. */
    public synchronized long average(Kind kind) {
        if (count == 0) return 0;
        long n = Math.min(count, SAMPLES);
        return (sums[kind.ordinal()] + n / 2) / n;
    }

    public synchronized long max(Kind kind) {
        return max[kind.ordinal()];
    }

    public synchronized long samples() {
        return count;
    }

    /** {@code clear counters}: the maxima restart; {@code all} restarts the averages too. */
    public synchronized void clear(boolean all) {
        java.util.Arrays.fill(max, 0);
        if (all) {
            java.util.Arrays.fill(sums, 0);
            count = 0;
        }
    }
}
