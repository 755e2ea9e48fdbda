package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.os.NetworkNamespace;
import dev.hapair.vrrp.os.PacketSocketSender;
import dev.hapair.vrrp.packet.Checksums;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.EthernetFrame;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input on the segment of a running pair (ours 150 master, ours 100 backup, VRRPv2 PASS): a third host
 * injects, through an AF_PACKET socket of the os layer, adverts with TTL 64, a bad checksum, a wrong password,
 * an unknown VRID, a truncated message, and 10,000 random VRRP payloads in valid IPv4 headers. None may change
 * a state or move the VIP; each daemon counts every packet by reason in its SIGUSR1 dump (per instance
 * {@code dropped} plus per socket {@code unclaimed}). {@code hapair-vrrp watch} runs on the injecting host
 * meanwhile and must list the real master and the malformed packets.
 */
class VrrpHostileInputIT {
    static final String VIP = "10.213.6.100";
    static final int EACH = 5;
    static final int RANDOM = 10_000;
    static final Inet4Address EVIL = Ipv4Addresses.parse("10.213.6.66");

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

    static String config(String state, int priority) {
        return "vrrp_instance VI_1 {\n    state " + state + "\n    interface eth0\n    virtual_router_id 51\n"
                + "    priority " + priority + "\n    advert_int 1\n"
                + "    authentication {\n        auth_type PASS\n        auth_pass s3cret\n    }\n"
                + "    virtual_ipaddress {\n        " + VIP + "/24 dev eth0\n    }\n}\n";
    }

    // ------------------------------------------------------------------ crafted packets

    static final VrrpCodec CODEC = new VrrpCodec();

    static VrrpAdvert takeover(int vrid, String password) {
        return VrrpAdvert.v2(
                vrid,
                254,
                VrrpAdvert.AUTH_PASS,
                VrrpAdvert.passwordBytes(password),
                1,
                List.of(Ipv4Addresses.parse(VIP)));
    }

    static byte[] ip(byte[] vrrp, int ttl) {
        byte[] header = new Ipv4Header(
                        5,
                        Ipv4Header.VRRP_TOS,
                        Ipv4Header.MIN_LENGTH + vrrp.length,
                        0x4242,
                        0,
                        ttl,
                        Checksums.IPPROTO_VRRP,
                        0,
                        EVIL,
                        Ipv4Header.VRRP_MULTICAST)
                .encode();
        byte[] p = Arrays.copyOf(header, header.length + vrrp.length);
        System.arraycopy(vrrp, 0, p, header.length, vrrp.length);
        return p;
    }

    static byte[] frame(MacAddress source, byte[] ipPacket) {
        return new EthernetFrame(MacAddress.parse("01:00:5e:00:00:12"), source, EthernetFrame.ETHERTYPE_IPV4, ipPacket)
                .encode();
    }

    /** The five named kinds of bad advert, each a packet the daemon would act on if it did not check. */
    static Map<String, byte[]> namedPackets() {
        byte[] good = CODEC.encode(takeover(51, "s3cret"), EVIL, Ipv4Header.VRRP_MULTICAST);
        byte[] badSum = good.clone();
        badSum[6] ^= 0x5a;
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        m.put("ttl64", ip(good, 64));
        m.put("badChecksum", ip(badSum, 255));
        m.put("wrongPassword", ip(CODEC.encode(takeover(51, "guess"), EVIL, Ipv4Header.VRRP_MULTICAST), 255));
        m.put("unknownVrid", ip(CODEC.encode(takeover(99, "s3cret"), EVIL, Ipv4Header.VRRP_MULTICAST), 255));
        m.put("truncated", ip(Arrays.copyOf(good, 6), 255));
        return m;
    }

    static List<byte[]> randomPackets() {
        Random rnd = new Random(0x4a11);
        List<byte[]> out = new ArrayList<>(RANDOM);
        for (int i = 0; i < RANDOM; i++) {
            byte[] payload = new byte[rnd.nextInt(61)];
            rnd.nextBytes(payload);
            out.add(ip(payload, 255));
        }
        return out;
    }

    /** What a daemon running vrid 51 must count for the random packets: the codec's verdicts, VRID otherwise. */
    static Map<DropReason, Long> expectedForRandom(List<byte[]> packets) {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (byte[] p : packets) {
            DecodeResult r = CODEC.decodeIpv4(p);
            DropReason reason = r instanceof DecodeResult.Dropped d
                    ? d.reason()
                    : ((DecodeResult.Accepted) r).advert().vrid() == 51 ? null : DropReason.VRID_MISMATCH;
            assertTrue(reason != null, "the seed produced a random advert for vrid 51; pick another seed");
            m.merge(reason, 1L, Long::sum);
        }
        return m;
    }

    // ------------------------------------------------------------------ dump reading

