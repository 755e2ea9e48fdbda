package dev.hapair.vrrp.fsm;

import static dev.hapair.vrrp.fsm.VrrpInstanceTest.SEC;
import static dev.hapair.vrrp.fsm.VrrpInstanceTest.mdi;
import static dev.hapair.vrrp.fsm.VrrpInstanceTest.skew;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.net.Inet4Address;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one simulated segment, exchanging encoded adverts. The scenarios replay the golden
 * captures (master 101 + track weight 2, backup 100 + 2, VRID 51, PASS s3cr3t); every takeover time is derived
 * from the RFC formulas and the time of the last advert actually sent.
 */
class SimulatedWireTest {
    private static final long T0 = 500 * SEC;
    private static final Inet4Address LB1 = Ipv4Addresses.parse("10.77.0.11");
    private static final Inet4Address LB2 = Ipv4Addresses.parse("10.77.0.12");
    private static final Inet4Address LB3 = Ipv4Addresses.parse("10.77.0.13");
    private static final List<Inet4Address> VIPS = List.of(Ipv4Addresses.parse("10.77.0.100"));
    private static final String CHK = "script:chk_haproxy";

    private static InstanceSpec.Builder spec(Inet4Address self, int priority) {
        return InstanceSpec.builder("VI_1", 51)
                .priority(priority)
                .primaryAddress(self)
                .vips(VIPS)
                .authPass("s3cr3t")
                .tracks(List.of(new TrackSpec(CHK, 2)));
    }

    /** lb1 (101+2) and lb2 (100+2) started together; lb1 wins the first election. */
    private static SimulatedWire pair() {
        SimulatedWire w = new SimulatedWire(T0, 0);
        w.add("lb1", spec(LB1, 101).build());
        w.add("lb2", spec(LB2, 100).build());
        w.at(T0, "lb1", new VrrpEvent.Startup());
        w.at(T0, "lb2", new VrrpEvent.Startup());
        w.runUntil(T0 + 20 * SEC);
        return w;
    }

    @Test
    void higherPriorityWinsTheFirstElectionAfterItsMasterDownInterval() {
        SimulatedWire w = pair();
        assertEquals(List.of(T0 + mdi(103, SEC)), w.entered("lb1", VrrpState.MASTER));
        assertEquals(List.of(), w.entered("lb2", VrrpState.MASTER));
        assertEquals(Set.of("lb1"), w.vipHolders());
        assertEquals(0, w.router("lb2").drops.totalDropped());
        assertTrue(w.router("lb2").drops.accepted() >= 16);
    }

    @Test
    void crashedMasterIsReplacedMasterDownIntervalAfterItsLastAdvert() {
        SimulatedWire w = pair();
        long crash = T0 + 20 * SEC + 300_000_000L;
        w.runUntil(crash);
        w.unplug("lb1");
        w.runUntil(crash + 10 * SEC);
        long expected = w.lastAdvertBefore("lb1", crash) + mdi(102, SEC);
        assertEquals(List.of(expected), w.entered("lb2", VrrpState.MASTER));
        assertEquals(3_601_562_500L, mdi(102, SEC));
    }

    @Test
    void gracefulStopHandsOverAfterSkewTime() {
        SimulatedWire w = pair();
        long stop = T0 + 20 * SEC + 250_000_000L;
        w.at(stop, "lb1", new VrrpEvent.Shutdown());
        w.runUntil(stop + 10 * SEC);
        assertEquals(List.of(stop + skew(102, SEC)), w.entered("lb2", VrrpState.MASTER));
        assertEquals(Set.of("lb2"), w.vipHolders());
        assertEquals(
                0,
                w.sent.stream()
                        .filter(s -> s.router().equals("lb1") && s.priority() == 0 && s.time() != stop)
                        .count());
    }

    @Test
    void trackFailureLowersMasterPriorityAndBackupPreempts() {
        // like vrrp-v2-haproxy-kill-prio-drop: 103 -> 101, the backup at 102 preempts
        SimulatedWire w = pair();
        long kill = T0 + 20 * SEC + 400_000_000L;
        w.at(kill, "lb1", new VrrpEvent.TrackChanged(CHK, false));
        w.runUntil(kill + 10 * SEC);
        assertTrue(w.sent.contains(new SimulatedWire.Sent(kill, "lb1", 101)), "new priority advertised at once");
        long lastAt103 = w.sent.stream()
                .filter(s -> s.router().equals("lb1") && s.priority() == 103)
                .mapToLong(SimulatedWire.Sent::time)
                .max()
                .orElseThrow();
        long takeover = lastAt103 + mdi(102, SEC);
        assertEquals(List.of(takeover), w.entered("lb2", VrrpState.MASTER));
        assertEquals(
                List.of(takeover),
                w.entered("lb1", VrrpState.BACKUP).subList(1, 2),
                "lb1 steps down on lb2's first advert");
        assertEquals(Set.of("lb2"), w.vipHolders());
        // lb1's adverts at 101 were ignored by the preempting backup: exactly the ones sent before the takeover
        long ignoredAdverts = w.sent.stream()
                .filter(s -> s.router().equals("lb1") && s.priority() == 101 && s.time() < takeover)
                .count();
        assertTrue(ignoredAdverts >= 3, "adverts at 101 before the takeover: " + ignoredAdverts);
    }

