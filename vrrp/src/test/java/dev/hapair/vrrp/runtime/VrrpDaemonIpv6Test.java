package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.os.FakeAdvertChannel;
import dev.hapair.vrrp.os.FakeInterfaces;
import dev.hapair.vrrp.os.FakeNetworkOs;
import dev.hapair.vrrp.os.Ip6Address;
import dev.hapair.vrrp.os.ReceivedPacket;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.Vrrp6Advert;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon running VRRPv3 over IPv6 on {@link FakeNetworkOs} (no root): an instance whose VIPs are IPv6 sends
 * its adverts to ff02::12 from the interface's link-local address, adds its VIPs nodad, announces them by
 * unsolicited neighbour advertisements (and a virtual_ipaddress_excluded IPv4 address by gratuitous ARP), and
 * obeys IPv6 adverts only with hop limit 255.
 */
class VrrpDaemonIpv6Test {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final Inet6Address SELF = Ipv6Header.parse("fe80::11");
    static final Inet6Address PEER = Ipv6Header.parse("fe80::12");
    static final Inet6Address VIP = Ipv6Header.parse("fd00:213::100");
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:11");

    FakeNetworkOs os;
    VrrpDaemon daemon;
    final AtomicReference<String> text = new AtomicReference<>();

    static String config(int priority) {
        return "vrrp_instance VI_6 {\n  interface eth0\n  virtual_router_id 61\n  advert_int 0.1\n"
                + "  priority " + priority + "\n"
                + "  virtual_ipaddress {\n    fd00:213::100/64\n  }\n"
                + "  virtual_ipaddress_excluded {\n    10.213.0.101/24\n  }\n}\n";
    }

    @BeforeEach
    void setUp() {
        FakeInterfaces interfaces = new FakeInterfaces()
                .add("eth0", 2, MAC.toString(), "10.213.0.11/24")
                .linkLocal("eth0", "fe80::11");
        os = new FakeNetworkOs(interfaces, "eth0");
        text.set(config(101));
        daemon = daemon(os);
    }

    /** A daemon on {@code os} reading {@link #text}. */
    VrrpDaemon daemon(FakeNetworkOs on) {
        return new VrrpDaemon(
                new ConfigSource() {
                    @Override
                    public dev.hapair.vrrp.config.ConfigResult load() {
                        return dev.hapair.vrrp.config.KeepalivedConfigParser.parse(text.get(), "test.conf");
                    }

                    @Override
                    public String describe() {
                        return "test.conf";
                    }
                },
                on);
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    FakeAdvertChannel channel() {
        return os.channels("eth0").get(0);
    }

    List<Vrrp6Advert> sentAdverts() {
        Vrrp6Codec codec = new Vrrp6Codec();
        return channel().sent().stream()
                .map(s -> {
                    assertEquals(Ipv6Header.VRRP_MULTICAST, s.destination(), "IPv6 adverts go to ff02::12");
                    var r = codec.decodeMessage(s.vrrpPayload(), SELF, Ipv6Header.VRRP_MULTICAST);
                    return ((Vrrp6DecodeResult.Accepted) r).advert();
                })
                .toList();
    }

    boolean holdsVip() {
        return os.addresses().addresses6("eth0").stream()
                .anyMatch(a -> a.address().equals(VIP));
    }

    static byte[] advertFrom(Inet6Address source, int priority, int hopLimit) {
        byte[] msg = new Vrrp6Codec()
                .encode(Vrrp6Advert.of(61, priority, 10, List.of(VIP)), source, Ipv6Header.VRRP_MULTICAST);
        byte[] ip = new Ipv6Header(0xc0, 0, msg.length, 112, hopLimit, source, Ipv6Header.VRRP_MULTICAST).encode();
        byte[] out = new byte[ip.length + msg.length];
        System.arraycopy(ip, 0, out, 0, ip.length);
        System.arraycopy(msg, 0, out, ip.length, msg.length);
        return out;
    }

    @Test
    void aloneItBecomesMasterAddsTheVipNodadAdvertisesOverIpv6AndSendsNeighbourAdvertisements() throws Exception {
        daemon.start();
        assertEquals("BACKUP", daemon.states().get("VI_6"));
        Wait.until("master", WAIT, () -> "MASTER".equals(daemon.states().get("VI_6")));
        assertEquals(List.of(new Ip6Address("eth0", VIP, 64)), os.addresses().addresses6("eth0"));
        assertTrue(
                os.addresses().addresses("eth0").stream()
                        .anyMatch(a -> a.address().equals(Ipv4Addresses.parse("10.213.0.101"))),
                "the excluded IPv4 address is held too");
        Wait.until("adverts", WAIT, () -> sentAdverts().size() >= 3);
        Vrrp6Advert a = sentAdverts().get(0);
        assertEquals(61, a.vrid());
        assertEquals(101, a.priority());
        assertEquals(10, a.advertIntervalCentis());
        assertEquals(List.of(VIP), a.addresses());
        List<byte[]> frames = os.frameSenders("eth0").get(0).frames();
        List<byte[]> nas = frames.stream()
                .filter(f -> NeighbourAdvertFrames.parse(f).isPresent())
                .toList();
        List<byte[]> garps =
                frames.stream().filter(f -> GarpFrames.parse(f).isPresent()).toList();
        // garp_master_repeat 5 applies to both: 5 NAs for the IPv6 VIP, 5 GARPs for the excluded IPv4 address
        // (a loaded machine may add whole stall bursts, never partial ones)
        assertTrue(nas.size() >= 5 && nas.size() % 5 == 0, "unsolicited NAs: " + nas.size());
        assertEquals(nas.size(), garps.size(), "as many GARPs as NAs");
        assertEquals(
                java.util.HexFormat.of().formatHex(NeighbourAdvertFrames.unsolicited(MAC, VIP)),
                java.util.HexFormat.of().formatHex(nas.get(0)),
                "the golden-tested NA frame for the VIP from our MAC");
        String metrics = daemon.metricsText();
        assertTrue(
                metrics.contains(
                        "hapair_vrrp_na_sent_total{instance=\"VI_6\",vrid=\"61\",interface=\"eth0\",reason=\"became_master\"} "),
                metrics);
    }

    @Test
    void aHigherPriorityPeerKeepsItBackupButOnlyWithHopLimit255() throws Exception {
        daemon.start();
        for (int i = 0; i < 15; i++) {
            channel().inject(new ReceivedPacket(advertFrom(PEER, 200, 255), PEER, "eth0"));
            Thread.sleep(40);
        }
        assertEquals("BACKUP", daemon.states().get("VI_6"));
        assertFalse(holdsVip());
        assertEquals(PEER.getHostAddress(), daemon.snapshot().instances().get(0).master());
        // the same advert with hop limit 254 (it crossed a router) is dropped: the master is then down
        for (int i = 0; i < 15; i++) {
            channel().inject(new ReceivedPacket(advertFrom(PEER, 200, 254), PEER, "eth0"));
            Thread.sleep(40);
        }
        Wait.until("master after adverts with hop limit 254 only", WAIT, this::holdsVip);
        assertTrue(daemon.metricsText().contains("reason=\"bad_ttl\"}"), daemon.metricsText());
    }

    @Test
    void aLowerPriorityAdvertMakesTheMasterAdvertiseAndReannounceByNeighbourAdvertisement() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        Wait.until("first burst", WAIT, () -> daemon.metricsText().contains("reason=\"became_master\"} 5\n"));
        channel().inject(new ReceivedPacket(advertFrom(PEER, 50, 255), PEER, "eth0"));
        Wait.until(
                "NA burst for the lower-priority advert",
                WAIT,
                () -> daemon.metricsText()
                        .contains(
                                "hapair_vrrp_na_sent_total{instance=\"VI_6\",vrid=\"61\",interface=\"eth0\",reason=\"lower_priority_advert\"} 5\n"));
        assertEquals("MASTER", daemon.states().get("VI_6"));
    }

