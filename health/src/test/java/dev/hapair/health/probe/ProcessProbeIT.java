package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Process liveness against processes this test starts and kills by pid. */
class ProcessProbeIT {

    private Process started;
    private Path tmp;

    @AfterEach
    void cleanUp() throws Exception {
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
        if (tmp != null) {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CheckResult check(ProcessProbe p) throws Exception {
        return p.run(Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
    }

    private static void waitDead(long pid) throws InterruptedException {
        ProcessTable t = new ProcessTable();
        for (int i = 0; i < 100 && t.alive(pid); i++) {
            Thread.sleep(20);
        }
    }

    @Test
    void pidAndPidFileChecksFlipWhenTheProcessIsKilled() throws Exception {
        tmp = Files.createTempDirectory("hapair-proc");
        started = new ProcessBuilder("sleep", "60").start();
        long pid = started.pid();
        Path pidFile = tmp.resolve("sleep.pid");
        Files.writeString(pidFile, pid + "\n");
        ProcessProbe byPid = ProcessProbe.ofPid(pid);
        ProcessProbe byFile = ProcessProbe.ofPidFile(pidFile);
        assertEquals(CheckStatus.PROCOK, check(byPid).status());
        CheckResult ok = check(byFile);
        assertEquals(CheckStatus.PROCOK, ok.status(), ok.describeWithDetail());
        assertTrue(ok.detail().contains(Long.toString(pid)));

        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        waitDead(pid);
        assertEquals(CheckStatus.PROCERR, check(byPid).status());
        assertEquals(CheckStatus.PROCERR, check(byFile).status());
        CheckResult missing = check(ProcessProbe.ofPidFile(tmp.resolve("nope.pid")));
        assertEquals(CheckStatus.PROCERR, missing.status());
        assertTrue(missing.detail().contains("not found"), missing.detail());
    }

    @Test
    void nameCheckIsKillallZeroWithoutForking() throws Exception {
        tmp = Files.createTempDirectory("hapair-proc");
        // A copy of sleep under a unique name, so no other process on the machine can match.
        String name = "hpchk" + (ProcessHandle.current().pid() % 100000);
        Path bin = tmp.resolve(name);
        Files.copy(Path.of("/bin/sleep"), bin);
        bin.toFile().setExecutable(true);
        ProcessProbe byName = ProcessProbe.ofName(name);
        assertEquals(CheckStatus.PROCERR, check(byName).status(), "nothing runs under that name yet");
        started = new ProcessBuilder(bin.toString(), "60").start();
        CheckResult ok = check(byName);
        assertEquals(CheckStatus.PROCOK, ok.status(), ok.describeWithDetail());
        assertEquals(List.of(started.pid()), new ProcessTable().pidsByName(name));
        assertEquals(List.of(started.pid()), byName.currentPids());
        started.destroyForcibly();
        waitDead(started.pid());
        CheckResult gone = check(byName);
        assertEquals(CheckStatus.PROCERR, gone.status());
        assertEquals("no process named " + name, gone.detail());
    }

    @Test
    void aZombieCountsAsDead() throws Exception {
        tmp = Files.createTempDirectory("hapair-proc");
        Path childPid = tmp.resolve("child.pid");
        // sh starts a child that exits a second later, by which time sh has exec'd into a sleep that never
        // reaps it: a zombie. (A child exiting at once could be reaped by the shell before the exec.)
        started = new ProcessBuilder("/bin/sh", "-c", "sleep 1 & echo $! > " + childPid + "; exec sleep 60").start();
        long zombie = 0;
        for (int i = 0; i < 500 && zombie == 0; i++) {
            Thread.sleep(20);
            if (Files.exists(childPid) && !Files.readString(childPid).isBlank()) {
                long p = Long.parseLong(Files.readString(childPid).trim());
                if (new ProcessTable().stat(p).map(s -> s.state() == 'Z').orElse(false)) {
                    zombie = p;
                }
            }
        }
        assertTrue(zombie > 0, "could not make a zombie");
        assertEquals('Z', new ProcessTable().stat(zombie).orElseThrow().state());
        assertFalse(new ProcessTable().alive(zombie));
        CheckResult r = check(ProcessProbe.ofPid(zombie));
        assertEquals(CheckStatus.PROCERR, r.status());
        assertTrue(r.detail().contains("zombie"), r.detail());
    }

    @Test
    void watcherCallsBackAsSoonAsTheProcessDies() throws Exception {
        started = new ProcessBuilder("sleep", "60").start();
        try (ProcessWatcher watcher = new ProcessWatcher()) {
            CountDownLatch died = new CountDownLatch(1);
            AtomicLong at = new AtomicLong();
            ProcessWatcher.Watch w = watcher.watch(started.pid(), Runnable::run, () -> {
                at.set(System.nanoTime());
                died.countDown();
            });
            assertTrue(w.isActive());
            assertTrue(w.usesPidfd() || !ProcessTable.pidfdSupported());
            assertFalse(died.await(200, TimeUnit.MILLISECONDS), "callback before the death");
            long killedAt = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(started.pid()))
                    .start()
                    .waitFor();
            assertTrue(died.await(5, TimeUnit.SECONDS), "no death callback");
            long latencyMs = (at.get() - killedAt) / 1_000_000;
            System.out.println("ProcessWatcher death latency: " + latencyMs + "ms (pidfd " + w.usesPidfd() + ")");
            assertTrue(latencyMs < 1000, latencyMs + "ms");
            assertFalse(w.isActive());
            assertEquals(0, watcher.activeWatches());
        }
    }

    @Test
    void watcherReportsAnAlreadyDeadPidAtOnceAndClosedWatchesNever() throws Exception {
        try (ProcessWatcher watcher = new ProcessWatcher()) {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            CountDownLatch dead = new CountDownLatch(1);
            watcher.watch(p.pid(), Runnable::run, dead::countDown);
            assertTrue(dead.await(2, TimeUnit.SECONDS));

            started = new ProcessBuilder("sleep", "60").start();
            CountDownLatch never = new CountDownLatch(1);
            ProcessWatcher.Watch w = watcher.watch(started.pid(), Runnable::run, never::countDown);
            w.close();
            started.destroyForcibly();
            assertFalse(never.await(500, TimeUnit.MILLISECONDS), "closed watch must not call back");
        }
    }
}
