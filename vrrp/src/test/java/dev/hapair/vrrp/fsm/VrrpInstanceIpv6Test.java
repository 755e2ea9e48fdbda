package dev.hapair.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.fsm.VrrpAction.AddVips;
import dev.hapair.vrrp.fsm.VrrpAction.ArmTimer;
import dev.hapair.vrrp.fsm.VrrpAction.Log;
import dev.hapair.vrrp.fsm.VrrpAction.LogLevel;
import dev.hapair.vrrp.fsm.VrrpAction.Notify;
import dev.hapair.vrrp.fsm.VrrpAction.RemoveVips;
import dev.hapair.vrrp.fsm.VrrpAction.SendAdvert;
import dev.hapair.vrrp.fsm.VrrpAction.SendGarp;
import dev.hapair.vrrp.fsm.VrrpAction.StateChange;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.Vrrp6Advert;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state machine is the same for both families: an IPv6 instance (VRRPv3, link-local source, IPv6 VIPs) makes
 * the same decisions with the same timers as the IPv4 one in {@link VrrpInstanceTest}, with the link-local
 * addresses as the RFC 5798 section 6.4.3 tie-breaker, and announces every held address (IPv6 by NA, excluded
 * IPv4 by GARP: the runner tells them apart) wherever the IPv4 instance sends gratuitous ARPs.
 */
class VrrpInstanceIpv6Test {
    static final long SEC = 1_000_000_000L;
    static final long T0 = 1_000 * SEC;
    static final Inet6Address SELF = Ipv6Header.parse("fe80::b481:6ff:fed3:8f6e");
    static final Inet6Address LOWER_PEER = Ipv6Header.parse("fe80::1");
    static final Inet6Address HIGHER_PEER = Ipv6Header.parse("fe80::f000:0:0:1");
    static final Inet6Address VIP = Ipv6Header.parse("fd00:213::100");
    static final InetAddress EXCLUDED_V4 = Ipv4Addresses.parse("10.213.0.101");

    static InstanceSpec.Builder spec(int priority) {
        return InstanceSpec.builder("VI_6", 62)
                .version(3)
                .priority(priority)
                .primaryAddress(SELF)
                .vips(List.of(VIP));
    }

    static VrrpEvent.AdvertReceived advert(int priority, Inet6Address from) {
        return new VrrpEvent.AdvertReceived(Vrrp6Advert.of(62, priority, 100, List.of(VIP)), from);
    }

    static VrrpInstance started(InstanceSpec s) {
        VrrpInstance i = new VrrpInstance(s);
        i.handle(new VrrpEvent.Startup(), T0);
        return i;
    }

    static long mdi(int priority) {
        return Timers.masterDownIntervalNanos(priority, SEC);
    }

