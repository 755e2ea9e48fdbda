package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.Neighbour;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.fsm.Timers;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.watch.WireCapture;
import dev.hapair.vrrp.watch.WireFrame;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VRRPv3 over IPv6 in namespaces: a hapair pair fails over within Master_Down_Interval and a client's IPv6
 * neighbour entry for the VIP moves to the new master's MAC by its unsolicited neighbour advertisement (the
 * client sends nothing meanwhile, so nothing else could move it); and hapair against the real keepalived 2.2.7
 * (Debian) both ways: each elects correctly as master and as backup and takes over when the other is killed.
 * An observer captures the segment to check our adverts (ff02::12 from the link-local address, hop limit 255,
 * traffic class 0xc0, the pseudo-header checksum) and NAs on the wire.
 */
class VrrpIpv6IT {
    static final String VIP = "fd00:213:66::100";
    static final String CLIENT = "fd00:213:66::50";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A loaded 2-core CI runner, and keepalived's own timers. */
    static final Duration SLACK = Duration.ofMillis(800);

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host client;
    static Host obs;
    static Inet6Address ll1;
    static Inet6Address ll2;
    static final Takeovers FIGURES = new Takeovers("vrrp ipv6");

    @TempDir
    Path dir;

    final Routers routers = new Routers(() -> dir);

    @BeforeAll
    static void network() {
        Prerequisites.assumeCommands("keepalived");
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.66.11/24");
        lb2 = net.add("lb2", "10.213.66.12/24");
        client = net.add("client", "10.213.66.50/24");
        obs = net.add("obs", "10.213.66.60/24");
        client.exec("ip", "-6", "addr", "add", CLIENT + "/64", "dev", "eth0", "nodad");
        // the daemons send from the link-local address once duplicate address detection is done with it
        ll1 = VrrpIpv6WatchIT.linkLocal(lb1);
        ll2 = VrrpIpv6WatchIT.linkLocal(lb2);
        VrrpIpv6WatchIT.linkLocal(client);
        VrrpIpv6WatchIT.linkLocal(obs);
    }

    @AfterEach
    void stopAll() {
        routers.stopAll(VIP + "/64", lb1, lb2);
    }

    @AfterAll
    static void teardown() {
        FIGURES.print();
        Segment.close(net);
    }

    /** Read by both daemons: the IPv6 VIP makes the instance VRRPv3 over IPv6. */
    static String config(String routerId, String state, int priority) {
        return config(routerId, state, priority, "");
    }

    /** {@code globals}: more global_defs lines (hapair's metrics_listen is not a keepalived keyword). */
    static String config(String routerId, String state, int priority, String globals) {
        return "global_defs {\n    router_id " + routerId + "\n    vrrp_version 3\n" + globals + "}\n"
                + "vrrp_instance VI_6 {\n"
                + "    state " + state + "\n"
                + "    interface eth0\n"
                + "    virtual_router_id 66\n"
                + "    priority " + priority + "\n"
                + "    advert_int 1\n"
                + "    virtual_ipaddress {\n        " + VIP + "/64 dev eth0\n    }\n"
                + "}\n";
    }

    VrrpNode ours(Host h, String subdir, String config) throws IOException {
        return routers.ours(h, subdir, config);
    }

    KeepalivedNode keepalived(Host h, String config) {
        return routers.keepalived(h, config);
    }

    static List<String> holders() {
        return Takeovers.holders(VIP, lb1, lb2, client, obs);
    }

    static Optional<String> clientsEntryForVip() {
        return client.neighbour(VIP).map(Neighbour::mac);
    }

    /**
     * The client reaches the VIP: a TCP connection to a closed port is refused by whoever holds it (the client has
     * no ping). Tried for a few seconds: the first try also resolves the VIP's link-layer address.
     */
    static void reach(String what) {
        Wait.until("client reaches " + what, Duration.ofSeconds(10), () -> client.exec(
                        Duration.ofSeconds(5),
                        "timeout",
                        "3",
                        "socat",
                        "-T1",
                        "-",
                        "TCP6:[" + VIP + "]:9,connect-timeout=1")
                .stderr()
                .contains("Connection refused"));
    }

    /** A daemon of ours that follows {@code master} as BACKUP (its SIGUSR1 dump). */
    static boolean follows(VrrpNode n, Inet6Address master) {
        String d = n.dump();
        return d.contains("\"state\":\"BACKUP\"") && d.contains("\"master\":\"" + master.getHostAddress() + "\"");
    }

