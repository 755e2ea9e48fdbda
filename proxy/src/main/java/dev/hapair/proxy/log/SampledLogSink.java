package dev.hapair.proxy.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code log ... sample <ranges>:<size>}: messages are numbered 1..size over and over, and only those whose
 * number is in one of the ranges go to the target (several such lines spread the load over log servers).
 */
public final class SampledLogSink implements LogSink {

    /** Ranges as inclusive [low, high] pairs, 1-based, all within 1..size. */
    private final int[][] ranges;

    private final int size;
    private final LogSink target;
    private final AtomicLong counter = new AtomicLong();

    public SampledLogSink(int[][] ranges, int size, LogSink target) {
        this.ranges = ranges.clone();
        this.size = size;
        this.target = target;
    }

    /**
     * Parses {@code <ranges>:<size>} with ranges such as {@code 1}, {@code 2-4}, {@code 1,3-5}; throws with the
     * reason when a number is missing, zero, reversed or beyond the size.
     */
    public static int[][] parseRanges(String spec, int[] sizeOut) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("expects <ranges>:<sample_size>, got '" + spec + "'");
        }
        int size = positive(spec.substring(colon + 1), spec);
        String[] parts = spec.substring(0, colon).split(",", -1);
        int[][] out = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int dash = p.indexOf('-');
            int lo = positive(dash < 0 ? p : p.substring(0, dash), spec);
            int hi = dash < 0 ? lo : positive(p.substring(dash + 1), spec);
            if (lo > hi || hi > size) {
                throw new IllegalArgumentException(
                        "range '" + p + "' must be increasing and within 1.." + size + " in '" + spec + "'");
            }
            out[i] = new int[] {lo, hi};
        }
        sizeOut[0] = size;
        return out;
    }

    private static int positive(String s, String spec) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s + "' is not a positive number in '" + spec + "'");
    }

    /** Whether message number {@code n} (1-based, within the size) is sent. */
    boolean selected(long n) {
        for (int[] r : ranges) {
            if (n >= r[0] && n <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void log(int severity, String line) {
        long n = counter.getAndIncrement() % size + 1;
        if (selected(n)) {
            target.log(severity, line);
        }
    }

    /** The target is shared with other lines and closed by its owner. */
    @Override
    public void close() {}
}
