package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sends 120,000 random and mutated packets (deterministic seed) through decode + receive checks: nothing
 * escapes, every packet is either accepted or dropped with a reason, accepted adverts survive a re-encode, and
 * the mutations reach deep enough to exercise most reasons.
 */
class DecoderFuzzTest {
    private static final long SEED = 0x5eed_7ac0_0051L;
    private static final int RANDOM = 20_000;
    private static final int MUTATED = 100_000;
    private static final Inet4Address VIP = Ipv4Addresses.parse("10.77.0.100");
    private static final Inet4Address SRC = Ipv4Addresses.parse("10.77.0.11");

    private final VrrpCodec codec = new VrrpCodec();

    @Test
    void noExceptionEscapesAndEveryRejectionHasAReason() throws IOException {
        List<byte[]> seeds = seeds();
        DropCounters counters = new DropCounters();
        ReceivePolicy v2Policy =
                ReceivePolicy.v2(51, VrrpAdvert.AUTH_PASS, VrrpAdvert.passwordBytes("s3cr3t"), 1, Set.of(VIP));
        AdvertFilter[] filters = {
            new AdvertFilter(v2Policy, codec, counters),
            new AdvertFilter(ReceivePolicy.v2(51, 0, new byte[8], 1, Set.of(VIP)), codec, counters),
            new AdvertFilter(ReceivePolicy.v3(51, 10, Set.of(VIP)), codec, counters),
        };
        Random rnd = new Random(SEED);
        Map<DropReason, Integer> seen = new EnumMap<>(DropReason.class);
        int accepted = 0;
        int total = RANDOM + MUTATED;
        for (int i = 0; i < total; i++) {
            byte[] input = i < RANDOM ? randomBytes(rnd) : mutate(rnd, seeds.get(rnd.nextInt(seeds.size())));
            AdvertFilter filter = filters[i % filters.length];
            DecodeResult r;
            try {
                r = filter.receive(input);
            } catch (Throwable t) {
                fail(
                        "input #" + i + " escaped with " + t + ": "
                                + java.util.HexFormat.of().formatHex(input),
                        t);
                return;
            }
            assertNotNull(r);
            if (r instanceof DecodeResult.Dropped d) {
                assertNotNull(d.reason());
                assertFalse(d.detail().isBlank());
                assertNotEquals(
                        DropReason.INTERNAL_ERROR,
                        d.reason(),
                        () -> "decoder bug on input " + java.util.HexFormat.of().formatHex(input) + ": " + d.detail());
                seen.merge(d.reason(), 1, Integer::sum);
            } else {
                accepted++;
                reencodes((DecodeResult.Accepted) r);
            }
        }
        assertEquals(total, counters.accepted() + counters.totalDropped(), "every packet counted once");
        assertEquals(accepted, counters.accepted());
        for (Map.Entry<DropReason, Integer> e : seen.entrySet()) {
            assertEquals(
                    (long) e.getValue(),
                    counters.dropped(e.getKey()),
                    e.getKey().name());
        }
        assertTrue(accepted > 1000, "mutations should leave many packets valid: " + accepted);
        assertTrue(seen.size() >= 14, "mutations should reach most checks, saw " + seen);
    }

