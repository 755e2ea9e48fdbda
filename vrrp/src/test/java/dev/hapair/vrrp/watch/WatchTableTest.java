package dev.hapair.vrrp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.Vrrp6Advert;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTableTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Inet4Address A = Ipv4Addresses.parse("10.0.0.11");
    static final Inet4Address B = Ipv4Addresses.parse("10.0.0.12");
    static final Inet4Address VIP = Ipv4Addresses.parse("10.0.0.100");
    static final Inet4Address VIP2 = Ipv4Addresses.parse("10.0.0.101");

    final WatchTable table = new WatchTable();

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static WireFrame.Advert advert(double t, Inet4Address src, int vrid, int prio, List<Inet4Address> vips) {
        VrrpAdvert a = VrrpAdvert.v2(vrid, prio, VrrpAdvert.AUTH_PASS, VrrpAdvert.passwordBytes("pw"), 1, vips);
        Ipv4Header ip = Ipv4Header.forVrrp(src, Ipv4Header.VRRP_MULTICAST, 0, a.encodedLength());
        MacAddress mac = new MacAddress(0x020000000000L | (Ipv4Addresses.toInt(src) & 0xff));
        return new WireFrame.Advert(at(t), mac, MacAddress.parse("01:00:5e:00:00:12"), ip, a, new byte[0]);
    }

    /** Adverts from {@code src} every second from {@code from} to {@code to} inclusive. */
    void advertise(Inet4Address src, int prio, double from, double to) {
        for (double t = from; t <= to + 1e-9; t += 1) {
            table.observe(advert(t, src, 51, prio, List.of(VIP)));
        }
    }

    @Test
    void steadyMasterIsOneRowWithItsRate() {
        advertise(A, 150, 0, 10);
        WatchSnapshot s = table.snapshot(at(10.2));
        assertEquals(1, s.routers().size());
        RouterRow r = s.routers().get(0);
        assertEquals(51, r.vrid());
        assertEquals(A, r.source());
        assertEquals(150, r.priority());
        assertEquals(2, r.version());
        assertEquals(100, r.intervalCentis());
        assertEquals(VrrpAdvert.AUTH_PASS, r.authType());
        assertEquals(List.of(VIP), r.addresses());
        assertEquals(RouterRow.Role.MASTER, r.role());
        assertEquals(11, r.adverts());
        assertEquals(1.0, r.advertsPerSecond(), 0.01);
        assertEquals(at(10), r.lastSeen());
        assertEquals(List.of(), s.conflicts());
    }

    @Test
    void silentAfterThreeIntervalsAndStoppedAfterPriorityZero() {
        advertise(A, 150, 0, 3);
        assertEquals(
                RouterRow.Role.MASTER, table.snapshot(at(5.9)).routers().get(0).role());
        RouterRow silent = table.snapshot(at(6.1)).routers().get(0);
        assertEquals(RouterRow.Role.SILENT, silent.role());
        assertEquals(0.0, silent.advertsPerSecond());
        table.observe(advert(7, A, 51, 0, List.of(VIP)));
        assertEquals(
                RouterRow.Role.STOPPED, table.snapshot(at(7.1)).routers().get(0).role());
    }

    @Test
    void takeoverAfterPriorityZeroIsNoConflict() {
        advertise(A, 150, 0, 5);
        table.observe(advert(5.5, A, 51, 0, List.of(VIP)));
        advertise(B, 100, 6.1, 15);
        for (double t = 0; t <= 16; t += 0.25) {
            assertEquals(List.of(), table.snapshot(at(t)).conflicts(), "at " + t);
        }
    }

    @Test
    void preemptionOverlapOfOneAdvertIsNoConflict() {
        advertise(B, 100, 0, 5);
        advertise(A, 150, 5.3, 15);
        table.observe(advert(5.6, B, 51, 100, List.of(VIP))); // B had not yet heard A
        for (double t = 5; t <= 16; t += 0.25) {
            assertEquals(List.of(), table.snapshot(at(t)).conflicts(), "at " + t);
        }
        WatchSnapshot end = table.snapshot(at(15.1));
        assertEquals(RouterRow.Role.MASTER, end.routers().get(0).role());
        assertEquals(RouterRow.Role.SILENT, end.routers().get(1).role());
    }

    @Test
    void twoSourcesAdvertisingTogetherAreTwoMasters() {
        advertise(A, 150, 0, 10);
        advertise(B, 100, 0.5, 1.5);
        assertEquals(List.of(), table.snapshot(at(1.6)).conflicts(), "two adverts each are not yet a conflict");
        advertise(B, 100, 2.5, 10.5);
        List<Conflict> c = table.snapshot(at(10.6)).conflicts();
        assertEquals(1, c.size(), c.toString());
        assertEquals(Conflict.Kind.TWO_MASTERS, c.get(0).kind());
        assertEquals(51, c.get(0).vrid());
        assertEquals(List.of(A, B), c.get(0).sources());
        assertEquals(List.of(), table.snapshot(at(14.0)).conflicts(), "both silent: over");
    }

    @Test
    void otherVridIsNoConflict() {
        advertise(A, 150, 0, 5);
        for (double t = 0.5; t <= 5.5; t += 1) {
            table.observe(advert(t, B, 52, 100, List.of(VIP2)));
        }
        WatchSnapshot s = table.snapshot(at(5.6));
        assertEquals(List.of(), s.conflicts());
        assertEquals(List.of(51, 52), s.routers().stream().map(RouterRow::vrid).toList());
    }

    @Test
    void differentAddressSetsForOneVridAreFlaggedEvenWhenOnlyOneAdvertises() {
        advertise(A, 150, 0, 3);
        table.observe(advert(3.5, A, 51, 0, List.of(VIP)));
        table.observe(advert(4.2, B, 51, 100, List.of(VIP, VIP2)));
        List<Conflict> c = table.snapshot(at(4.3)).conflicts();
        assertEquals(1, c.size(), c.toString());
        assertEquals(Conflict.Kind.VIP_SET_MISMATCH, c.get(0).kind());
        assertTrue(c.get(0).detail().contains("10.0.0.101"), c.get(0).detail());
    }

    @Test
    void sameAddressesInAnotherOrderAreNoConflict() {
        table.observe(advert(0, A, 51, 0, List.of(VIP, VIP2)));
        table.observe(advert(0.5, B, 51, 100, List.of(VIP2, VIP)));
        assertEquals(List.of(), table.snapshot(at(0.6)).conflicts());
    }

    @Test
    void rowsLeaveAfterTheRetention() {
        WatchTable t = new WatchTable(Duration.ofSeconds(30));
        t.observe(advert(0, A, 51, 100, List.of(VIP)));
        assertEquals(1, t.snapshot(at(29)).routers().size());
        assertEquals(0, t.snapshot(at(31)).routers().size());
    }

    @Test
    void malformedVrrpIsCountedByReasonAndGarpsBySender() {
        table.observe(new WireFrame.Undecoded(at(0), DropReason.BAD_CHECKSUM, "x", new byte[0]));
        table.observe(new WireFrame.Undecoded(at(0), DropReason.BAD_CHECKSUM, "x", new byte[0]));
        table.observe(new WireFrame.Undecoded(at(0), null, "IPv6", new byte[0]));
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0b");
        var garp =
                new dev.hapair.vrrp.packet.ArpPacket(MacAddress.BROADCAST, mac, 1, mac, VIP, MacAddress.BROADCAST, VIP);
        table.observe(new WireFrame.Arp(at(1), garp, new byte[0]));
        table.observe(new WireFrame.Arp(at(2), garp, new byte[0]));
        var request = new dev.hapair.vrrp.packet.ArpPacket(MacAddress.BROADCAST, mac, 1, mac, A, MacAddress.ZERO, B);
        table.observe(new WireFrame.Arp(at(2), request, new byte[0]));
        WatchSnapshot s = table.snapshot(at(3));
        assertEquals(java.util.Map.of(DropReason.BAD_CHECKSUM, 2L), s.malformed());
        assertEquals(List.of(new GarpRow(VIP, mac, 2, at(2))), s.garps());
        assertEquals(6, s.framesSeen());
    }

    @Test
    void keepalivedGracefulStopCaptureShowsStoppedAndNewMasterWithoutConflict() throws Exception {
        WireDecoder decoder = new WireDecoder();
        Instant last = null;
        for (CapturedFrame f : WireDecoderTest.frames("vrrp-v2-graceful-stop-prio0-garp")) {
            table.observe(decoder.decode(f));
            last = f.at();
            assertEquals(List.of(), table.snapshot(last).conflicts(), "at " + last);
        }
        WatchSnapshot s = table.snapshot(last);
        assertEquals(2, s.routers().size());
        assertEquals(RouterRow.Role.STOPPED, s.routers().get(0).role());
        assertEquals(Ipv4Addresses.parse("10.77.0.11"), s.routers().get(0).source());
        assertEquals(RouterRow.Role.MASTER, s.routers().get(1).role());
        assertEquals(102, s.routers().get(1).priority());
        assertTrue(s.garps().stream().anyMatch(g -> g.address().equals(Ipv4Addresses.parse("10.77.0.100"))));
    }

    static WireFrame.Advert6 advert6(double t, Inet6Address src, int vrid, int prio, List<Inet6Address> vips) {
        Vrrp6Advert a = Vrrp6Advert.of(vrid, prio, 100, vips);
        Ipv6Header ip = Ipv6Header.forVrrp(src, Ipv6Header.VRRP_MULTICAST, a.encodedLength());
        MacAddress mac = new MacAddress(0x020000000000L | (src.getAddress()[15] & 0xff));
        return new WireFrame.Advert6(at(t), mac, MacAddress.parse("33:33:00:00:00:12"), ip, a, new byte[0]);
    }

    @Test
    void ipv6AdvertsAreRowsOfTheirOwnAndTheirVridsAreSeparateFromIpv4() {
        Inet6Address a6 = Ipv6Header.parse("fe80::11");
        Inet6Address b6 = Ipv6Header.parse("fe80::12");
        Inet6Address vip6 = Ipv6Header.parse("fd00::100");
        for (double t = 0; t <= 10; t += 1) {
            table.observe(advert(t, A, 51, 150, List.of(VIP)));
            table.observe(advert6(t + 0.5, a6, 51, 120, List.of(vip6)));
        }
        WatchSnapshot s = table.snapshot(at(10.6));
        assertEquals(List.of(), s.conflicts(), "VRID 51 over IPv4 and over IPv6 are two different routers");
        assertEquals(2, s.routers().size());
        assertEquals(A, s.routers().get(0).source(), "IPv4 rows first");
        RouterRow r6 = s.routers().get(1);
        assertEquals(a6, r6.source());
        assertEquals(3, r6.version());
        assertEquals(120, r6.priority());
        assertEquals(List.of(vip6), r6.addresses());
        assertEquals(RouterRow.Role.MASTER, r6.role());
        assertTrue(WatchRenderer.render("eth0", s).contains("fe80:0:0:0:0:0:0:11"), WatchRenderer.render("eth0", s));

        for (double t = 11; t <= 20; t += 1) {
            table.observe(advert6(t + 0.5, a6, 51, 120, List.of(vip6)));
            table.observe(advert6(t + 0.6, b6, 51, 100, List.of(vip6)));
        }
        List<Conflict> c = table.snapshot(at(20.7)).conflicts();
        assertEquals(1, c.size(), c.toString());
        assertEquals(Conflict.Kind.TWO_MASTERS, c.get(0).kind());
        assertEquals(List.of(a6, b6), c.get(0).sources());
        assertTrue(c.get(0).detail().contains("vrid 51 (IPv6)"), c.get(0).detail());
    }

    @Test
    void unsolicitedNeighbourAdvertsAreClaimsLikeGarpsAndSolicitedOnesAreNot() {
        Inet6Address vip6 = Ipv6Header.parse("fd00::100");
        MacAddress mac = MacAddress.parse("02:00:00:00:00:11");
        byte[] f = NeighbourAdvertFrames.unsolicited(mac, vip6);
        NeighbourAdvertFrames.Advert na = NeighbourAdvertFrames.parse(f).orElseThrow();
        table.observe(new WireFrame.Na(at(1), na, true, f));
        table.observe(new WireFrame.Na(at(2), na, true, f));
        table.observe(new WireFrame.Na(at(3), na, false, f));
        table.observe(garp(VIP, mac, 4));
        WatchSnapshot s = table.snapshot(at(5));
        assertEquals(List.of(new GarpRow(VIP, mac, 1, at(4)), new GarpRow(vip6, mac, 2, at(2))), s.garps());
        String out = WatchRenderer.render("eth0", s);
        assertTrue(out.contains("NA fd00:0:0:0:0:0:0:100 is-at 02:00:00:00:00:11 x2"), out);
        assertTrue(out.contains("GARP 10.0.0.100 is-at 02:00:00:00:00:11 x1"), out);
    }

    static WireFrame.Arp garp(Inet4Address ip, MacAddress mac, double t) {
        byte[] g = GarpFrames.gratuitousArp(mac, ip);
        return new WireFrame.Arp(at(t), GarpFrames.parse(g).orElseThrow(), g);
    }
}