    @Test
    void recoveredCheckMakesTheOriginalMasterPreemptBack() {
        SimulatedWire w = pair();
        long kill = T0 + 20 * SEC;
        w.at(kill, "lb1", new VrrpEvent.TrackChanged(CHK, false));
        long heal = kill + 15 * SEC;
        w.at(heal, "lb1", new VrrpEvent.TrackChanged(CHK, true));
        w.runUntil(heal + 10 * SEC);
        List<Long> lb1Master = w.entered("lb1", VrrpState.MASTER);
        assertEquals(2, lb1Master.size());
        // back at 103, lb1 ignores lb2's 102 from the heal on; its down timer was armed by the last advert it
        // accepted, with the Skew_Time of the priority it had then (101)
        long lastAccepted = w.lastAdvertBefore("lb2", heal);
        assertEquals(lastAccepted + mdi(101, SEC), lb1Master.get(1));
        assertEquals(
                List.of(lb1Master.get(1)), w.entered("lb2", VrrpState.BACKUP).subList(1, 2));
        assertEquals(Set.of("lb1"), w.vipHolders());
    }

    @Test
    void backupAtPriority100TakesOver3609MillisAfterLastAdvertOr609AfterPriorityZero() {
        SimulatedWire w = new SimulatedWire(T0, 0);
        w.add(
                "master",
                InstanceSpec.builder("VI_1", 51)
                        .priority(200)
                        .primaryAddress(LB1)
                        .vips(VIPS)
                        .build());
        w.add(
                "backup",
                InstanceSpec.builder("VI_1", 51)
                        .priority(100)
                        .primaryAddress(LB2)
                        .vips(VIPS)
                        .build());
        w.at(T0, "master", new VrrpEvent.Startup());
        w.at(T0, "backup", new VrrpEvent.Startup());
        long crash = T0 + 10 * SEC + 1;
        w.runUntil(crash);
        w.unplug("master");
        w.runUntil(crash + 10 * SEC);
        long last = w.lastAdvertBefore("master", crash);
        long takeover = w.entered("backup", VrrpState.MASTER).get(0);
        assertEquals(3 * SEC + (256 - 100) * SEC / 256, takeover - last);
        assertEquals("3.609", String.format(java.util.Locale.ROOT, "%.3f", (takeover - last) / 1e9));

        SimulatedWire g = new SimulatedWire(T0, 0);
        g.add(
                "master",
                InstanceSpec.builder("VI_1", 51)
                        .priority(200)
                        .primaryAddress(LB1)
                        .vips(VIPS)
                        .build());
        g.add(
                "backup",
                InstanceSpec.builder("VI_1", 51)
                        .priority(100)
                        .primaryAddress(LB2)
                        .vips(VIPS)
                        .build());
        g.at(T0, "master", new VrrpEvent.Startup());
        g.at(T0, "backup", new VrrpEvent.Startup());
        long stop = T0 + 10 * SEC + 1;
        g.at(stop, "master", new VrrpEvent.Shutdown());
        g.runUntil(stop + 10 * SEC);
        long t = g.entered("backup", VrrpState.MASTER).get(0);
        assertEquals((256 - 100) * SEC / 256, t - stop);
        assertEquals("0.609", String.format(java.util.Locale.ROOT, "%.3f", (t - stop) / 1e9));
    }

    @Test
    void threeRoutersV3HighestWinsAndNextBestTakesOver() {
        SimulatedWire w = new SimulatedWire(T0, 1_000_000L);
        InstanceSpec.Builder base = InstanceSpec.builder("VI_3", 7)
                .version(3)
                .advertIntervalCentis(10)
                .vips(VIPS);
        w.add("a", base.priority(150).primaryAddress(LB1).build());
        w.add("b", base.priority(120).primaryAddress(LB2).build());
        w.add("c", base.priority(90).primaryAddress(LB3).build());
        for (String r : List.of("a", "b", "c")) {
            w.at(T0, r, new VrrpEvent.Startup());
        }
        w.runUntil(T0 + 5 * SEC);
        assertEquals(Set.of("a"), w.vipHolders());
        long crash = T0 + 5 * SEC;
        w.unplug("a");
        w.runUntil(crash + 5 * SEC);
        long last = w.lastAdvertBefore("a", crash) + 1_000_000L; // heard one latency later
        assertEquals(List.of(last + mdi(120, SEC / 10)), w.entered("b", VrrpState.MASTER));
        assertEquals(List.of(), w.entered("c", VrrpState.MASTER));
        assertEquals(Set.of("b"), w.vipHolders());
    }

    @Test
    void equalPrioritiesResolveToTheHigherAddress() {
        SimulatedWire w = new SimulatedWire(T0, 0);
        InstanceSpec.Builder base =
                InstanceSpec.builder("VI_1", 51).priority(100).vips(VIPS);
        w.add("low", base.primaryAddress(LB1).build());
        w.add("high", base.primaryAddress(LB2).build());
        // both claim mastership at the same instant (same priority, same timers)
        w.at(T0, "low", new VrrpEvent.Startup());
        w.at(T0, "high", new VrrpEvent.Startup());
        w.runUntil(T0 + 10 * SEC);
        assertEquals(VrrpState.MASTER, w.router("high").state());
        assertEquals(VrrpState.BACKUP, w.router("low").state());
        assertEquals(Set.of("high"), w.vipHolders());
    }

    @Test
    void wrongPasswordIsDroppedAndCountedSoBothBecomeMaster() {
        SimulatedWire w = new SimulatedWire(T0, 0);
        w.add("lb1", spec(LB1, 101).build());
        w.add("lb2", spec(LB2, 100).authPass("other").build());
        w.at(T0, "lb1", new VrrpEvent.Startup());
        w.at(T0, "lb2", new VrrpEvent.Startup());
        w.runUntil(T0 + 10 * SEC);
        assertEquals(Set.of("lb1", "lb2"), w.vipHolders());
        assertTrue(w.router("lb2").drops.dropped(DropReason.AUTH_FAILURE) > 0);
    }
}
