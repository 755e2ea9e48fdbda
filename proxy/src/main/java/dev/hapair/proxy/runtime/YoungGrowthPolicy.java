package dev.hapair.proxy.runtime;

/**
 * Decides, from samples of the young collector's count, when a process has been collecting its young generation
 * often enough for long enough that it is busy for real (not a burst at start-up or a health check's traffic).
 * It answers yes once; the caller then grows the young generation (see {@link YoungGenerationGrowth}).
 *
 * <p>It also answers yes, sooner, when the young collections are promoting: the old generation's use has risen by
 * {@code promotedBytes} above its lowest sample while the young collector ran. Requests whose objects outlive a
 * small eden (Connection: close, slow servers) are copied into the old generation, which fills up and is then
 * collected in full anyway, growing the young generation just the same; but every page of the old generation
 * those promotions reached stays resident for good (Serial GC never gives them back). On a loaded machine, whose
 * lower request rate keeps the collections under the rate threshold, that filled the 14 MiB old generation before
 * the rate rule fired: 11 MiB more resident for the rest of the process's life (bench/README.md, "Session 13 --
 * rss13").
 *
 * <p>Pure logic on the caller's clock: a test feeds it times and counts.
 */
final class YoungGrowthPolicy {
    private final double minPerSecond;
    private final long sustainNanos;
    /** Rise of the old generation's use that counts as promoting; 0: not looked at. */
    private final long promotedBytes;

    private boolean haveOld;
    private long oldLow;
    private boolean havePrevious;
    private long previousNanos;
    private long previousCount;
    private boolean busy;
    private long busySinceNanos;
    private boolean fired;
    private int asked;
    private long edenAtFirstAsk;

    /**
     * @param minPerSecond young collections per second at or above which a sample interval counts as busy
     * @param sustainNanos how long consecutive busy intervals must last before the answer is yes
     */
    YoungGrowthPolicy(double minPerSecond, long sustainNanos) {
        this(minPerSecond, sustainNanos, 0);
    }

    /**
     * @param promotedBytes rise of the old generation's use over its lowest sample, with young collections in the
     *     interval, at which the answer is yes whatever the rate; 0: the rate alone decides
     */
    YoungGrowthPolicy(double minPerSecond, long sustainNanos, long promotedBytes) {
        if (!(minPerSecond > 0) || sustainNanos <= 0) throw new IllegalArgumentException("rate and time must be > 0");
        if (promotedBytes < 0) throw new IllegalArgumentException("promoted bytes must be >= 0");
        this.minPerSecond = minPerSecond;
        this.sustainNanos = sustainNanos;
        this.promotedBytes = promotedBytes;
    }

    /**
     * One sample: the time (any monotonic nanosecond clock) and the young collector's count at that time.
     * Returns true the first time the rate has stayed at or above the threshold for the sustain time, false
     * before and ever after.
     */
    boolean sample(long nowNanos, long collections) {
        return sample(nowNanos, collections, -1);
    }

    /**
     * As {@link #sample(long, long)}, with the old generation's use in bytes at that time (negative: unknown).
     * Also true the first time that use has risen by the promoted bytes above its lowest sample (a full collection
     * lowers it) in an interval with young collections.
     */
    boolean sample(long nowNanos, long collections, long oldUsed) {
        if (fired) return false;
        boolean promoting = false;
        if (promotedBytes > 0 && oldUsed >= 0) {
            if (!haveOld || oldUsed < oldLow) {
                haveOld = true;
                oldLow = oldUsed;
            } else {
                promoting = oldUsed - oldLow >= promotedBytes;
            }
        }
        if (!havePrevious) {
            remember(nowNanos, collections);
            return false;
        }
        long elapsed = nowNanos - previousNanos;
        if (elapsed <= 0) return false; // same instant (or a clock that went back): wait for a later sample
        // a count that went back (a collector that was replaced, not expected) counts as a quiet interval
        long collected = collections - previousCount;
        boolean busyNow = collected > 0 && collected * 1e9 >= minPerSecond * elapsed;
        if (busyNow && !busy) {
            busy = true;
            busySinceNanos = previousNanos;
        } else if (!busyNow) {
            busy = false;
        }
        remember(nowNanos, collections);
        if (promoting && collected > 0 || busy && nowNanos - busySinceNanos >= sustainNanos) {
            fired = true;
            return true;
        }
        return false;
    }

    /** Whether the answer has been given (the caller can stop sampling). */
    boolean fired() {
        return fired;
    }

    /**
     * The cheap first stage, before the collector's count is read at all: whether each of the last {@code n}
     * one-second ticks saw at least one collection (reading the count takes the JDK's management classes and
     * library, ~1 MiB of resident memory, which an idle process should not pay).
     */
    /**
     * Once {@link #sample} has fired: whether to ask for a (further) full collection, given eden's committed and
     * maximum size now (max -1: none). Asks while eden could still double; after the first ask, only while eden's
     * committed size is the one of that ask (a full collection resized it, and Serial GC would size it the same at
     * the next one) and at most {@code maxAsks} times (the JVM may skip an asked-for collection). False: stop.
     */
    boolean ask(long edenCommitted, long edenMax, int maxAsks) {
        if (!canGrow(edenCommitted, edenMax) || asked > 0 && edenCommitted != edenAtFirstAsk || asked >= maxAsks)
            return false;
        if (asked++ == 0) edenAtFirstAsk = edenCommitted;
        return true;
    }

    /** Whether an eden of these sizes could double (else a full collection would buy nothing). */
    static boolean canGrow(long edenCommitted, long edenMax) {
        return edenMax < 0 || edenMax >= 2 * edenCommitted;
    }

    static final class Streak {
        private final int n;
        private int run;

        Streak(int n) {
            if (n <= 0) throw new IllegalArgumentException("n must be > 0");
            this.n = n;
        }

        /** One tick; true when this one completes {@code n} in a row that saw a collection. */
        boolean tick(boolean collected) {
            run = collected ? run + 1 : 0;
            return run >= n;
        }
    }

    private void remember(long nowNanos, long collections) {
        havePrevious = true;
        previousNanos = nowNanos;
        previousCount = collections;
    }
}
