package dev.hapair.proxy.runtime;

/**
 * Decides, from samples of the young collector's count, when a process has been collecting its young generation
 * often enough for long enough that it is busy for real (not a burst at start-up or a health check's traffic).
 * It answers yes once; the caller then grows the young generation (see {@link YoungGenerationGrowth}).
 *
 * <p>It also answers yes, sooner, when the young collections are promoting: the heap's use has risen by
 * {@code promotedBytes} above its lowest tick while the young collector ran ({@link #promoted}). Requests whose objects outlive a
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
    /** Rise of the heap's use that counts as promoting; 0: not looked at. */
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
     * @param promotedBytes rise of the heap's use over its lowest tick, at a tick with young collections, at which
     *     the answer is yes whatever the rate ({@link #promoted}); 0: the rate alone decides
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
        if (fired) return false;
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
        if (busy && nowNanos - busySinceNanos >= sustainNanos) {
            fired = true;
            return true;
        }
        return false;
    }

    /**
     * The promotion rule, fed once a tick in either of the caller's stages (it needs no management bean): whether a
     * young collection happened since the last tick ({@code collected}) and the heap's use then (negative: unknown).
     * True, once, and the answer is given for good, when that use has risen by the promoted bytes above its lowest
     * tick (a full collection lowers it) at a tick with a collection. The heap's use includes eden's, which moves
     * by up to eden's size (under 1 MiB before the growth) between ticks: the threshold is set above it.
     */
    boolean promoted(boolean collected, long heapUsed) {
        if (fired || promotedBytes <= 0 || heapUsed < 0) return false;
        if (!haveOld || heapUsed < oldLow) {
            haveOld = true;
            oldLow = heapUsed;
            return false;
        }
        if (!collected || heapUsed - oldLow < promotedBytes) return false;
        fired = true;
        return true;
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