    @Test
    void rawDecodeOfMessageSlicesNeverThrows() {
        Random rnd = new Random(SEED + 1);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = randomBytes(rnd);
            int off = b.length == 0 ? 0 : rnd.nextInt(b.length + 2) - 1;
            int len = rnd.nextInt(b.length + 3) - 1;
            DecodeResult r =
                    codec.decodeMessage(b, off, len, rnd.nextBoolean() ? SRC : null, Ipv4Header.VRRP_MULTICAST);
            assertNotNull(r);
            if (r instanceof DecodeResult.Dropped d) {
                assertNotEquals(DropReason.INTERNAL_ERROR, d.reason(), d.detail());
            }
            assertNotNull(codec.decodeIpv4(b, off, len));
            assertTrue(GarpFrames.parse(b) != null);
        }
    }

    private void reencodes(DecodeResult.Accepted a) {
        VrrpAdvert adv = a.advert();
        byte[] again = codec.encode(adv, a.ipHeader().source(), a.ipHeader().destination());
        DecodeResult r =
                codec.decodeMessage(again, a.ipHeader().source(), a.ipHeader().destination());
        assertTrue(r instanceof DecodeResult.Accepted, r::toString);
        VrrpAdvert back = ((DecodeResult.Accepted) r).advert();
        assertEquals(adv.withChecksum(0), back.withChecksum(0));
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(90)];
        rnd.nextBytes(b);
        if (b.length > 20 && rnd.nextBoolean()) {
            b[0] = 0x45; // look like IPv4 often enough to get past the first check
            b[9] = 112;
        }
        return b;
    }

    /** One to three mutations, then (usually) repaired checksums so that later checks get exercised. */
    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] p = seed.clone();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            switch (rnd.nextInt(9)) {
                case 0 -> p[rnd.nextInt(p.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
                case 2 -> p = Arrays.copyOf(p, rnd.nextInt(p.length + 1));
                case 3 -> p = Arrays.copyOf(p, p.length + 1 + rnd.nextInt(12));
                case 4 -> {
                    if (p.length > 23) {
                        p[23] = (byte) rnd.nextInt(256);
                    }
                } // address count
                case 5 -> {
                    if (p.length > 22) {
                        p[22] = (byte) rnd.nextInt(256);
                    }
                } // priority
                case 6 -> {
                    if (p.length > 21) {
                        p[21] = (byte) rnd.nextInt(256);
                    }
                } // VRID
                case 7 -> {
                    if (p.length > 8) {
                        p[8] = (byte) (rnd.nextBoolean() ? 255 : rnd.nextInt(256));
                    }
                }
                default -> {
                    if (p.length > 3) { // consistent total length for a shorter/longer buffer
                        p[2] = (byte) (p.length >>> 8);
                        p[3] = (byte) p.length;
                    }
                }
            }
            if (p.length == 0) {
                return p;
            }
        }
        if (rnd.nextInt(4) != 0) {
            repairVrrpChecksum(p);
        }
        return p;
    }

    private static void repairVrrpChecksum(byte[] p) {
        if (p.length < 28 || (p[0] & 0x0f) != 5) {
            return;
        }
        int total = Math.min(p.length, ((p[2] & 0xff) << 8) | (p[3] & 0xff));
        if (total < 28) {
            return;
        }
        int version = (p[20] & 0xff) >>> 4;
        p[26] = 0;
        p[27] = 0;
        int sum;
        if (version == 3) {
            sum = Checksums.vrrpV3(p, 20, total - 20, Ipv4Addresses.fromBytes(p, 12), Ipv4Addresses.fromBytes(p, 16));
        } else {
            sum = Checksums.internet(p, 20, total - 20);
        }
        p[26] = (byte) (sum >>> 8);
        p[27] = (byte) sum;
    }

    /** IP packets of every golden capture (if present) plus adverts encoded here. */
    private List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        Inet4Address group = Ipv4Header.VRRP_MULTICAST;
        seeds.add(codec.encodeIpv4(
                VrrpAdvert.v2(51, 103, 1, VrrpAdvert.passwordBytes("s3cr3t"), 1, List.of(VIP)), SRC, group, 1));
        seeds.add(codec.encodeIpv4(VrrpAdvert.v2(51, 0, 0, new byte[8], 1, List.of(VIP)), SRC, group, 2));
        seeds.add(codec.encodeIpv4(VrrpAdvert.v3(51, 103, 10, List.of(VIP)), SRC, group, 3));
        seeds.add(codec.encodeIpv4(
                VrrpAdvert.v3(
                        51,
                        255,
                        4095,
                        List.of(VIP, Ipv4Addresses.parse("10.77.0.101"), Ipv4Addresses.parse("10.77.0.102"))),
                SRC,
                group,
                4));
        Optional<Path> dir = GoldenVectors.ifPresent();
        if (dir.isPresent()) {
            try (Stream<Path> s = Files.list(dir.get())) {
                for (Path pcap :
                        s.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
                    for (PcapFile.Record rec : PcapFile.read(pcap).records()) {
                        EthernetFrame.parse(rec.data())
                                .filter(f -> f.etherType() == EthernetFrame.ETHERTYPE_IPV4)
                                .ifPresent(f -> seeds.add(f.payload()));
                    }
                }
            }
        }
        return seeds;
    }
}