    @Test
    void aHapairPairFailsOverWithinMasterDownIntervalAndTheClientFollowsByNeighbourAdvertisement() throws IOException {
        try (WireCapture wire = WireCapture.start(obs.namespace(), "eth0")) {
            VrrpNode one = ours(lb1, "lb1", config("lb1", "MASTER", 150)).start();
            Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
            VrrpNode two = ours(lb2, "lb2", config("lb2", "BACKUP", 100)).start();
            Wait.until("lb2 follows lb1", Duration.ofSeconds(10), () -> follows(two, ll1));
            sleep(Timers.masterDownInterval(100, INTERVAL).plus(SLACK));
            assertEquals(List.of("lb1"), holders(), "the higher priority holds the VIP alone\n" + two.output());

            // the client talks to the VIP: its neighbour entry is lb1's MAC
            reach("the VIP on lb1");
            assertEquals(Optional.of(lb1.mac()), clientsEntryForVip());

            long t0 = System.nanoTime();
            one.kill9(); // a crash: no priority 0, lb2 waits its whole Master_Down_Interval
            FIGURES.measure(
                    t0,
                    Timers.masterDownInterval(100, INTERVAL).plus(SLACK),
                    "kill -9 of lb1 (150) -> IPv6 VIP on lb2 (100)",
                    () -> lb2.hasAddress("eth0", VIP),
                    two::output);
            // the client sent nothing since: only lb2's unsolicited NA (Override) can have moved its entry
            FIGURES.measure(
                    t0,
                    Timers.masterDownInterval(100, INTERVAL).plus(SLACK),
                    "kill -9 of lb1 -> client's neighbour entry for the VIP on lb2's MAC",
                    () -> clientsEntryForVip().equals(Optional.of(lb2.mac())),
                    () -> client.neighbours().toString());
            assertEquals(0, one.release().exitCode(), "--release removes the IPv6 VIP the crash left on lb1");
            assertEquals(List.of("lb2"), holders());
            reach("the VIP on lb2");
            assertEquals(Optional.of(lb2.mac()), clientsEntryForVip());
            assertOurWire(wire.stop(), List.of(ll1, ll2));
        }
    }

    /** Our adverts are RFC 5798 IPv6 adverts, and our NAs are the golden-tested frames from each master's MAC. */
    static void assertOurWire(WireCapture.Frames frames, List<Inet6Address> sources) {
        assertEquals(
                List.of(),
                frames.undecoded().stream().filter(u -> u.reason() != null).toList(),
                "every VRRP packet decodes (pseudo-header checksum verified)");
        assertEquals(List.of(), frames.adverts(), "no IPv4 adverts from an IPv6 instance");
        Vrrp6Codec codec = new Vrrp6Codec();
        for (Inet6Address source : sources) {
            List<WireFrame.Advert6> from = frames.adverts6().stream()
                    .filter(a -> a.ip().source().equals(source))
                    .toList();
            assertFalse(from.isEmpty(), "adverts from " + source.getHostAddress());
            for (WireFrame.Advert6 a : from) {
                assertEquals(66, a.advert().vrid());
                assertEquals(100, a.advert().advertIntervalCentis());
                assertEquals(List.of(Ipv6Header.parse(VIP)), a.advert().addresses());
                assertEquals(Ipv6Header.VRRP_MULTICAST, a.ip().destination());
                assertEquals(Ipv6Header.VRRP_HOP_LIMIT, a.ip().hopLimit());
                assertEquals(Ipv6Header.VRRP_TRAFFIC_CLASS, a.ip().trafficClass());
                assertEquals(MacAddress.parse("33:33:00:00:00:12"), a.destinationMac());
                byte[] b = a.bytes();
                byte[] wire = Arrays.copyOfRange(b, 14 + Ipv6Header.LENGTH, 14 + Ipv6Header.LENGTH + 8 + 16);
                byte[] encoded = codec.encode(a.advert().withoutChecksum(), source, a.ip().destination());
                assertEquals(HexFormat.of().formatHex(encoded), HexFormat.of().formatHex(wire), a.toString());
            }
        }
    }

    static void assertNeighbourAdvertsFrom(WireCapture.Frames frames, Host h) {
        MacAddress mac = MacAddress.parse(h.mac());
        byte[] golden = NeighbourAdvertFrames.unsolicited(mac, Ipv6Header.parse(VIP));
        List<WireFrame.Na> nas = frames.all().stream()
                .filter(f -> f instanceof WireFrame.Na)
                .map(f -> (WireFrame.Na) f)
                .filter(n -> n.na().targetMac().equals(mac))
                .toList();
        assertTrue(nas.size() >= 5, "garp_master_repeat 5 unsolicited NAs from " + h.name() + ": " + nas.size());
        for (WireFrame.Na n : nas) {
            assertEquals(
                    HexFormat.of().formatHex(golden),
                    HexFormat.of().formatHex(Arrays.copyOf(n.bytes(), golden.length)),
                    "NA bytes from " + h.name());
        }
    }