    @Test
    void backupTakesOverAfterMasterDownIntervalAndAnnouncesTheIpv6Vip() {
        VrrpInstance i = started(spec(100).build());
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100) - 1));
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100));
        assertEquals(
                List.of(
                        new StateChange(VrrpState.BACKUP, VrrpState.MASTER, "master down after 3.61 s", false),
                        new AddVips(List.of(VIP)),
                        new SendAdvert(100),
                        new SendGarp(List.of(VIP), 5, AnnounceReason.BECAME_MASTER),
                        new Notify(NotifyType.MASTER),
                        new ArmTimer(T0 + mdi(100) + SEC)),
                a);
    }

    @Test
    void anAdvertFromTheMasterResetsTheTimerAndNamesItsLinkLocalAddress() {
        VrrpInstance i = started(spec(100).build());
        i.handle(advert(150, HIGHER_PEER), T0 + SEC);
        assertEquals(HIGHER_PEER, i.currentMaster());
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100)));
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void equalPriorityIsBrokenByTheHigherLinkLocalAddress() {
        VrrpInstance master = started(spec(100).build());
        master.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100));
        assertEquals(VrrpState.MASTER, master.state());
        // the lower link-local address yields nothing: the master re-asserts and re-announces
        List<VrrpAction> a = master.handle(advert(100, LOWER_PEER), T0 + mdi(100) + SEC / 2);
        assertEquals(VrrpState.MASTER, master.state());
        assertTrue(a.contains(new SendAdvert(100)), a.toString());
        assertTrue(a.contains(new SendGarp(List.of(VIP), 5, AnnounceReason.LOWER_PRIORITY_ADVERT)), a.toString());
        // the higher one wins
        a = master.handle(advert(100, HIGHER_PEER), T0 + mdi(100) + SEC);
        assertEquals(VrrpState.BACKUP, master.state());
        assertEquals(
                new StateChange(
                        VrrpState.MASTER,
                        VrrpState.BACKUP,
                        "equal priority 100 from higher address " + HIGHER_PEER.getHostAddress(),
                        false),
                a.get(0));
        assertTrue(a.contains(new RemoveVips(List.of(VIP))), a.toString());
    }

    @Test
    void excludedAddressesOfEitherFamilyAreHeldAndAnnouncedButNotAdvertised() {
        InstanceSpec s = spec(100).excludedVips(List.of(EXCLUDED_V4)).build();
        assertEquals(List.of(VIP), s.advert6(100).addresses(), "adverts list the VIPs only");
        VrrpInstance i = started(s);
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100));
        assertTrue(a.contains(new AddVips(List.of(VIP, EXCLUDED_V4))), a.toString());
        assertTrue(a.contains(new SendGarp(List.of(VIP, EXCLUDED_V4), 5, AnnounceReason.BECAME_MASTER)), a.toString());
    }

    @Test
    void aForeignNeighbourAdvertisementClaimIsAnsweredOneIntervalLater() {
        VrrpInstance i = started(spec(100).build());
        long master = T0 + mdi(100);
        i.handle(new VrrpEvent.TimerExpired(), master);
        MacAddress other = MacAddress.parse("02:00:00:00:00:12");
        List<VrrpAction> a = i.handle(new VrrpEvent.AddressClaimed(VIP, other), master + SEC / 10);
        assertTrue(
                a.contains(new Log(
                        LogLevel.WARNING,
                        "Neighbour advertisement from 02:00:00:00:00:12 claims " + VIP.getHostAddress()
                                + ", which we hold as MASTER: re-announcing in 1.00 s")),
                a.toString());
        a = i.handle(new VrrpEvent.TimerExpired(), master + SEC / 10 + SEC);
        assertTrue(a.contains(new SendGarp(List.of(VIP), 5, AnnounceReason.FOREIGN_CLAIM)), a.toString());
    }

    @Test
    void ipv6NeedsVersion3AndOneFamilyOfVips() {
        assertThrows(IllegalArgumentException.class, () -> spec(100).version(2).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).vips(List.of(VIP, EXCLUDED_V4)).build(),
                "mixed families in virtual_ipaddress");
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).primaryAddress(Ipv4Addresses.parse("10.0.0.1")).build(),
                "IPv6 VIPs with an IPv4 source");
        assertThrows(IllegalStateException.class, () -> spec(100).build().advert(100), "no IPv4 advert");
        assertTrue(spec(100).build().ipv6());
    }

    @Test
    void tieBreakComparesAddressesAsUnsignedNumbers() {
        assertTrue(VrrpInstance.compareAddresses(HIGHER_PEER, SELF) > 0);
        assertTrue(VrrpInstance.compareAddresses(LOWER_PEER, SELF) < 0);
        assertTrue(
                VrrpInstance.compareAddresses(Ipv6Header.parse("fe80::8000:0:0:0"), Ipv6Header.parse("fe80::1")) > 0);
        assertTrue(
                VrrpInstance.compareAddresses(Ipv4Addresses.parse("10.0.0.200"), Ipv4Addresses.parse("10.0.0.3")) > 0);
    }
}
