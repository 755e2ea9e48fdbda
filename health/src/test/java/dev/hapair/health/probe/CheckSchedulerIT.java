package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.CheckEvent;
import dev.hapair.health.CheckScheduler;
import dev.hapair.health.CheckSettings;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.EventLoopScheduler;
import dev.hapair.health.InitialState;
import dev.hapair.health.Transition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler on a real event loop against real servers and processes: rise/fall end to end. */
class CheckSchedulerIT extends EventLoopIT {

    private static final CheckSettings FAST = CheckSettings.defaults()
            .withInter(Duration.ofMillis(50))
            .withRise(2)
            .withFall(3)
            .withInitialState(InitialState.FULLY_DOWN)
            .withTimeoutCheck(Duration.ofSeconds(1)); // inter 50ms is too tight for a cold JVM's first check

    /** Collects events until one with the wanted transition; returns all of them, that one last. */
    private static List<CheckEvent> until(BlockingQueue<CheckEvent> q, Transition t) throws InterruptedException {
        List<CheckEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            CheckEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) {
                seen.add(e);
                if (e.transition() == t) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no " + t + " transition; saw " + seen);
    }

    @Test
    void httpServerGoesUpAfterRiseSuccessesAndDownAfterFallFailures() throws Exception {
        BlockingQueue<CheckEvent> q = new LinkedBlockingQueue<>();
        try (TestServer server = new TestServer(serverGroup)) {
            HttpProbe probe = new HttpProbe(checkLoop, server.address(), HttpCheckSpec.of("GET", "/health", null));
            CheckScheduler cs = new CheckScheduler("web/s1", probe, FAST, new EventLoopScheduler(checkLoop));
            cs.addListener(q::add);
            cs.start();
            List<CheckEvent> rising = until(q, Transition.UP);
            assertEquals(2, rising.size(), "UP after exactly rise=2 successes: " + rising);
            assertTrue(cs.isUp());
            assertEquals("L7OK/200", rising.get(1).result().describe().split(" ")[0]);

            server.status = 503;
            List<CheckEvent> falling = until(q, Transition.DOWN);
            assertEquals(3, falling.size(), "DOWN after exactly fall=3 failures: " + falling);
            for (CheckEvent e : falling) {
                assertEquals(CheckStatus.L7STS, e.result().status());
                assertEquals(503, e.result().httpStatus());
            }
            assertEquals(
                    List.of("UP 2/3", "UP 1/3", "DOWN"),
                    falling.stream().map(CheckEvent::statusText).toList());
            assertFalse(cs.isUp());

            server.status = 200;
            assertEquals(2, until(q, Transition.UP).size());
            cs.stop();
        }
    }

    @Test
    void tcpCheckFallsWithL4conWhenTheServerStops() throws Exception {
        BlockingQueue<CheckEvent> q = new LinkedBlockingQueue<>();
        TestServer server = new TestServer(serverGroup);
        CheckScheduler cs = new CheckScheduler(
                "tcp", new TcpProbe(checkLoop, server.address()), FAST, new EventLoopScheduler(checkLoop));
        cs.addListener(q::add);
        cs.start();
        assertEquals(2, until(q, Transition.UP).size());
        server.close();
        // the listener's close completes asynchronously: a check or two may still pass before the refusals start
        List<CheckEvent> falling = until(q, Transition.DOWN).stream()
                .dropWhile(e -> e.result().status() == CheckStatus.L4OK)
                .toList();
        assertEquals(3, falling.size(), falling.toString());
        assertTrue(falling.stream().allMatch(e -> e.result().status() == CheckStatus.L4CON), falling.toString());
        cs.stop();
    }

    @Test
    void processCheckFlipsWhenTheWatchedProcessIsKilled() throws Exception {
        Path pidFile = Files.createTempFile("hapair-sleep", ".pid");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(pidFile, sleeper.pid() + "\n");
            BlockingQueue<CheckEvent> q = new LinkedBlockingQueue<>();
            CheckScheduler cs = new CheckScheduler(
                    "proc",
                    ProcessProbe.ofPidFile(pidFile),
                    FAST.withRise(1).withFall(2),
                    new EventLoopScheduler(checkLoop));
            cs.addListener(q::add);
            cs.start();
            CheckEvent up = until(q, Transition.UP).get(0);
            assertEquals(CheckStatus.PROCOK, up.result().status());
            long killedAt = System.nanoTime();
            assertTrue(new ProcessTable().alive(sleeper.pid()));
            sleeper.destroyForcibly();
            List<CheckEvent> falling = until(q, Transition.DOWN);
            long ms = (System.nanoTime() - killedAt) / 1_000_000;
            assertEquals(
                    CheckStatus.PROCERR,
                    falling.get(falling.size() - 1).result().status());
            assertNotNull(falling.get(falling.size() - 1).result().detail());
            assertTrue(ms < 2000, "DOWN " + ms + "ms after the kill");
            cs.stop();
        } finally {
            sleeper.destroyForcibly();
            Files.deleteIfExists(pidFile);
        }
    }
}