    @Test
    void anotherHostAdvertisingTheIpv6VipMakesTheMasterReannounceAndItsOwnNasDoNot() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        var naRx = os.neighbourAdvertReceivers("eth0");
        assertEquals(1, naRx.size(), "one NA receiver on the IPv6 VIP's interface");
        assertEquals(1, os.arpReceivers("eth0").size(), "and one ARP receiver for the excluded IPv4 address");
        Wait.until("first burst", WAIT, () -> daemon.metricsText().contains("reason=\"became_master\"} 5\n"));
        naRx.get(0).deliver(NeighbourAdvertFrames.unsolicited(MAC, VIP)); // our own, looped back: no claim
        byte[] foreign = NeighbourAdvertFrames.unsolicited(MacAddress.parse("02:00:00:00:00:12"), VIP);
        for (int k = 0; k < 5; k++) {
            naRx.get(0).deliver(foreign);
        }
        Wait.until("re-announce for the foreign claim", WAIT, () -> daemon.metricsText()
                .contains("hapair_vrrp_na_sent_total{instance=\"VI_6\",vrid=\"61\",interface=\"eth0\","
                        + "reason=\"foreign_claim\"} 5\n"));
        Thread.sleep(300);
        assertTrue(
                daemon.metricsText()
                        .contains("hapair_vrrp_na_sent_total{instance=\"VI_6\",vrid=\"61\",interface=\"eth0\","
                                + "reason=\"foreign_claim\"} 5\n"),
                "one burst for the whole foreign burst, none for our own NA:\n" + daemon.metricsText());
        daemon.stop();
        assertTrue(naRx.get(0).closed(), "the NA receiver closes with the last instance");
    }

    @Test
    void stopRemovesTheIpv6VipAndSendsPriorityZero() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        daemon.stop();
        assertFalse(holdsVip());
        List<Vrrp6Advert> sent = sentAdverts();
        assertEquals(0, sent.get(sent.size() - 1).priority(), "priority 0 on stop");
    }

    @Test
    void withoutAUsableLinkLocalAddressYetTheInstanceStartsOnceItIsThere() throws Exception {
        FakeInterfaces interfaces = new FakeInterfaces().add("eth0", 2, MAC.toString(), "10.213.0.11/24");
        os = new FakeNetworkOs(interfaces, "eth0");
        daemon.close();
        daemon = daemon(os);
        daemon.start();
        Thread.sleep(1500);
        assertEquals(Optional.empty(), Optional.ofNullable(daemon.states().get("VI_6")), "not started");
        assertTrue(os.channels("eth0").isEmpty(), "no socket opened");
        assertTrue(daemon.reload(), "a reload meanwhile changes nothing");
        interfaces.linkLocal("eth0", "fe80::11"); // duplicate address detection done
        Wait.until("started and master", WAIT, () -> "MASTER"
                .equals(daemon.states().get("VI_6")));
        assertEquals(1, os.channels("eth0").size(), "one socket, one retry chain");
        assertTrue(holdsVip());
    }
}
