package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link YoungGenerationGrowth} in a JVM with the launcher's flags (Serial GC, a 1 MiB young generation): a process
 * allocating like a busy proxy gets a larger eden within seconds, and with {@code -Dhapair.grow-young=false} it
 * does not. Without the watcher eden stays at its initial ~0.8 MiB for ever (Serial GC resizes it only after a full
 * collection, which this allocation pattern never causes).
 */
class YoungGenerationGrowthIT {
    /** The forked program: the watcher on a Netty loop, then ~2 MB of short-lived arrays a millisecond. */
    public static final class Busy {
        static volatile Object sink;

        public static void main(String[] args) throws Exception {
            long seconds = Long.parseLong(args[0]);
            long lingerNanos = TimeUnit.SECONDS.toNanos(args.length > 1 ? Long.parseLong(args[1]) : 0);
            DefaultEventLoop loop = new DefaultEventLoop();
            YoungGenerationGrowth.start(loop);
            Thread.sleep(200); // as in the daemon: the watcher runs before traffic comes
            long initial = edenCommitted();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long grownAt = 0;
            while (System.nanoTime() < end && (grownAt == 0 || System.nanoTime() - grownAt < lingerNanos)) {
                for (int i = 0; i < 2000; i++) sink = new byte[900];
                Thread.sleep(1);
                if (grownAt == 0 && edenCommitted() >= 4 * initial) grownAt = System.nanoTime();
            }
            System.out.println("eden " + initial + " " + edenCommitted() + " full " + fullCollections());
            loop.shutdownGracefully();
        }

        static long fullCollections() {
            for (java.lang.management.GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (g.getName().equals("MarkSweepCompact")) return g.getCollectionCount();
            }
            throw new IllegalStateException("no old collector: not Serial GC");
        }

        static long edenCommitted() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getName().equals("Eden Space")) return p.getUsage().getCommitted();
            }
            throw new IllegalStateException("no eden: not Serial GC");
        }
    }

    /**
     * The forked program of a promoting load under the rate threshold (a loaded machine's Connection: close case):
     * ~3 MB/s of arrays, a third of them kept ~0.4 s (longer than the ~0.25 s between collections, more than the
     * survivor space holds), so each collection promotes, a few times a second. Prints eden's initial and final
     * size and the old generation's peak use.
     */
    public static final class Promoting {
        static volatile Object sink;

        public static void main(String[] args) throws Exception {
            long seconds = Long.parseLong(args[0]);
            DefaultEventLoop loop = new DefaultEventLoop();
            YoungGenerationGrowth.start(loop);
            Thread.sleep(200);
            long initial = Busy.edenCommitted();
            Object[] kept = new Object[400];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (int i = 0; System.nanoTime() < end && Busy.edenCommitted() < 4 * initial; i++) {
                kept[i % kept.length] = new byte[1000];
                sink = new byte[2000];
                Thread.sleep(1);
            }
            System.out.println("eden " + initial + " " + Busy.edenCommitted() + " oldpeak " + tenuredPeak());
            loop.shutdownGracefully();
        }

        static long tenuredPeak() {
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getName().equals("Tenured Gen")) return p.getPeakUsage().getUsed();
            }
            throw new IllegalStateException("no tenured generation: not Serial GC");
        }
    }

    private static long[] run(long seconds, String... props) throws IOException, InterruptedException {
        return run(seconds, 0, props);
    }

    /** {@code linger}: seconds the program goes on allocating once eden has grown; negative: {@link Promoting}. */
    private static long[] run(long seconds, long linger, String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ProxyProcess.LAUNCHER_JVM_FLAGS);
        cmd.addAll(List.of(props));
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                (linger < 0 ? Promoting.class : Busy.class).getName(),
                Long.toString(seconds),
                Long.toString(linger)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(seconds + 30, TimeUnit.SECONDS), "the program did not end");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            String line = out.lines()
                    .filter(l -> l.startsWith("eden "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(out));
            String[] f = line.split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[4])};
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBusyProcessGetsALargerEdenOnce() throws Exception {
        long[] eden = run(30);
        assertTrue(eden[0] <= 2 << 20, "initial eden " + eden[0]);
        assertTrue(eden[1] >= 4 * eden[0], "eden did not grow: " + eden[0] + " -> " + eden[1]);
    }

    /**
     * With a larger {@code MaxNewSize} ({@code HAPAIR_JAVA_OPTS} comes after the launcher's flags) the grown eden can
     * still double: the full collection that grew it is not asked for again (it would size eden the same).
     */
    @Test
    void aGrownEdenIsNotCollectedForAgain() throws Exception {
        long[] eden = run(30, 5, "-XX:MaxNewSize=64m");
        assertTrue(eden[1] >= 4 * eden[0], "eden did not grow: " + eden[0] + " -> " + eden[1]);
        assertEquals(1, eden[2], "full collections");
    }

    /**
     * Promotions grow eden before they fill the old generation (14 MiB with the launcher's -Xms15m), every page of
     * which would stay resident. Measured: a peak use of 5.1 MiB with the promotion rule, 8.8 MiB without it (the
     * full collection Serial GC then makes by itself, at allocation failure).
     */
    @Test
    void promotionsUnderTheRateThresholdGrowEdenBeforeTheOldGenerationFills() throws Exception {
        long[] r = run(40, -1);
        assertTrue(r[1] >= 4 * r[0], "eden did not grow: " + r[0] + " -> " + r[1]);
        assertTrue(r[2] < 7 << 20, "the old generation's peak use: " + r[2]);
    }

    @Test
    void turnedOffItStaysSmall() throws Exception {
        // twice the ~8 s the watcher takes to act (1 s to the first tick, 3 s of canary ticks, the beans read, 3 s of
        // samples): within 10 s a slow machine could end the run before a watcher that ignored the flag acted
        long[] eden = run(16, "-Dhapair.grow-young=false");
        assertEquals(eden[0], eden[1], "eden changed with the watcher off");
    }
}
