package dev.hapair.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.ParamMatch;
import dev.hapair.vrrp.config.TrackProcessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes (no root): a pidfd notices the death at once; a rewritten pid file is found by polling. */
class ProcessTrackerTest {
    @TempDir
    Path dir;

    final ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1);
    final ProcessWatcher watcher = new ProcessWatcher();
    Process proc;

    record Change(boolean up, long atNanos) {}

    @AfterEach
    void tearDown() {
        if (proc != null) {
            proc.destroyForcibly();
        }
        watcher.close();
        loop.shutdownNow();
    }

    static TrackProcessConfig pidfileConfig(Path pidfile, Duration terminateDelay) {
        return new TrackProcessConfig(
                "proxy",
                Optional.empty(),
                List.of(),
                ParamMatch.NONE,
                false,
                0,
                false,
                1,
                OptionalInt.empty(),
                Duration.ZERO,
                terminateDelay,
                Optional.of(pidfile),
                SourceLocation.NONE);
    }

    Process startSleep(Path pidfile) throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        Files.writeString(pidfile, p.pid() + "\n");
        return p;
    }

    @Test
    void deathIsReportedImmediatelyAndReturnThroughThePidFile() throws Exception {
        Path pidfile = dir.resolve("proxy.pid");
        proc = startSleep(pidfile);
        LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        ProcessTracker t = new ProcessTracker(
                pidfileConfig(pidfile, Duration.ZERO),
                watcher,
                loop,
                (tr, up, detail) -> changes.add(new Change(up, System.nanoTime())));
        assertTrue(t.up(), "running at construction");
        t.start();
        Thread.sleep(100);
        long killed = System.nanoTime();
        proc.destroyForcibly();
        Change down = changes.poll(2, TimeUnit.SECONDS);
        assertFalse(down.up());
        double ms = (down.atNanos() - killed) / 1e6;
        System.out.printf("[hapair-vrrp] process death noticed after %.1f ms%n", ms);
        assertTrue(ms < 100, "death noticed after " + ms + " ms");

        proc = startSleep(pidfile);
        long restarted = System.nanoTime();
        Change up = changes.poll(2, TimeUnit.SECONDS);
        assertTrue(up.up());
        assertTrue((up.atNanos() - restarted) / 1e6 < ProcessTracker.DOWN_POLL.toMillis() + 150);
        t.close();
    }

    @Test
    void terminateDelayHidesAShortOutage() throws Exception {
        Path pidfile = dir.resolve("proxy.pid");
        proc = startSleep(pidfile);
        LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        ProcessTracker t = new ProcessTracker(
                pidfileConfig(pidfile, Duration.ofSeconds(1)),
                watcher,
                loop,
                (tr, up, detail) -> changes.add(new Change(up, System.nanoTime())));
        t.start();
        Thread.sleep(100);
        proc.destroyForcibly();
        Thread.sleep(300);
        proc = startSleep(pidfile); // back within the delay
        assertEquals(null, changes.poll(1500, TimeUnit.MILLISECONDS), "no change reported");
        assertTrue(t.up());
        t.close();
    }

    @Test
    void aMissingPidFileIsDownFromTheStart() {
        ProcessTracker t = new ProcessTracker(
                pidfileConfig(dir.resolve("absent.pid"), Duration.ZERO), watcher, loop, (tr, up, detail) -> {});
        assertFalse(t.up());
        assertEquals("process:proxy", t.key());
    }
}
