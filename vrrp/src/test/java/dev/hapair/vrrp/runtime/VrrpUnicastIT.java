package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.fsm.Timers;
import dev.hapair.vrrp.os.NetworkNamespace;
import dev.hapair.vrrp.os.PacketSocketSender;
import dev.hapair.vrrp.packet.EthernetFrame;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import dev.hapair.vrrp.watch.WireCapture;
import dev.hapair.vrrp.watch.WireFrame;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unicast VRRP ({@code unicast_src_ip} + {@code unicast_peer}) between two of ours on a bridge that drops
 * multicast: an nft rule in the bridge's namespace drops 224.0.0.18 and its MAC 01:00:5e:00:00:12. They still
 * elect one master and fail over; the wire shows adverts addressed to the peer, and a multicast advert injected
 * as a control does not cross the bridge.
 */
class VrrpUnicastIT {
    static final String VIP = "10.213.5.100";
    static final String TABLE = "hapair_no_vrrp_multicast";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration SLACK = Duration.ofMillis(500);

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host obs;
    static final Takeovers FIGURES = new Takeovers("vrrp unicast");

    @TempDir
    Path dir;

    @BeforeAll
    static void network() {
        Prerequisites.assumeCommands("nft");
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.5.11/24");
        lb2 = net.add("lb2", "10.213.5.12/24");
        obs = net.add("obs", "10.213.5.50/24");
        sw("add", "table", "bridge", TABLE);
        sw("add", "chain", "bridge", TABLE, "vrrpdrop", "{ type filter hook forward priority 0; policy accept; }");
        sw("add", "rule", "bridge", TABLE, "vrrpdrop", "ether", "daddr", "01:00:5e:00:00:12", "counter", "drop");
        sw("add", "rule", "bridge", TABLE, "vrrpdrop", "ip", "daddr", "224.0.0.18", "counter", "drop");
    }

    static void sw(String... nftArgs) {
        String[] argv = new String[nftArgs.length + 1];
        argv[0] = "nft";
        System.arraycopy(nftArgs, 0, argv, 1, nftArgs.length);
        ExecResult r = net.switchExec(argv);
        assertTrue(r.ok(), "nft in the bridge namespace: " + r);
    }

    @AfterAll
    static void teardown() {
        FIGURES.print();
        Segment.close(net);
    }

    static String config(String self, String peer, int priority) {
        return "vrrp_instance VI_U {\n    state BACKUP\n    interface eth0\n    virtual_router_id 61\n"
                + "    priority " + priority + "\n    advert_int 1\n"
                + "    unicast_src_ip " + self + "\n    unicast_peer {\n        " + peer + "\n    }\n"
                + "    authentication {\n        auth_type PASS\n        auth_pass un1cast\n    }\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24 dev eth0\n    }\n}\n";
    }

    /** A valid multicast advert for another VRID, sent from obs: the bridge must drop it. */
    static void injectMulticastControl() throws Exception {
        Inet4Address src = Ipv4Addresses.parse("10.213.5.50");
        VrrpAdvert a = VrrpAdvert.v2(99, 1, VrrpAdvert.AUTH_NONE, new byte[8], 1, List.of(src));
        byte[] ip = new VrrpCodec().encodeIpv4(a, src, Ipv4Header.VRRP_MULTICAST, 7);
        byte[] frame = new EthernetFrame(
                        MacAddress.parse("01:00:5e:00:00:12"),
                        MacAddress.parse(obs.mac()),
                        EthernetFrame.ETHERTYPE_IPV4,
                        ip)
                .encode();
        NetworkNamespace.call(obs.namespace(), () -> {
            try (PacketSocketSender tx = PacketSocketSender.open("eth0", EthernetFrame.ETHERTYPE_IPV4)) {
                for (int i = 0; i < 3; i++) {
                    tx.send(frame);
                }
            }
            return null;
        });
    }

    @Test
    void unicastPeersElectOneMasterAndFailOverWhereMulticastIsDropped() throws Exception {
        VrrpNode one = new VrrpNode(
                lb1, Files.createDirectories(dir.resolve("lb1")), config("10.213.5.11", "10.213.5.12", 150));
        VrrpNode two = new VrrpNode(
                lb2, Files.createDirectories(dir.resolve("lb2")), config("10.213.5.12", "10.213.5.11", 100));
        try (WireCapture atLb2 = WireCapture.start(lb2.namespace(), "eth0")) {
            one.start();
            two.start();
            Wait.until("one master", Duration.ofSeconds(10), () -> !Takeovers.holders(VIP, lb1, lb2)
                    .isEmpty());
            // a backup that did not hear its peer would take over after Master_Down_Interval
            VrrpInteropIT.sleep(Timers.masterDownInterval(100, INTERVAL).plus(SLACK));
            assertEquals(List.of("lb1"), Takeovers.holders(VIP, lb1, lb2, obs), "priority 150 holds the VIP alone");
            assertTrue(two.dump().contains("\"master\":\"10.213.5.11\""), "lb2 hears lb1 by unicast");

            injectMulticastControl();
            VrrpInteropIT.sleep(Duration.ofMillis(300));
            WireCapture.Frames seen = atLb2.frames();
            List<WireFrame.Advert> fromLb1 = seen.advertsFrom("10.213.5.11");
            assertFalse(fromLb1.isEmpty(), "lb1's adverts reach lb2");
            for (WireFrame.Advert a : fromLb1) {
                assertEquals(Ipv4Addresses.parse("10.213.5.12"), a.ip().destination(), "unicast to the peer");
                assertEquals(MacAddress.parse(lb2.mac()), a.destinationMac());
                assertEquals(61, a.advert().vrid());
            }
            assertEquals(
                    List.of(),
                    seen.adverts().stream()
                            .filter(a -> a.ip().destination().equals(Ipv4Header.VRRP_MULTICAST))
                            .toList(),
                    "no multicast advert crosses the bridge");
            ExecResult counters = net.switchExec("nft", "list", "table", "bridge", TABLE);
            assertTrue(
                    counters.stdout().matches("(?s).*counter packets [1-9].*"), "the drop rule dropped: " + counters);

            long t0 = System.nanoTime();
            one.kill9();
            FIGURES.measure(
                    t0,
                    Timers.masterDownInterval(100, INTERVAL).plus(SLACK),
                    "unicast: kill -9 of master (150) -> VIP on backup (100)",
                    () -> lb2.hasAddress("eth0", VIP),
                    two::output);
            assertEquals(0, one.release().exitCode());
            assertEquals(List.of("lb2"), Takeovers.holders(VIP, lb1, lb2, obs));
        } finally {
            two.stop();
            one.stop();
        }
        assertEquals(List.of(), Takeovers.holders(VIP, lb1, lb2, obs), "VIPs removed");
    }
}
