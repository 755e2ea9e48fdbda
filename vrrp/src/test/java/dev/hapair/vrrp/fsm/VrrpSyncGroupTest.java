package dev.hapair.vrrp.fsm;

import static dev.hapair.vrrp.fsm.VrrpInstanceTest.SEC;
import static dev.hapair.vrrp.fsm.VrrpInstanceTest.mdi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.Inet4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpSyncGroupTest {
    private static final long T0 = 100 * SEC;
    private static final Inet4Address SELF = Ipv4Addresses.parse("10.213.0.12");
    private static final Inet4Address PEER = Ipv4Addresses.parse("10.213.0.11");
    private static final Inet4Address VIP_EXT = Ipv4Addresses.parse("10.213.0.100");
    private static final Inet4Address VIP_INT = Ipv4Addresses.parse("10.213.1.100");

    private final VrrpInstance external = new VrrpInstance(InstanceSpec.builder("VI_EXT", 51)
            .priority(100)
            .primaryAddress(SELF)
            .vips(List.of(VIP_EXT))
            .tracks(List.of(new TrackSpec("interface:eth0", 0)))
            .build());
    private final VrrpInstance internal = new VrrpInstance(InstanceSpec.builder("VI_INT", 52)
            .priority(100)
            .primaryAddress(SELF)
            .vips(List.of(VIP_INT))
            .tracks(List.of(new TrackSpec("interface:eth1", 0)))
            .build());
    private final VrrpSyncGroup group = new VrrpSyncGroup("G1", List.of(external, internal));

    private void startBoth() {
        group.handle("VI_EXT", new VrrpEvent.Startup(), T0);
        group.handle("VI_INT", new VrrpEvent.Startup(), T0);
    }

    private static List<VrrpAction> actionsOf(List<VrrpSyncGroup.MemberActions> all, String instance) {
        return all.stream()
                .filter(m -> m.instance().equals(instance))
                .flatMap(m -> m.actions().stream())
                .toList();
    }

    @Test
    void memberBecomingMasterTakesTheOthersAlong() {
        startBoth();
        // only VI_INT hears a master; VI_EXT's master-down timer runs out first
        group.handle(
                "VI_INT",
                new VrrpEvent.AdvertReceived(VrrpAdvert.v2(52, 150, 0, new byte[8], 1, List.of(VIP_INT)), PEER),
                T0 + SEC);
        List<VrrpSyncGroup.MemberActions> out =
                group.handle("VI_EXT", new VrrpEvent.TimerExpired(), T0 + mdi(100, SEC));
        assertEquals(VrrpState.MASTER, external.state());
        assertEquals(VrrpState.MASTER, internal.state());
        List<VrrpAction> forced = actionsOf(out, "VI_INT");
        assertEquals(
                new VrrpAction.StateChange(
                        VrrpState.BACKUP, VrrpState.MASTER, "sync group G1: VI_EXT BACKUP -> MASTER", true),
                forced.get(0));
        assertTrue(forced.contains(new VrrpAction.AddVips(List.of(VIP_INT))));
        assertTrue(forced.contains(new VrrpAction.SendAdvert(100)));
    }

    @Test
    void masterSteppingDownTakesTheOthersDownWithPriorityZero() {
        startBoth();
        group.handle("VI_EXT", new VrrpEvent.TimerExpired(), T0 + mdi(100, SEC));
        assertEquals(VrrpState.MASTER, internal.state());
        List<VrrpSyncGroup.MemberActions> out = group.handle(
                "VI_EXT",
                new VrrpEvent.AdvertReceived(VrrpAdvert.v2(51, 200, 0, new byte[8], 1, List.of(VIP_EXT)), PEER),
                T0 + 10 * SEC);
        assertEquals(VrrpState.BACKUP, external.state());
        assertEquals(VrrpState.BACKUP, internal.state());
        List<VrrpAction> forced = actionsOf(out, "VI_INT");
        assertEquals(
                List.of(
                        new VrrpAction.StateChange(
                                VrrpState.MASTER, VrrpState.BACKUP, "sync group G1: VI_EXT MASTER -> BACKUP", true),
                        new VrrpAction.SendAdvert(0),
                        new VrrpAction.RemoveVips(List.of(VIP_INT)),
                        new VrrpAction.Notify(NotifyType.BACKUP),
                        new VrrpAction.ArmTimer(T0 + 10 * SEC + mdi(100, SEC))),
                forced);
    }

    @Test
    void oneMemberFaultFaultsTheGroupUntilItClears() {
        startBoth();
        group.handle("VI_EXT", new VrrpEvent.TimerExpired(), T0 + mdi(100, SEC));
        List<VrrpSyncGroup.MemberActions> out =
                group.handle("VI_EXT", new VrrpEvent.TrackChanged("interface:eth0", false), T0 + 10 * SEC);
        assertEquals(VrrpState.FAULT, external.state());
        assertEquals(VrrpState.FAULT, internal.state());
        assertTrue(group.faulted());
        List<VrrpAction> forced = actionsOf(out, "VI_INT");
        assertEquals(
                new VrrpAction.StateChange(
                        VrrpState.MASTER, VrrpState.FAULT, "sync group G1: VI_EXT has a fault", true),
                forced.get(0));
        assertEquals(new VrrpAction.SendAdvert(0), forced.get(1));

        group.handle("VI_EXT", new VrrpEvent.TrackChanged("interface:eth0", true), T0 + 20 * SEC);
        assertEquals(VrrpState.BACKUP, external.state());
        assertEquals(VrrpState.BACKUP, internal.state());
        assertFalse(group.faulted());
    }

    @Test
    void groupStaysFaultedWhileAnyMemberHasItsOwnFault() {
        startBoth();
        group.handle("VI_EXT", new VrrpEvent.TrackChanged("interface:eth0", false), T0 + SEC);
        // VI_INT, already held in FAULT by the group, loses its own interface too
        assertEquals(
                List.of(), group.handle("VI_INT", new VrrpEvent.TrackChanged("interface:eth1", false), T0 + 2 * SEC));
        group.handle("VI_EXT", new VrrpEvent.TrackChanged("interface:eth0", true), T0 + 3 * SEC);
        assertEquals(VrrpState.FAULT, external.state(), "VI_INT still has a fault");
        assertEquals(VrrpState.FAULT, internal.state());
        group.handle("VI_INT", new VrrpEvent.TrackChanged("interface:eth1", true), T0 + 4 * SEC);
        assertEquals(VrrpState.BACKUP, external.state());
        assertEquals(VrrpState.BACKUP, internal.state());
    }

    @Test
    void faultBeforeStartupStartsTheWholeGroupInFault() {
        group.handle("VI_INT", new VrrpEvent.TrackChanged("interface:eth1", false), T0);
        startBoth();
        assertEquals(VrrpState.FAULT, external.state());
        assertEquals(VrrpState.FAULT, internal.state());
    }

    @Test
    void unknownMemberIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> group.handle("nope", new VrrpEvent.Startup(), T0));
        assertThrows(IllegalArgumentException.class, () -> new VrrpSyncGroup("G", List.of(external, external)));
    }
}