    /**
     * Another host announcing the master's IPv6 VIP moves the client's entry away; the master notices the neighbour
     * advertisement and re-announces one advert interval later, so the client comes back. The foreign NA is the
     * kernel's own: lb2 holds the address too, and with ndisc_notify set a change of its MAC makes it advertise
     * every address it has (as a short-lived second master's unsolicited NA would).
     */
    @Test
    void aForeignNeighbourAdvertisementForTheVipIsAnsweredAndTheClientComesBack() throws IOException {
        VrrpNode one = ours(lb1, "claim", config("lb1", "MASTER", 150, "    metrics_listen 9716\n"))
                .start();
        Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
        reach("the VIP on lb1");
        assertEquals(Optional.of(lb1.mac()), clientsEntryForVip());
        String lb2Mac = lb2.mac();
        String claimant = "02:00:00:66:00:02";
        lb2.sysctl("net.ipv6.conf.eth0.ndisc_notify", "1");
        lb2.exec("ip", "-6", "addr", "add", VIP + "/64", "dev", "eth0", "nodad").orThrow();
        try {
            long t0 = System.nanoTime();
            lb2.exec("ip", "link", "set", "dev", "eth0", "address", claimant).orThrow();
            boolean movedAway =
                    Wait.poll(Duration.ofSeconds(1), () -> clientsEntryForVip().equals(Optional.of(claimant)));
            FIGURES.measure(
                    t0,
                    INTERVAL.multipliedBy(2).plus(SLACK),
                    "foreign NA for the VIP -> client's entry back on the master lb1"
                            + (movedAway ? " (it had moved to the claimant)" : " (move to the claimant not seen)"),
                    () -> clientsEntryForVip().equals(Optional.of(lb1.mac())) && foreignClaimNas(metricsOf(lb1)) >= 5,
                    () -> client.neighbours() + "\n" + metricsOf(lb1) + one.output());
            assertTrue(one.output().contains("Neighbour advertisement from " + claimant), one.output());
        } finally {
            lb2.exec("ip", "-6", "addr", "del", VIP + "/64", "dev", "eth0");
            lb2.sysctl("net.ipv6.conf.eth0.ndisc_notify", "0");
            lb2.exec("ip", "link", "set", "dev", "eth0", "address", lb2Mac);
        }
    }

    /** hapair_vrrp_na_sent_total for foreign claims (-1 when absent). */
    static long foreignClaimNas(String metrics) {
        var m = java.util.regex.Pattern.compile(
                        "^hapair_vrrp_na_sent_total\\{[^}]*reason=\"foreign_claim\"\\} ([0-9]+)$",
                        java.util.regex.Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String metricsOf(Host h) {
        return h.exec(Duration.ofSeconds(10), "curl", "-sf", "http://127.0.0.1:9716/metrics")
                .stdout();
    }

    /**
     * Ours (150) is master and keepalived (100) stays backup; kill -9 ours: keepalived takes over. Ours restarts at
     * 50 and stays backup behind keepalived; kill -9 keepalived: ours takes over.
     */
    @Test
    void withKeepalivedEachElectsCorrectlyAndTakesOverWhenTheOtherIsKilled() throws IOException {
        try (WireCapture wire = WireCapture.start(obs.namespace(), "eth0")) {
            VrrpNode one = ours(lb1, "first", config("lb1", "MASTER", 150)).start();
            Wait.until("VIP on lb1 (ours)", Duration.ofSeconds(10), () -> one.holds(VIP));
            KeepalivedNode ka = keepalived(lb2, config("lb2", "BACKUP", 100)).start();
            ka.awaitState("BACKUP", Duration.ofSeconds(10));
            // had keepalived rejected our adverts it would be master after its Master_Down_Interval
            sleep(Timers.masterDownInterval(100, INTERVAL).plus(SLACK));
            assertEquals(List.of("lb1"), holders(), "ours 150 vs keepalived 100\n" + ka.output());
            assertFalse(ka.output().contains("Entering MASTER STATE"), ka.output());

            long t0 = System.nanoTime();
            one.kill9();
            FIGURES.measure(
                    t0,
                    Timers.masterDownInterval(100, INTERVAL).plus(SLACK),
                    "kill -9 of ours (150) -> IPv6 VIP on keepalived (100)",
                    () -> lb2.hasAddress("eth0", VIP),
                    ka::output);
            assertEquals(0, one.release().exitCode(), "--release after the crash");
            assertEquals(List.of("lb2"), holders());

            VrrpNode again = ours(lb1, "second", config("lb1", "BACKUP", 50)).start();
            Wait.until("ours (50) hearing keepalived as master", Duration.ofSeconds(10), () -> follows(again, ll2));
            sleep(Timers.masterDownInterval(50, INTERVAL).plus(SLACK));
            assertEquals(List.of("lb2"), holders(), "keepalived 100 vs ours 50\n" + again.output());

            t0 = ka.kill9();
            FIGURES.measure(
                    t0,
                    Timers.masterDownInterval(50, INTERVAL).plus(SLACK),
                    "kill -9 of keepalived (100) -> IPv6 VIP on ours (50)",
                    () -> lb1.hasAddress("eth0", VIP),
                    again::output);
            ka.awaitGone();
            lb2.removeAddress("eth0", VIP + "/64"); // keepalived leaves its VIP behind when killed
            assertEquals(List.of("lb1"), holders());
            sleep(Duration.ofMillis(300)); // the first NA burst of ours
            WireCapture.Frames frames = wire.stop();
            assertOurWire(frames, List.of(ll1));
            assertTrue(
                    frames.adverts6().stream().anyMatch(a -> a.ip().source().equals(ll2)),
                    "keepalived's adverts on the wire");
            assertNeighbourAdvertsFrom(frames, lb1);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
