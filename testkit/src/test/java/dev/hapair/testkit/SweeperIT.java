package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweep removes what a killed run left behind, and nothing of a run whose owner lives. */
class SweeperIT {
    @BeforeAll
    static void needNamespaces() {
        Prerequisites.assumeNamespaces();
    }

    @Test
    void sweepRemovesLeftoversOfDeadRunButNotOfLiveRun() throws Exception {
        RunRegistry registry = RunRegistry.standard();
        String deadId = claimFreeId(registry);
        long deadPid = deadPid();
        registry.record(deadId, Long.toString(deadPid), "1");
        String hostNs = RunNames.namespace(deadId, "x");
        String swNs = RunNames.switchNamespace(deadId);
        Process orphan = null;
        try (Topology live = Topology.create()) {
            Host liveHost = live.addHost("keep", "10.213.4.1/24");
            // a leftover as a killed JVM leaves it: two namespaces, a veth pair, a process still running inside
            Netns.add(swNs);
            Netns.add(hostNs);
            Commands.check(
                    "ip",
                    "link",
                    "add",
                    "eth0",
                    "netns",
                    hostNs,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    RunNames.bridgePort(deadId, "x", 0),
                    "netns",
                    swNs);
            orphan = new ProcessBuilder("ip", "netns", "exec", hostNs, "sleep", "300").start();
            long orphanPid = orphan.pid();
            Wait.until("orphan in its namespace", Duration.ofSeconds(5), () -> Netns.pids(hostNs)
                    .contains(orphanPid));

            List<String> deleted = Sweeper.standard().sweepDead();

            assertTrue(deleted.containsAll(List.of(hostNs, swNs)), "deleted " + deleted);
            assertEquals(List.of(), Topology.leftovers(deadId));
            assertFalse(registry.isClaimed(deadId), "owner file of the dead run removed");
            Wait.until("orphan killed", Duration.ofSeconds(5), () -> !ProcessHandle.of(orphanPid)
                    .map(ProcessHandle::isAlive)
                    .orElse(false));
            // the live run is untouched
            assertTrue(Netns.list().containsAll(List.of(liveHost.namespace(), live.switchNamespace())));
            assertTrue(registry.isClaimed(live.runId()));
            assertTrue(liveHost.hasAddress("eth0", "10.213.4.1"));
        } finally {
            if (orphan != null) {
                orphan.destroyForcibly();
            }
            Netns.delete(hostNs);
            Netns.delete(swNs);
            registry.release(deadId);
        }
    }

    @Test
    void manualRunsSurviveAPlainSweepButNotSweepAll() {
        RunRegistry registry = RunRegistry.standard();
        String id = claimFreeId(registry);
        registry.record(id, RunRegistry.MANUAL, "?");
        String ns = RunNames.namespace(id, "m");
        try {
            Netns.add(ns);
            Sweeper.standard().sweepDead();
            assertTrue(Netns.list().contains(ns), "manual run kept by a plain sweep");
            // only this test's run: sweep(true) over the whole registry would delete other people's labs
            assertTrue(Sweeper.standard().sweep(true, id::equals).contains(ns));
            assertFalse(Netns.list().contains(ns));
            assertFalse(registry.isClaimed(id));
        } finally {
            Netns.delete(ns);
            registry.release(id);
        }
    }

    private static String claimFreeId(RunRegistry registry) {
        for (int i = 0; i < 50; i++) {
            String id = RunNames.randomRunId();
            if (registry.claim(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free run id");
    }

    /** PID of a process that has exited (and was reaped), standing in for a killed test JVM. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
