package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cleanup when the test JVM ends without close(): by the shutdown hook, or (after SIGKILL) by the sweep. */
class ProcessExitIT {
    @BeforeAll
    static void needNamespaces() {
        Prerequisites.assumeNamespaces();
    }

    @Test
    void shutdownHookCleansUpWhenJvmExitsWithoutClose() throws Exception {
        Process child = child();
        String runId = readRunId(child);
        boolean exited = child.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
        }
        assertTrue(exited, "child JVM exits");
        assertEquals(List.of(), Topology.leftovers(runId));
        assertFalse(RunRegistry.standard().isClaimed(runId));
    }

    @Test
    void sweepCleansUpAfterJvmIsKilled() throws Exception {
        Process child = child("wait");
        try {
            String runId = readRunId(child);
            String hostA = RunNames.namespace(runId, "a");
            // the child prints its run id right after start(); ip netns exec may not have entered the namespace yet
            List<Long> inside = Wait.until(
                    "the child's sleep runs in host a",
                    Duration.ofSeconds(5),
                    () -> Netns.pids(hostA),
                    pids -> pids.size() == 1);
            Sweeper.standard().sweepDead();
            assertEquals(3, Topology.leftovers(runId).size(), "a live run is not swept: a, b and sw remain");

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(3, Topology.leftovers(runId).size(), "SIGKILL leaves the run behind");
            assertEquals(RunRegistry.Owner.DEAD, RunRegistry.standard().owner(runId));

            Sweeper.standard().sweepDead();
            assertEquals(List.of(), Topology.leftovers(runId));
            Wait.until("orphaned sleep killed", Duration.ofSeconds(5), () -> !ProcessHandle.of(inside.get(0))
                    .map(ProcessHandle::isAlive)
                    .orElse(false));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            Sweeper.standard().sweepDead();
        }
    }

    private static Process child(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(
                List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"), ChildRun.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String readRunId(Process child) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("RUN ")) {
                return line.substring(4).strip();
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child printed no run id; output:\n" + seen);
    }
}
