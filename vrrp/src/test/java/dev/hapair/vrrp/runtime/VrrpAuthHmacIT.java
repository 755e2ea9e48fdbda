package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.auth.AdvertAuthenticator;
import dev.hapair.vrrp.config.AuthHmac;
import dev.hapair.vrrp.os.NetworkNamespace;
import dev.hapair.vrrp.os.PacketSocketSender;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.EthernetFrame;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.PcapFile;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hapair-vrrp nodes with keepalived 2.4's {@code auth_hmac} on a namespace segment, and a third host
 * that does not hold the key. Debian's keepalived (2.2.7) predates auth_hmac, so both nodes are hapair; the
 * wire format itself is pinned by {@code TrailerGoldenTest}. In one run (daemon start-up is the slow part):
 *
 * <ol>
 *   <li>the pair elects (lb1 150 master, lb2 100 backup hearing lb1's signed adverts);
 *   <li>the third host captures lb1's adverts; lb1 stops, lb2 takes over (failover), then the captures
 *       (priority 150, which would demote lb2 if accepted) are replayed: lb2 stays master, counts REPLAY;
 *   <li>the third host sends priority-254 adverts unsigned, signed with a wrong key and with an unknown key
 *       id: nothing changes, each counted by reason; then, as the positive control that shows this IT can
 *       fail, one advert signed with the real key does demote lb2;
 *   <li>lb1 comes back and preempts (signed adverts accepted both ways);
 *   <li>key rotation: both nodes reload with key 2 active, one after the other: no transition, no flap.
 * </ol>
 */
class VrrpAuthHmacIT {
    static final String VIP = "10.213.6.100";
    static final String KEY1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String KEY2 = "a key of thirty-two or more bytes, from a file";

    static Segment net;
    static Host lb1;
    static Host lb2;
    static Host evil;

    @TempDir
    Path dir;

    @BeforeAll
    static void network() {
        net = Segment.create();
        lb1 = net.add("lb1", "10.213.6.11/24");
        lb2 = net.add("lb2", "10.213.6.12/24");
        evil = net.add("evil", "10.213.6.66/24");
    }

    @AfterAll
    static void teardown() {
        Segment.close(net);
    }

    String config(String state, int priority, int activeKey) throws Exception {
        Path key2 = dir.resolve("vrrp51_2");
        if (!Files.exists(key2)) {
            Files.writeString(key2, KEY2 + "\n", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(key2, PosixFilePermissions.fromString("rw-------"));
        }
        return "vrrp_instance VI_1 {\n    state " + state + "\n    interface eth0\n    virtual_router_id 51\n"
                + "    priority " + priority + "\n    advert_int 1\n"
                + "    auth_hmac {\n        key 1 hex:" + KEY1 + "\n        key 2 file:" + key2 + "\n"
                + "        active_key " + activeKey + "\n        time_window 30\n    }\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24 dev eth0\n    }\n}\n";
    }

    static AdvertAuthenticator signer(int keyId, byte[] key) {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(keyId, key);
        return new AdvertAuthenticator(
                new AuthHmac(keys, keyId, AuthHmac.AntiReplay.TIME, 30, AuthHmac.Mode.ENFORCE, SourceLocation.NONE),
                Clock.systemUTC(),
                1);
    }

    /** A VRRPv2 priority-254 takeover advert from the third host, signed by {@code signer} (null: unsigned). */
    static byte[] forged(AdvertAuthenticator signer) {
        VrrpAdvert adv =
                VrrpAdvert.v2(51, 254, VrrpAdvert.AUTH_NONE, new byte[8], 1, List.of(Ipv4Addresses.parse(VIP)));
        byte[] msg = VrrpHostileInputIT.CODEC.encode(adv, VrrpHostileInputIT.EVIL, Ipv4Header.VRRP_MULTICAST);
        byte[] trailer = signer == null ? new byte[0] : signer.sign(msg, 2, 51, VrrpHostileInputIT.EVIL);
        byte[] signed = Arrays.copyOf(msg, msg.length + trailer.length);
        System.arraycopy(trailer, 0, signed, msg.length, trailer.length);
        return VrrpHostileInputIT.ip(signed, 255);
    }

    static void inject(List<byte[]> frames) throws Exception {
        NetworkNamespace.call(evil.namespace(), () -> {
            try (PacketSocketSender tx = PacketSocketSender.open("eth0", EthernetFrame.ETHERTYPE_IPV4)) {
                for (byte[] f : frames) {
                    tx.send(f);
                    Thread.sleep(50);
                }
            }
            return null;
        });
    }

    static long dropped(String dump, DropReason r) {
        return VrrpHostileInputIT.drops(dump).getOrDefault(r, 0L);
    }

    static String state(VrrpNode n) {
        return VrrpHostileInputIT.group(VrrpHostileInputIT.STATE, n.dump());
    }

    @Test
    void signedPairElectsFailsOverRejectsForgeriesAndReplaysAndRotatesKeysWithoutAFlap() throws Exception {
        VrrpNode one = new VrrpNode(lb1, Files.createDirectories(dir.resolve("lb1")), config("MASTER", 150, 1));
        VrrpNode two = new VrrpNode(lb2, Files.createDirectories(dir.resolve("lb2")), config("BACKUP", 100, 1));
        HostProcess capture = null;
        try {
            // 1. election with signed adverts
            one.start();
            Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
            two.start();
            Wait.until("lb2 backup of lb1", Duration.ofSeconds(10), () -> two.dump()
                    .contains("\"master\":\"10.213.6.11\""));
            Path cap = dir.resolve("lb1.pcap");
            capture = evil.start(
                    List.of("tcpdump", "-i", "eth0", "-n", "-U", "-w", cap.toString(), "ip proto 112"),
                    dir.resolve("tcpdump.log"));
            Thread.sleep(3500);
            assertEquals("BACKUP", state(two), "lb2 accepts lb1's signed adverts");
            assertEquals(List.of("lb1"), Takeovers.holders(VIP, lb1, lb2, evil));
            capture.signal("INT");
            capture.waitFor(Duration.ofSeconds(10));
            List<byte[]> captured = new ArrayList<>();
            for (PcapFile.Record r : PcapFile.read(cap).records()) {
                byte[] f = r.data();
                // Ethernet 14 + IPv4 20: source 10.213.6.11 at 26, VRRP priority at 36, 28-byte trailer at the end
                if (f.length == 14 + 20 + 20 + 28
                        && Arrays.equals(Arrays.copyOfRange(f, 26, 30), new byte[] {10, (byte) 213, 6, 11})
                        && (f[36] & 0xff) == 150) {
                    captured.add(f);
                }
            }
            assertTrue(captured.size() >= 2, "captured lb1's signed adverts (48-byte IP packets): " + captured.size());

            // 2. failover, then the captures replayed: they would demote lb2 (150 > 100) if accepted
            assertEquals(0, one.terminate());
            Wait.until("VIP on lb2 after lb1 stopped", Duration.ofSeconds(10), () -> two.holds(VIP));
            Wait.until("lb2 master", Duration.ofSeconds(5), () -> "MASTER".equals(state(two)));
            String before = two.dump();
            try (VipWatch w = new VipWatch(VIP, lb2, lb1)) {
                inject(captured);
                Thread.sleep(4000); // a demoted lb2 would have dropped the VIP within this time
                w.close();
                assertEquals(List.of(), w.wrong(), "replayed captures moved the VIP");
            }
            String after = two.dump();
            assertEquals("MASTER", VrrpHostileInputIT.group(VrrpHostileInputIT.STATE, after));
            assertEquals(
                    captured.size(),
                    dropped(after, DropReason.AUTH_HMAC_REPLAY) - dropped(before, DropReason.AUTH_HMAC_REPLAY),
                    "every replayed capture counted as a replay: " + after);

            // 3. a host without the key, with a wrong key, with an unknown key id
            MacAddress evilMac = MacAddress.parse(evil.mac());
            byte[] wrongKey = HexFormat.of().parseHex(KEY1.replace('0', 'f'));
            List<byte[]> forgeries = List.of(
                    VrrpHostileInputIT.frame(evilMac, forged(null)),
                    VrrpHostileInputIT.frame(evilMac, forged(signer(1, wrongKey))),
                    VrrpHostileInputIT.frame(evilMac, forged(signer(9, wrongKey))));
            before = two.dump();
            try (VipWatch w = new VipWatch(VIP, lb2, lb1)) {
                for (int i = 0; i < 3; i++) {
                    inject(forgeries);
                }
                Thread.sleep(3000);
                w.close();
                assertEquals(List.of(), w.wrong(), "forged adverts moved the VIP");
            }
            after = two.dump();
            assertEquals("MASTER", VrrpHostileInputIT.group(VrrpHostileInputIT.STATE, after));
            assertEquals(
                    VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, before),
                    VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, after),
                    "no transition");
            for (DropReason r : List.of(
                    DropReason.AUTH_HMAC_MISSING, DropReason.AUTH_HMAC_BAD_HMAC, DropReason.AUTH_HMAC_UNKNOWN_KEY)) {
                assertEquals(3, dropped(after, r) - dropped(before, r), r + ": " + after);
            }
            // logged as keepalived does: once per kind, not once per advert (3 of each were sent)
            String log = two.output();
            for (String line : List.of(
                    "(VI_1) missing authentication trailer from 10.213.6.66",
                    "(VI_1) invalid authentication HMAC from 10.213.6.66",
                    "(VI_1) unknown authentication key id 9 from 10.213.6.66",
                    "(VI_1) replayed authentication trailer from 10.213.6.11")) {
                assertEquals(1, log.split(java.util.regex.Pattern.quote(line), -1).length - 1, line + " in:\n" + log);
            }
            // positive control: the same advert signed with the real key is obeyed, so the checks above can fail
            inject(List.of(VrrpHostileInputIT.frame(
                    evilMac, forged(signer(1, HexFormat.of().parseHex(KEY1))))));
            Wait.until("lb2 yields to a correctly signed 254", Duration.ofSeconds(5), () -> !two.holds(VIP));
            Wait.until(
                    "lb2 takes the VIP back when the 254 falls silent", Duration.ofSeconds(10), () -> two.holds(VIP));

            // 4. lb1 returns and preempts
            one.start();
            Wait.until("VIP back on lb1", Duration.ofSeconds(15), () -> one.holds(VIP) && !two.holds(VIP));
            Wait.until("lb2 backup of lb1 again", Duration.ofSeconds(10), () -> two.dump()
                    .contains("\"master\":\"10.213.6.11\""));

            // 5. rotation: lb1 then lb2 move to key 2 by reload, no transition and no flap
            String last1 = VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, one.dump());
            String last2 = VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, two.dump());
            long rejectedBefore = dropped(two.dump(), DropReason.AUTH_HMAC_UNKNOWN_KEY)
                    + dropped(two.dump(), DropReason.AUTH_HMAC_BAD_HMAC);
            try (VipWatch w = new VipWatch(VIP, lb1, lb2)) {
                one.writeConfig(config("MASTER", 150, 2));
                one.signal("HUP");
                Wait.until("lb1 reloaded in place", Duration.ofSeconds(10), () -> one.output()
                        .contains("auth_hmac updated in place"));
                Thread.sleep(2000);
                two.writeConfig(config("BACKUP", 100, 2));
                two.signal("HUP");
                Wait.until("lb2 reloaded in place", Duration.ofSeconds(10), () -> two.output()
                        .contains("auth_hmac updated in place"));
                Thread.sleep(4000); // lb2 would take over after 3 advert intervals if lb1's key-2 adverts failed
                w.close();
                assertEquals(List.of(), w.wrong(), "the VIP flapped during the rotation");
            }
            String d1 = one.dump();
            String d2 = two.dump();
            assertEquals(last1, VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, d1), "no transition on lb1");
            assertEquals(last2, VrrpHostileInputIT.group(VrrpHostileInputIT.LAST, d2), "no transition on lb2");
            assertEquals(
                    rejectedBefore,
                    dropped(d2, DropReason.AUTH_HMAC_UNKNOWN_KEY) + dropped(d2, DropReason.AUTH_HMAC_BAD_HMAC),
                    "no advert rejected during the rotation");
        } finally {
            if (capture != null) {
                capture.stop();
            }
            two.stop();
            one.stop();
        }
        assertFalse(lb1.hasAddress("eth0", VIP) || lb2.hasAddress("eth0", VIP), "VIPs removed at stop");
    }
}