    static final Pattern DROPPED = Pattern.compile("\"dropped\":\\{([^}]*)\\}");
    static final Pattern UNCLAIMED = Pattern.compile("\"unclaimed\":\\{(.*)\\}\\}\\s*$", Pattern.DOTALL);
    static final Pattern COUNTER = Pattern.compile("\"([A-Z_]+)\":(\\d+)");
    static final Pattern STATE = Pattern.compile("\"state\":\"([A-Z]+)\",\"priority\"");
    static final Pattern LAST = Pattern.compile("\"last_transition\":(\\{[^}]*\\}|null)");

    /** Every drop counter of the dump, instance and socket counters added up by reason. */
    static Map<DropReason, Long> drops(String dump) {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        List<String> parts = new ArrayList<>();
        Matcher d = DROPPED.matcher(dump);
        while (d.find()) {
            parts.add(d.group(1));
        }
        Matcher u = UNCLAIMED.matcher(dump);
        if (u.find()) {
            parts.add(u.group(1));
        }
        for (String part : parts) {
            Matcher c = COUNTER.matcher(part);
            while (c.find()) {
                m.merge(DropReason.valueOf(c.group(1)), Long.parseLong(c.group(2)), Long::sum);
            }
        }
        return m;
    }

    static Map<DropReason, Long> delta(Map<DropReason, Long> after, Map<DropReason, Long> before) {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                m.put(k, d);
            }
        });
        return m;
    }

    static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        assertTrue(m.find(), p + " in " + s);
        return m.group(1);
    }

    /**
     * Every packet is either counted by the daemon under the reason the codec gives for it, or was dropped by
     * the kernel before the daemon could read it (a full receive buffer, shown in /proc/net/raw): the named
     * packets, sent slowly first, are all counted exactly; of the random ones, each reason's count is at most
     * the expected one and the shortfall is the kernel's drops.
     */
    static void assertCounted(
            Map<DropReason, Long> expected,
            Map<DropReason, Long> got,
            long kernelDrops,
            String who,
            double sendSeconds) {
        long want = expected.values().stream().mapToLong(Long::longValue).sum();
        long counted = got.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "[vrrp hostile] %s: %d packets sent in %.2f s, %d counted by reason, %d dropped by the"
                        + " kernel (receive buffer): %s%n",
                who, want, sendSeconds, counted, kernelDrops, got);
        for (DropReason r : List.of(DropReason.BAD_TTL, DropReason.BAD_CHECKSUM, DropReason.AUTH_FAILURE)) {
            assertEquals(expected.get(r), got.get(r), who + " " + r + ": " + got);
        }
        assertTrue(got.getOrDefault(DropReason.VRID_MISMATCH, 0L) >= EACH, who + " unknown VRID: " + got);
        assertTrue(got.getOrDefault(DropReason.TRUNCATED_VRRP, 0L) >= EACH, who + " truncated: " + got);
        for (Map.Entry<DropReason, Long> e : got.entrySet()) {
            assertTrue(
                    e.getValue() <= expected.getOrDefault(e.getKey(), 0L),
                    who + " counted " + e + " but only " + expected.get(e.getKey()) + " were sent: " + got);
        }
        assertEquals(want, counted + kernelDrops, who + ": counted + kernel drops = sent; " + got);
        assertTrue(counted >= want * 9 / 10, who + " counted at least 90%: " + counted + " of " + want);
    }

    /** Sum of the drops column of /proc/net/raw for IPPROTO_VRRP sockets, inside {@code host}. */
    static long rawSocketDrops(Host host) {
        String table = host.exec("cat", "/proc/net/raw").orThrow().stdout();
        long sum = 0;
        for (String line : table.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 13 && f[1].toUpperCase(java.util.Locale.ROOT).endsWith(":0070")) {
                sum += Long.parseLong(f[f.length - 1]);
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ test

    @Test
    void injectedGarbageChangesNoStateAndIsCountedByReason() throws Exception {
        VrrpNode one = new VrrpNode(lb1, Files.createDirectories(dir.resolve("lb1")), config("MASTER", 150));
        VrrpNode two = new VrrpNode(lb2, Files.createDirectories(dir.resolve("lb2")), config("BACKUP", 100));
        HostProcess watch = null;
        try {
            one.start();
            Wait.until("VIP on lb1", Duration.ofSeconds(10), () -> one.holds(VIP));
            two.start();
            Wait.until("lb2 backup of lb1", Duration.ofSeconds(5), () -> two.dump()
                    .contains("\"master\":\"10.213.6.11\""));
            String before1 = one.dump();
            String before2 = two.dump();
            long kernelBefore1 = rawSocketDrops(lb1);
            long kernelBefore2 = rawSocketDrops(lb2);

            watch = evil.start(VrrpNode.command("watch", "-i", "eth0", "-t", "8"), dir.resolve("watch.log"));
            watch.awaitOutput("listening on eth0", Duration.ofSeconds(20));

            VipWatch monitor = new VipWatch(VIP, lb1, lb2);

            Map<String, byte[]> named = namedPackets();
            List<byte[]> random = randomPackets();
            MacAddress evilMac = MacAddress.parse(evil.mac());
            long t0 = System.nanoTime();
            NetworkNamespace.call(evil.namespace(), () -> {
                try (PacketSocketSender tx = PacketSocketSender.open("eth0", EthernetFrame.ETHERTYPE_IPV4)) {
                    for (int i = 0; i < EACH; i++) {
                        for (byte[] p : named.values()) {
                            tx.send(frame(evilMac, p));
                        }
                        Thread.sleep(20);
                    }
                    int n = 0;
                    for (byte[] p : random) {
                        tx.send(frame(evilMac, p));
                        if (++n % 10 == 0) {
                            Thread.sleep(3); // a few thousand packets/s, so receive buffers seldom overflow
                        }
                    }
                }
                return null;
            });
            double sendSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1500); // let the receivers drain, and give a wrongly accepted advert time to act
            monitor.close();

            Map<DropReason, Long> expected = new EnumMap<>(expectedForRandom(random));
            expected.merge(DropReason.BAD_TTL, (long) EACH, Long::sum);
            expected.merge(DropReason.BAD_CHECKSUM, (long) EACH, Long::sum);
            expected.merge(DropReason.AUTH_FAILURE, (long) EACH, Long::sum);
            expected.merge(DropReason.VRID_MISMATCH, (long) EACH, Long::sum);
            expected.merge(DropReason.TRUNCATED_VRRP, (long) EACH, Long::sum);

            String after1 = one.dump();
            String after2 = two.dump();
            assertCounted(
                    expected,
                    delta(drops(after1), drops(before1)),
                    rawSocketDrops(lb1) - kernelBefore1,
                    "lb1 (master)",
                    sendSeconds);
            assertCounted(
                    expected,
                    delta(drops(after2), drops(before2)),
                    rawSocketDrops(lb2) - kernelBefore2,
                    "lb2 (backup)",
                    sendSeconds);

            for (String[] d : new String[][] {{"lb1", after1}, {"lb2", after2}}) {
                String loop = d[1].substring(d[1].indexOf("\"loop\":"));
                System.out.println("[vrrp hostile] " + d[0] + " under the flood: " + loop);
                java.util.regex.Matcher gc = java.util.regex.Pattern.compile("\"worst_gc_pause_seconds\":([0-9.]+)")
                        .matcher(loop);
                // The pause is wall-clock time inside the collection, so on a starved CI host it includes time the
                // JVM was not scheduled (a CI run saw one 0.28 s young collection beside a 1.95 s timer lateness).
                // What matters for VRRP is that no pause reaches the advert interval; the figure itself is printed.
                assertTrue(
                        gc.find() && Double.parseDouble(gc.group(1)) < 1.0,
                        "GC pauses below the 1 s advert interval: " + loop);
            }
            assertEquals(List.of(), monitor.wrong(), "VIP flapped");
            assertEquals("MASTER", group(STATE, after1));
            assertEquals("BACKUP", group(STATE, after2));
            assertEquals(group(LAST, before1), group(LAST, after1), "lb1's last transition is the one before");
            assertEquals(group(LAST, before2), group(LAST, after2), "lb2's last transition is the one before");
            assertTrue(after2.contains("\"master\":\"10.213.6.11\""), after2);
            assertEquals(List.of("lb1"), Takeovers.holders(VIP, lb1, lb2, evil));

            assertEquals(0, watch.waitFor(Duration.ofSeconds(20)).orElse(-1), watch.output());
            String w = watch.output();
            System.out.println("[vrrp hostile] watch on the segment:\n" + w);
            assertTrue(
                    Pattern.compile(
                                    "(?m)^\\s+51\\s+10\\.213\\.6\\.11\\s+\\S+\\s+v2\\s+150\\s+1\\.00s\\s+PASS\\s+MASTER\\s")
                            .matcher(w)
                            .find(),
                    "watch lists the real master:\n" + w);
            assertTrue(
                    Pattern.compile("(?m)^\\s+99\\s+10\\.213\\.6\\.66\\s")
                            .matcher(w)
                            .find(),
                    "watch lists the unknown VRID's sender:\n" + w);
            assertTrue(w.contains("MALFORMED ") && w.contains("BAD_CHECKSUM=") && w.contains("TRUNCATED_VRRP="), w);
        } finally {
            if (watch != null) {
                watch.stop();
            }
            two.stop();
            one.stop();
        }
        assertFalse(lb1.hasAddress("eth0", VIP) || lb2.hasAddress("eth0", VIP), "VIPs removed at stop");
    }
}
