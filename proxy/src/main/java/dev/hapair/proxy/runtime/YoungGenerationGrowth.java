package dev.hapair.proxy.runtime;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Grows the young generation once, when the process has been busy for a while: the launcher (bin/hapair-jvm) starts
 * Serial GC with a 1 MiB young generation, which keeps an idle process small (every page of eden ends up resident)
 * but under load makes a young collection every ~10 ms (80k keep-alive requests/s x ~900 B into a 0.8 MiB eden), each stopping both event
 * loops for ~0.5 ms whatever eden's size (a fixed cost: card scanning, thread stacks, the JDK's handle tables).
 * Serial GC sizes the young generation only after a full collection (to the old generation's capacity /
 * {@code NewRatio}, within {@code NewSize..MaxNewSize}), which a steady keep-alive load never causes. So once the
 * young collector has run at {@value #MIN_PER_SECOND}/s or more for {@value #SUSTAIN_SECONDS} s in a row, this asks
 * for one full collection ({@code System.gc()}, ~10-30 ms once) after which eden is several times larger and the
 * collections as many times fewer. Measured side by side in bench/README.md ("Session 10 -- jvm10"). It asks as
 * well, sooner, once the heap's use has risen by {@value #PROMOTED_BYTES} bytes with collections running: a
 * loaded machine's lower request rate kept a Connection: close load under the rate while its promotions filled the
 * old generation, all of whose pages then stay resident (bench/README.md, "Session 13 -- rss13").
 *
 * <p>Two stages, so that an idle process loads nothing: first a weak reference to a fresh object, which the next
 * young collection clears, tells each second whether there was one; only after {@value #SUSTAIN_SECONDS} such
 * seconds in a row are the JDK's management beans read (their classes and library are ~1 MiB of resident memory)
 * for the exact rate. Does nothing with another collector than Serial's (a {@code HAPAIR_JAVA_OPTS} choice) or
 * when the young generation cannot grow; {@code -Dhapair.grow-young=false} turns it off. One task a second on one
 * event loop, cancelled once it has acted; the management beans are first read on a short-lived daemon thread
 * (loading them takes ~10-25 ms, which the loop's connections would wait).
 */
public final class YoungGenerationGrowth {
    /**
     * 10/s x ~0.5 ms: 0.5 % of the time stopped, and with a request taking ~1 ms, ~1.5 % of requests meet a pause,
     * enough to show in the 99th percentile; a process at a few thousand requests/s stays below and keeps 1 MiB.
     */
    static final int MIN_PER_SECOND = 10;
    /** Per stage: short enough to be met within bench/run.sh's 5 s rounds, long enough to skip start-up's burst. */
    static final int SUSTAIN_SECONDS = 3;
    /**
     * The other reason to grow: young collections that promote this much into the old generation, seen as the heap's
     * use rising (see {@link YoungGrowthPolicy#promoted}). Above eden's own swing (under 1 MiB before the growth),
     * well below the old generation's 14 MiB (the launcher's -Xms15m), whose every promoted-into page stays resident.
     */
    static final long PROMOTED_BYTES = 2L << 20;
    /** Full collections asked for at most, should the JVM skip one. */
    static final int MAX_ASKS = 3;
    /** Serial GC's young collector and its eden, as the JVM names them. */
    private static final String SERIAL_YOUNG = "Copy";

    private static final String EDEN = "Eden Space";

    private final YoungGrowthPolicy.Streak streak = new YoungGrowthPolicy.Streak(SUSTAIN_SECONDS);
    private final YoungGrowthPolicy policy =
            new YoungGrowthPolicy(MIN_PER_SECOND, TimeUnit.SECONDS.toNanos(SUSTAIN_SECONDS), PROMOTED_BYTES);
    private WeakReference<Object> canary = new WeakReference<>(new Object());
    /** Set by {@link #load} (another thread), read by the loop's ticks. */
    private volatile GarbageCollectorMXBean young;
    /** The young collector's count at the last tick of the second stage (-1: none yet). */
    private long lastCount = -1;
    /** The beans are being read ({@link #load}): the canary stage is over. */
    private boolean loading;

    private volatile ScheduledFuture<?> task;
    /** Where the management beans are first read (see {@link #start(EventExecutor)}). */
    private final Executor loader;
    /** The loop the ticks run on, for one tick as soon as the beans are read (null in unit tests). */
    private volatile EventExecutor loop;

    YoungGenerationGrowth(Executor loader) {
        this.loader = loader;
    }

    /** Starts sampling on {@code loop} unless turned off; the task ends by itself once it has acted. */
    public static void start(EventExecutor loop) {
        if ("false".equals(System.getProperty("hapair.grow-young"))) return;
        YoungGenerationGrowth g = new YoungGenerationGrowth(YoungGenerationGrowth::onItsOwnThread);
        g.loop = loop;
        g.task = loop.scheduleAtFixedRate(g::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        // a fresh canary every tick: one that outlived a collection may have been promoted, and a weak reference
        // in the old generation is not looked at by young collections (its referent stays, found stuck for 12 s
        // of 900 collections/s in a test program that allocated from the start)
        boolean collected = young == null && canary.get() == null;
        if (young == null) canary = new WeakReference<>(new Object());
        tick(collected);
    }

    /** One tick; {@code collected}: a young collection happened since the last one (the canary's answer). */
    void tick(boolean collected) {
        // the heap's use without any management bean: what the promotion rule watches from the first stage on, as a
        // Connection: close load promoted ~3 MiB/s and filled the old generation within 4 s of its start
        Runtime rt = Runtime.getRuntime();
        tick(collected, rt.totalMemory() - rt.freeMemory());
    }

    /** One tick, with the heap's use now. */
    void tick(boolean collected, long heapUsed) {
        if (young == null) {
            boolean promoting = policy.promoted(collected, heapUsed);
            if (loading || !streak.tick(collected) && !promoting) return;
            // the first read of the management beans loads their classes and library (~10-25 ms): not on an event
            // loop, whose connections would wait that long, just when the process is busy
            loading = true;
            loader.execute(this::load);
            return;
        }
        long count = young.getCollectionCount();
        boolean collectedNow = lastCount >= 0 && count != lastCount;
        lastCount = count;
        if (!policy.fired() && !policy.promoted(collectedNow, heapUsed) && !policy.sample(System.nanoTime(), count))
            return;
        // eden may have grown meanwhile (a full collection of its own, e.g. after a burst of HTTP/2 streams), or by
        // the collection asked for at the last tick; the JVM may also skip an asked-for collection (one in 5 runs of
        // a test program did, with no sign why: a JNI critical section can make it), so it is asked again, a bounded
        // number of times, a second apart
        // once asked, only while eden has not changed: a full collection that happened resized it, and Serial sizes it
        // the same at the next one (with a MaxNewSize above twice the grown eden, it could still double: asking on
        // made up to MAX_ASKS full collections where one did the growing)
        long[] eden = eden();
        if (eden == null || !policy.ask(eden[0], eden[1], MAX_ASKS)) {
            if (task != null) task.cancel(false);
            return;
        }
        System.gc();
    }

    /** Off the event loop: Serial's young collector, or the end of the watcher (another collector, no growth). */
    private void load() {
        GarbageCollectorMXBean y = null;
        try {
            y = serialYoung();
            long[] eden = eden();
            if (y != null && (eden == null || !YoungGrowthPolicy.canGrow(eden[0], eden[1]))) y = null;
        } finally {
            if (y == null && task != null) task.cancel(false);
            young = y; // the loop's next tick samples it
            // promotions may have ended the first stage: their full collection at once, not a second later
            EventExecutor l = loop;
            if (y != null && l != null) l.execute(this::tick);
        }
    }

    private static void onItsOwnThread(Runnable r) {
        Thread t = new Thread(r, "hapair-young-growth");
        t.setDaemon(true);
        t.start();
    }

    private static GarbageCollectorMXBean serialYoung() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (SERIAL_YOUNG.equals(gc.getName())) return gc;
        }
        return null;
    }

    /** Eden's committed and maximum size (-1: no maximum), or null without an eden (not Serial GC). */
    private static long[] eden() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (EDEN.equals(pool.getName())) {
                java.lang.management.MemoryUsage u = pool.getUsage();
                return new long[] {u.getCommitted(), u.getMax()};
            }
        }
        return null;
    }
}
