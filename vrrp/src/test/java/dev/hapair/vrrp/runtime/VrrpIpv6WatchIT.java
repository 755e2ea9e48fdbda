package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.InterfaceAddress;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.watch.RouterRow;
import dev.hapair.vrrp.watch.WatchSnapshot;
import dev.hapair.vrrp.watch.WatchTable;
import dev.hapair.vrrp.watch.WireCapture;
import dev.hapair.vrrp.watch.WireFrame;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real keepalived (Debian 2.2.7) running VRRPv3 over IPv6 in namespaces, seen by hapair's IPv6 codec and
 * its watch table: every advert keepalived sends decodes (IPv6 pseudo-header checksum verified), our encoder
 * rebuilds the same VRRP bytes from the decoded fields, the adverts come from the link-local address to
 * ff02::12 with hop limit 255, and a takeover (the master stops: priority 0, the backup takes over) shows as
 * STOPPED and MASTER rows without a conflict, and each new master's unsolicited neighbour advertisements for the
 * VIP show as NA rows with its MAC. hapair itself does not run VRRP over IPv6 yet.
 */
class VrrpIpv6WatchIT {
    static final String VIP = "fd00:213:62::100";
    static final int VRID = 62;

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host obs;

    @TempDir
    Path dir;

    @BeforeAll
    static void network() {
        Prerequisites.assumeCommands("keepalived");
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.62.11/24");
        lb2 = net.add("lb2", "10.213.62.12/24");
        obs = net.add("obs", "10.213.62.50/24");
    }

    @AfterAll
    static void teardown() {
        Segment.close(net);
    }

    static String config(String routerId, int priority) {
        return "global_defs {\n    router_id " + routerId + "\n    vrrp_version 3\n}\n"
                + "vrrp_instance VI_6 {\n"
                + "    state BACKUP\n"
                + "    interface eth0\n"
                + "    virtual_router_id " + VRID + "\n"
                + "    priority " + priority + "\n"
                + "    advert_int 1\n"
                + "    virtual_ipaddress {\n        " + VIP + "/64 dev eth0\n    }\n"
                + "}\n";
    }

    /** The host's eth0 link-local address once duplicate address detection has finished with it. */
    static Inet6Address linkLocal(Host h) {
        Wait.until(
                h.name() + " eth0 link-local address usable",
                Duration.ofSeconds(10),
                () -> h.exec("ip", "-6", "addr", "show", "dev", "eth0", "tentative")
                                .stdout()
                                .isBlank()
                        && h.addresses("eth0").stream().anyMatch(VrrpIpv6WatchIT::isLinkLocal));
        String a = h.addresses("eth0").stream()
                .filter(VrrpIpv6WatchIT::isLinkLocal)
                .findFirst()
                .orElseThrow()
                .address();
        return Ipv6Header.parse(a);
    }

    static boolean isLinkLocal(InterfaceAddress a) {
        return "inet6".equals(a.family()) && "link".equals(a.scope());
    }

