package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.config.ConfigException;
import dev.hapair.vrrp.os.FakeAdvertChannel;
import dev.hapair.vrrp.os.FakeInterfaces;
import dev.hapair.vrrp.os.FakeNetworkOs;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.ReceivedPacket;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon on {@link FakeNetworkOs} (no root): VRRPv3 at 0.1 s so elections take a fraction of a second.
 * Checks what reaches the OS layer: VIPs added and removed, adverts and gratuitous ARPs sent, reload as a diff.
 */
class VrrpDaemonTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final Inet4Address VIP = Ipv4Addresses.parse("10.213.0.100");
    static final Inet4Address PEER = Ipv4Addresses.parse("10.213.0.12");
    static final IfAddress VIP_ASSIGNMENT =
            IfAddress.parse("eth0", "10.213.0.100/24").withLabel("eth0:vip");

    FakeNetworkOs os;
    VrrpDaemon daemon;
    final AtomicReference<String> text = new AtomicReference<>();

    static String config(int priority, String extra) {
        return "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  version 3\n  advert_int 0.1\n"
                + "  priority " + priority + "\n" + extra
                + "  virtual_ipaddress {\n    10.213.0.100/24 dev eth0 label eth0:vip\n  }\n}\n";
    }

    @BeforeEach
    void setUp() {
        os = new FakeNetworkOs(new FakeInterfaces().add("eth0", 2, "02:00:00:00:00:11", "10.213.0.11/24"), "eth0");
        text.set(config(101, ""));
        daemon = new VrrpDaemon(
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
                os);
    }

    @AfterEach
    void tearDown() {
        daemon.close();
    }

    FakeAdvertChannel channel() {
        return os.channels("eth0").get(0);
    }

    List<VrrpAdvert> sentAdverts() {
        VrrpCodec codec = new VrrpCodec();
        return channel().sent().stream()
                .map(s -> {
                    var r = codec.decodeMessage(
                            s.vrrpPayload(), Ipv4Addresses.parse("10.213.0.11"), (java.net.Inet4Address)
                                    s.destination());
                    return ((dev.hapair.vrrp.packet.DecodeResult.Accepted) r).advert();
                })
                .toList();
    }

    boolean holdsVip() {
        return os.addresses().addresses("eth0").stream()
                .anyMatch(a -> a.address().equals(VIP));
    }

    @Test
    void aloneItBecomesMasterAddsTheVipAdvertisesAndSendsGratuitousArp() throws Exception {
        daemon.start();
        assertEquals("BACKUP", daemon.states().get("VI_1"));
        Wait.until("master", WAIT, () -> "MASTER".equals(daemon.states().get("VI_1")));
        assertTrue(holdsVip());
        assertEquals(
                List.of(VIP_ASSIGNMENT),
                os.addresses().addresses("eth0").stream()
                        .filter(a -> a.address().equals(VIP))
                        .toList(),
                "label and prefix as configured");
        Wait.until("adverts", WAIT, () -> sentAdverts().size() >= 3);
        VrrpAdvert a = sentAdverts().get(0);
        assertEquals(3, a.version());
        assertEquals(51, a.vrid());
        assertEquals(101, a.priority());
        assertEquals(10, a.advertIntervalCentis());
        assertEquals(List.of(VIP), a.addresses());
        var frames = os.frameSenders("eth0").get(0).frames();
        // garp_master_repeat 5: one burst of 5; a loaded machine may make the 0.1 s loop late enough to count as a
        // stall, and a stalled master re-announces with another burst of 5 (VrrpInstance), never a partial one
        assertTrue(frames.size() >= 5 && frames.size() % 5 == 0, "garp_master_repeat 5 (bursts): " + frames.size());
        var arp = GarpFrames.parse(frames.get(0)).orElseThrow();
        assertEquals(VIP, arp.senderIp());
    }

    @Test
    void anotherHostAnnouncingTheVipMakesTheMasterReannounceAndItsOwnGarpsDoNot() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        var arpRx = os.arpReceivers("eth0");
        assertEquals(1, arpRx.size(), "one ARP receiver on the VIP's interface");
        var sender = os.frameSenders("eth0").get(0);
        Wait.until("first burst", WAIT, () -> sender.frames().size() >= 5);
        // our own gratuitous ARP (as if looped back) is no claim
        arpRx.get(0).deliver(sender.frames().get(0));
        // a short-lived second master's burst: 5 gratuitous ARPs from another MAC
        byte[] foreign = GarpFrames.gratuitousArp(dev.hapair.vrrp.packet.MacAddress.parse("02:00:00:00:00:12"), VIP);
        for (int k = 0; k < 5; k++) {
            arpRx.get(0).deliver(foreign);
        }
        Wait.until("re-announce for the foreign claim in the metrics", WAIT, () -> daemon.metricsText()
                .contains("reason=\"foreign_claim\"} 5\n"));
        Thread.sleep(300);
        assertTrue(
                daemon.metricsText().contains("reason=\"foreign_claim\"} 5\n"),
                "one burst for the whole foreign burst, none for our own frame:\n" + daemon.metricsText());
        daemon.stop();
        assertTrue(arpRx.get(0).closed(), "the ARP receiver closes with the last instance");
    }

    @Test
    void higherPriorityPeerKeepsItBackupAndStopSendsNothingButRemovesVips() throws Exception {
        daemon.start();
        VrrpCodec codec = new VrrpCodec();
        byte[] packet =
                codec.encodeIpv4(VrrpAdvert.v3(51, 200, 10, List.of(VIP)), PEER, Ipv4Addresses.parse("224.0.0.18"), 1);
        for (int i = 0; i < 10; i++) {
            channel().inject(new ReceivedPacket(packet, PEER, "eth0"));
            Thread.sleep(50);
        }
        assertEquals("BACKUP", daemon.states().get("VI_1"));
        assertFalse(holdsVip());
        assertTrue(daemon.snapshot().instances().get(0).master().equals("10.213.0.12"));
        daemon.stop();
        assertTrue(sentAdverts().isEmpty(), "a backup sends no priority-0 advert at stop");
    }

    @Test
    void stopOfMasterSendsPriorityZeroAndRemovesTheVip() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, () -> holdsVip());
        daemon.stop();
        List<VrrpAdvert> adverts = sentAdverts();
        assertEquals(0, adverts.get(adverts.size() - 1).priority());
        assertFalse(holdsVip());
    }

    @Test
    void reloadOfAnUnchangedInstanceKeepsStateAndVipAndABrokenFileIsRefused() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, () -> holdsVip());
        int ops = os.addresses().operations().size();
        text.set("! moved down by a comment\n" + config(101, ""));
        assertTrue(daemon.reload());
        text.set(config(101, "  bogus_keyword 1\n"));
        assertFalse(daemon.reload());
        assertEquals("MASTER", daemon.states().get("VI_1"));
        assertEquals(
                ops,
                os.addresses().operations().size(),
                "no VIP added or removed: " + os.addresses().operations());
        // a changed instance restarts (here: lower priority, back to BACKUP, VIP removed)
        text.set(config(90, ""));
        assertTrue(daemon.reload());
        assertFalse(holdsVip());
        Wait.until("master again", WAIT, () -> holdsVip());
        assertEquals(90, daemon.snapshot().instances().get(0).effectivePriority());
    }

    @Test
    void startupRemovesAVipLeftByACrashedRun() throws Exception {
        os.addresses().add(IfAddress.parse("eth0", "10.213.0.100/24"));
        text.set(config(101, "  state BACKUP\n  nopreempt\n"));
        VrrpCodec codec = new VrrpCodec();
        daemon.start();
        // the peer is master: we must not keep the leftover
        byte[] packet =
                codec.encodeIpv4(VrrpAdvert.v3(51, 100, 10, List.of(VIP)), PEER, Ipv4Addresses.parse("224.0.0.18"), 1);
        channel().inject(new ReceivedPacket(packet, PEER, "eth0"));
        assertFalse(holdsVip());
        assertTrue(
                os.addresses().operations().stream().anyMatch(o -> o.startsWith("del")),
                os.addresses().operations().toString());
    }

    @Test
    void aConfigWithErrorsDoesNotStart() {
        text.set(config(101, "  priority 300\n"));
        assertThrows(ConfigException.class, daemon::start);
    }

    @Test
    void notifyScriptsGetKeepalivedsArgumentsForInstancesAndSyncGroups(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("notify.out");
        java.nio.file.Path script = dir.resolve("notify.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + out + "\n");
        java.nio.file.Files.setAttribute(script, "unix:mode", 0755);
        String second = config(101, "  notify " + script + "\n")
                .replace("VI_1", "VI_2")
                .replace("virtual_router_id 51", "virtual_router_id 52")
                .replace("10.213.0.100", "10.213.0.101")
                .replace(" label eth0:vip", "");
        text.set(config(101, "  notify_master \"" + script + " master-only\"\n  notify " + script + "\n") + second
                + "vrrp_sync_group G {\n  group {\n    VI_1\n    VI_2\n  }\n  notify " + script + "\n}\n");
        daemon.start();
        Wait.until("notify lines", WAIT, () -> {
            try {
                String t = java.nio.file.Files.exists(out) ? java.nio.file.Files.readString(out) : "";
                return t.contains("INSTANCE VI_1 MASTER 101")
                        && t.contains("INSTANCE VI_2 MASTER 101")
                        && t.contains("master-only")
                        && t.contains("GROUP G MASTER");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertEquals("MASTER", daemon.states().get("VI_2"));
        String t = java.nio.file.Files.readString(out);
        assertTrue(t.contains("INSTANCE VI_1 BACKUP 101"), t);
        assertTrue(t.contains("GROUP G BACKUP"), t);
    }

    @Test
    void ownInterfaceDownMeansFaultWithPriorityZeroAndBackMeansElectionAgain() throws Exception {
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        os.links().setUp("eth0", false);
        Wait.until("fault", WAIT, () -> "FAULT".equals(daemon.states().get("VI_1")));
        assertFalse(holdsVip());
        List<VrrpAdvert> adverts = sentAdverts();
        assertEquals(0, adverts.get(adverts.size() - 1).priority(), "leaving master: priority 0 first");
        os.links().setUp("eth0", true);
        Wait.until("master again", WAIT, this::holdsVip);
    }

    @Test
    void trackInterfaceWithWeightLowersTheAdvertisedPriority() throws Exception {
        os = new FakeNetworkOs(
                new FakeInterfaces()
                        .add("eth0", 2, "02:00:00:00:00:11", "10.213.0.11/24")
                        .add("eth1", 3, "02:00:00:00:00:12", "10.213.1.11/24"),
                "eth0",
                "eth1");
        text.set(config(101, "  track_interface {\n    eth1 weight -50\n  }\n"));
        daemon.close();
        daemon = new VrrpDaemon(
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
                os);
        daemon.start();
        Wait.until("master", WAIT, this::holdsVip);
        os.links().setUp("eth1", false);
        Wait.until(
                "priority 51 advertised",
                WAIT,
                () -> sentAdverts().get(sentAdverts().size() - 1).priority() == 51);
        assertEquals("MASTER", daemon.states().get("VI_1"), "a weight changes priority, not state");
    }

    @Test
    void metricsShowStateTransitionsAdvertsAndReannouncesOnLoopback() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        text.set("global_defs {\n  metrics_listen " + port + "\n}\n" + config(101, ""));
        daemon.start();
        Wait.until("master", WAIT, () -> "MASTER".equals(daemon.states().get("VI_1")));
        byte[] lower = new VrrpCodec()
                .encodeIpv4(VrrpAdvert.v3(51, 100, 10, List.of(VIP)), PEER, Ipv4Addresses.parse("224.0.0.18"), 1);
        channel().inject(new ReceivedPacket(lower, PEER, "eth0"));
        Wait.until("advert counted", WAIT, () -> daemon.metricsText()
                .contains("hapair_vrrp_adverts_received_total{instance=\"VI_1\",vrid=\"51\",interface=\"eth0\"} 1\n"));
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(
                "text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").get());
        String m = response.body();
        String l = "{instance=\"VI_1\",vrid=\"51\",interface=\"eth0\"";
        for (String line : List.of(
                "hapair_vrrp_instance_state" + l + ",state=\"MASTER\"} 1",
                "hapair_vrrp_instance_state" + l + ",state=\"BACKUP\"} 0",
                "hapair_vrrp_priority_configured" + l + "} 101",
                "hapair_vrrp_priority_effective" + l + "} 101",
                "hapair_vrrp_transitions_total" + l + ",to=\"BACKUP\",cause=\"startup\"} 1",
                "hapair_vrrp_transitions_total" + l + ",to=\"MASTER\",cause=\"master_down\"} 1",
                "hapair_vrrp_garp_sent_total" + l + ",reason=\"became_master\"} 5",
                "hapair_vrrp_garp_sent_total" + l + ",reason=\"lower_priority_advert\"} 5",
                "hapair_vrrp_adverts_received_total" + l + "} 1",
                "hapair_vrrp_tracker_up{tracker=\"interface:eth0\"} 1",
                "# TYPE hapair_vrrp_timer_lateness_seconds_max gauge",
                "# TYPE hapair_vrrp_gc_pause_seconds_max gauge")) {
            assertTrue(m.contains(line + "\n"), "missing '" + line + "' in\n" + m);
        }
        assertTrue(
                m.matches("(?s).*hapair_vrrp_adverts_sent_total" + java.util.regex.Pattern.quote(l)
                        + "\\} [1-9][0-9]*\n.*"),
                m);
        assertTrue(
                m.matches("(?s).*hapair_vrrp_seconds_since_transition" + java.util.regex.Pattern.quote(l)
                        + "\\} [0-9.]+\n.*"),
                m);
        assertEquals(
                404,
                client.send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create("http://127.0.0.1:" + port + "/"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void metricsListenAddressForms() {
        assertEquals(
                new java.net.InetSocketAddress("127.0.0.1", 9650),
                dev.hapair.vrrp.config.MetricsListen.parse("9650").orElseThrow(),
                "loopback by default");
        assertEquals(
                new java.net.InetSocketAddress("10.0.0.1", 9650),
                dev.hapair.vrrp.config.MetricsListen.parse("10.0.0.1:9650").orElseThrow());
        assertEquals(
                new java.net.InetSocketAddress("::1", 9650),
                dev.hapair.vrrp.config.MetricsListen.parse("[::1]:9650").orElseThrow());
        for (String bad : List.of("0", "70000", "x:1", "::1:9650", "[::1]9650", "host.example:80", "")) {
            assertTrue(dev.hapair.vrrp.config.MetricsListen.parse(bad).isEmpty(), bad);
        }
        var r = dev.hapair.vrrp.config.KeepalivedConfigParser.parse(
                "global_defs {\n  metrics_listen nowhere\n}\n" + config(101, ""), "test.conf");
        assertTrue(
                r.diagnostics().toString().contains("test.conf:2: invalid address 'nowhere' for 'metrics_listen'"),
                r.diagnostics().toString());
    }
}
