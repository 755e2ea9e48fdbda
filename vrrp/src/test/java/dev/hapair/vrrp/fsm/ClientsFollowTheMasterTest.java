package dev.hapair.vrrp.fsm;

import static dev.hapair.vrrp.fsm.VrrpInstanceTest.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.net.Inet4Address;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The faults on a simulated segment with a client whose neighbour entry follows the gratuitous ARPs it
 * hears: after a partition heals, after one-way advert loss ends and after the master's daemon resumes from a
 * stall, the client must point at the final master within one advert interval and stay there. Every fault is
 * replayed at many phases against the advert timers, since which advert crosses first decides the outcome.
 */
class ClientsFollowTheMasterTest {
    private static final long T0 = 100 * SEC;
    private static final long INTERVAL = SEC;
    private static final Inet4Address LB1 = Ipv4Addresses.parse("10.77.0.11");
    private static final Inet4Address LB2 = Ipv4Addresses.parse("10.77.0.12");
    private static final List<Inet4Address> VIPS = List.of(Ipv4Addresses.parse("10.77.0.100"));
    private static final int PHASES = 20;

    private static InstanceSpec spec(Inet4Address self, int priority, boolean higherPrioSendAdvert) {
        return InstanceSpec.builder("VI_1", 51)
                .priority(priority)
                .primaryAddress(self)
                .vips(VIPS)
                .higherPrioSendAdvert(higherPrioSendAdvert)
                .build();
    }

    /** lb1 (101) is master and the client follows it; 1 ms one-way latency. */
    private static SimulatedWire pair(boolean higherPrioSendAdvert) {
        SimulatedWire w = new SimulatedWire(T0, 1_000_000L);
        w.add("lb1", spec(LB1, 101, higherPrioSendAdvert));
        w.add("lb2", spec(LB2, 100, higherPrioSendAdvert));
        w.at(T0, "lb1", new VrrpEvent.Startup());
        w.at(T0, "lb2", new VrrpEvent.Startup());
        w.runUntil(T0 + 10 * SEC);
        assertEquals(VrrpState.MASTER, w.router("lb1").state());
        assertEquals("lb1", w.clientEntryAt(w.now()));
        return w;
    }

    /** Final state: lb1 master alone, and the client on lb1 from one interval after the fault ended on. */
    private static void assertClientsFollowed(SimulatedWire w, long faultEnd, String what) {
        w.runUntil(faultEnd + 20 * SEC);
        assertEquals(VrrpState.MASTER, w.router("lb1").state(), what);
        assertEquals(VrrpState.BACKUP, w.router("lb2").state(), what);
        assertEquals(Set.of("lb1"), w.vipHolders(), what);
        long settled = faultEnd + INTERVAL;
        assertEquals("lb1", w.clientEntryAt(settled), what + ": client not on the master one interval after");
        for (SimulatedWire.ClientMove m : w.clientMoves) {
            if (m.time() > settled) {
                assertEquals("lb1", m.router(), what + ": client moved away from the master at " + m.time());
            }
        }
    }

    private static long phase(int k) {
        return k * INTERVAL / PHASES + 12_345L;
    }

    @Test
    void partitionHealWithHigherPrioSendAdvertFixesClientsAtEveryPhase() {
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(true);
            long start = w.now() + phase(k);
            w.runUntil(start);
            w.block("lb1", "lb2");
            w.block("lb2", "lb1");
            long heal = start + 10 * SEC + phase(k);
            w.runUntil(heal);
            assertEquals("lb2", w.clientEntryAt(heal), "the short-lived second master took the client");
            w.unblock("lb1", "lb2");
            w.unblock("lb2", "lb1");
            assertClientsFollowed(w, heal, "partition phase " + k);
        }
    }

    /**
     * keepalived's default (no higher_prio_send_advert): when the winner's advert crosses first, the loser yields
     * silently and the winner never learns there was a second master. This is why the ITs and the README set
     * higher_prio_send_advert; the test shows the rule above is what makes the difference.
     */
    @Test
    void partitionHealWithoutHigherPrioSendAdvertDependsOnWhichAdvertCrossesFirst() {
        int leftOnLoser = 0;
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(false);
            long start = w.now() + phase(k);
            w.runUntil(start);
            w.block("lb1", "lb2");
            w.block("lb2", "lb1");
            long heal = start + 10 * SEC + phase(k);
            w.runUntil(heal);
            w.unblock("lb1", "lb2");
            w.unblock("lb2", "lb1");
            w.runUntil(heal + 20 * SEC);
            assertEquals(VrrpState.MASTER, w.router("lb1").state());
            if ("lb2".equals(w.clientEntryAt(w.now()))) {
                leftOnLoser++;
            }
        }
        assertTrue(leftOnLoser > 0 && leftOnLoser < PHASES, "left on the loser in " + leftOnLoser + " phases");
    }

    @Test
    void oneWayAdvertLossFixesClientsAtEveryPhase() {
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(true);
            long start = w.now() + phase(k);
            w.runUntil(start);
            w.block("lb1", "lb2"); // lb2 no longer hears lb1, lb1 still hears lb2
            long end = start + 10 * SEC + phase(k);
            w.runUntil(end);
            assertEquals(VrrpState.MASTER, w.router("lb2").state(), "lb2 took over meanwhile");
            assertEquals("lb1", w.clientEntryAt(end), "lb1 re-announced at each of lb2's adverts");
            w.unblock("lb1", "lb2");
            assertClientsFollowed(w, end, "one-way loss phase " + k);
        }
    }

    @Test
    void oneWayAdvertLossAlsoFixesClientsWithKeepalivedDefaults() {
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(false);
            long start = w.now() + phase(k);
            w.runUntil(start);
            w.block("lb1", "lb2");
            long end = start + 10 * SEC + phase(k);
            w.runUntil(end);
            w.unblock("lb1", "lb2");
            assertClientsFollowed(w, end, "one-way loss phase " + k);
        }
    }

    @Test
    void masterStalledFiveSecondsReannouncesWhenItResumesAtEveryPhase() {
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(false);
            long start = w.now() + phase(k);
            long end = start + 5 * SEC;
            w.freeze("lb1", start, end);
            w.runUntil(end - 1);
            assertEquals(VrrpState.MASTER, w.router("lb2").state(), "lb2 took over during the stall");
            assertEquals("lb2", w.clientEntryAt(end - 1));
            assertClientsFollowed(w, end, "stall phase " + k);
            assertTrue(w.log.stream()
                    .anyMatch(l -> l.router().equals("lb1")
                            && l.action() instanceof VrrpAction.SendGarp g
                            && g.reason() == AnnounceReason.STALL));
        }
    }

    @Test
    void backupStalledFiveSecondsDoesNotTakeOverWhileTheMasterIsAlive() {
        for (int k = 0; k < PHASES; k++) {
            SimulatedWire w = pair(false);
            long start = w.now() + phase(k);
            long end = start + 5 * SEC;
            w.freeze("lb2", start, end);
            w.runUntil(end + 20 * SEC);
            assertEquals(List.of(), w.entered("lb2", VrrpState.MASTER), "stall phase " + k);
            assertEquals("lb1", w.clientEntryAt(w.now()));
        }
    }
}