    @Test
    void keepalivedsIpv6AdvertsDecodeReencodeAndATakeoverShowsInTheWatchTable() {
        Inet6Address ll1 = linkLocal(lb1);
        Inet6Address ll2 = linkLocal(lb2);
        linkLocal(obs);
        KeepalivedNode ka1 = new KeepalivedNode(lb1, dir, config("lb1", 150));
        KeepalivedNode ka2 = new KeepalivedNode(lb2, dir, config("lb2", 100));
        WireCapture.Frames frames;
        try (WireCapture wire = WireCapture.start(obs.namespace(), "eth0")) {
            ka1.start();
            ka1.awaitState("MASTER", Duration.ofSeconds(15));
            ka2.start();
            ka2.awaitState("BACKUP", Duration.ofSeconds(10));
            Wait.until("VIP on lb1", Duration.ofSeconds(5), () -> lb1.hasAddress("eth0", VIP));
            Wait.until(
                    "three adverts from lb1 after lb2 started",
                    Duration.ofSeconds(10),
                    () -> wire.frames().adverts6().stream()
                                    .filter(a -> a.ip().source().equals(ll1))
                                    .count()
                            >= 5);
            ka1.stop(); // SIGTERM: keepalived sends priority 0 and removes its VIP
            ka2.awaitState("MASTER", Duration.ofSeconds(10));
            Wait.until(
                    "adverts from lb2",
                    Duration.ofSeconds(10),
                    () -> wire.frames().adverts6().stream()
                                    .filter(a -> a.ip().source().equals(ll2))
                                    .count()
                            >= 3);
            frames = wire.stop();
        } finally {
            ka1.stop();
            ka2.stop();
        }
        assertEquals(
                List.of(),
                frames.undecoded().stream().filter(u -> u.reason() != null).toList(),
                "every VRRP packet keepalived sent over IPv6 decodes");
        List<WireFrame.Advert6> adverts = frames.adverts6();
        assertEquals(List.of(), frames.adverts(), "no IPv4 adverts from an IPv6 instance");
        Vrrp6Codec codec = new Vrrp6Codec();
        for (WireFrame.Advert6 a : adverts) {
            assertEquals(VRID, a.advert().vrid(), a.toString());
            assertEquals(100, a.advert().advertIntervalCentis(), a.toString());
            assertEquals(List.of(Ipv6Header.parse(VIP)), a.advert().addresses(), a.toString());
            assertEquals(Ipv6Header.VRRP_MULTICAST, a.ip().destination());
            assertEquals(Ipv6Header.VRRP_HOP_LIMIT, a.ip().hopLimit());
            assertEquals(MacAddress.parse("33:33:00:00:00:12"), a.destinationMac());
            assertTrue(
                    a.ip().source().equals(ll1) || a.ip().source().equals(ll2),
                    a.ip().source().toString());
            byte[] b = a.bytes();
            byte[] theirs = Arrays.copyOfRange(b, 14 + Ipv6Header.LENGTH, 14 + Ipv6Header.LENGTH + 8 + 16);
            byte[] ours = codec.encode(a.advert().withoutChecksum(), a.ip().source(), a.ip().destination());
            assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(ours), "re-encoded " + a);
        }
        List<Integer> lb1Priorities = adverts.stream()
                .filter(a -> a.ip().source().equals(ll1))
                .map(a -> a.advert().priority())
                .distinct()
                .toList();
        assertEquals(List.of(150, 0), lb1Priorities, "lb1 advertises 150, then 0 when it stops");
        int stopAt = indexOf(adverts, ll1, 0);
        assertTrue(
                adverts.subList(stopAt, adverts.size()).stream()
                        .anyMatch(a -> a.ip().source().equals(ll2) && a.advert().priority() == 100),
                "lb2 advertises after lb1's priority 0");

        WatchTable table = new WatchTable();
        frames.all().forEach(table::observe);
        WatchSnapshot s = table.snapshot(adverts.get(adverts.size() - 1).at());
        assertEquals(List.of(), s.conflicts());
        assertEquals(2, s.routers().size(), s.routers().toString());
        RouterRow r1 = s.routers().stream()
                .filter(r -> r.source().equals(ll1))
                .findFirst()
                .orElseThrow();
        RouterRow r2 = s.routers().stream()
                .filter(r -> r.source().equals(ll2))
                .findFirst()
                .orElseThrow();
        assertEquals(RouterRow.Role.STOPPED, r1.role());
        assertEquals(RouterRow.Role.MASTER, r2.role());
        assertEquals(3, r2.version());
        assertEquals(100, r2.priority());
        // each new master announced the VIP by unsolicited neighbour advertisements from its own MAC
        for (Host h : List.of(lb1, lb2)) {
            MacAddress mac = MacAddress.parse(h.mac("eth0"));
            assertTrue(
                    s.garps().stream()
                            .anyMatch(g -> g.kind().equals("NA")
                                    && g.address().equals(Ipv6Header.parse(VIP))
                                    && g.mac().equals(mac)),
                    h.name() + " " + mac + ": " + s.garps());
        }
    }

    static int indexOf(List<WireFrame.Advert6> adverts, Inet6Address source, int priority) {
        for (int i = 0; i < adverts.size(); i++) {
            if (adverts.get(i).ip().source().equals(source)
                    && adverts.get(i).advert().priority() == priority) {
                return i;
            }
        }
        throw new AssertionError("no priority " + priority + " advert from " + source.getHostAddress());
    }
}
