package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per receive rule: each crafted packet is dropped for exactly its reason, and counted. */
class AdvertFilterTest {
    private static final Inet4Address PEER = Ipv4Addresses.parse("10.77.0.11");
    private static final Inet4Address SELF = Ipv4Addresses.parse("10.77.0.12");
    private static final Inet4Address GROUP = Ipv4Header.VRRP_MULTICAST;
    private static final Inet4Address VIP = Ipv4Addresses.parse("10.77.0.100");
    private static final Inet4Address VIP2 = Ipv4Addresses.parse("10.77.0.101");
    private static final byte[] PASS = VrrpAdvert.passwordBytes("s3cr3t");

    private final VrrpCodec codec = new VrrpCodec();
    private final DropCounters counters = new DropCounters();
    private final AdvertFilter v2 =
            new AdvertFilter(ReceivePolicy.v2(51, VrrpAdvert.AUTH_PASS, PASS, 1, Set.of(VIP)), codec, counters);
    private final AdvertFilter v3 = new AdvertFilter(ReceivePolicy.v3(51, 100, Set.of(VIP)), codec, counters);

    private static VrrpAdvert goodV2() {
        return VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP));
    }

    private byte[] packet(VrrpAdvert adv) {
        return codec.encodeIpv4(adv, PEER, GROUP, 42);
    }

    private DropReason dropReason(AdvertFilter filter, byte[] packet) {
        DecodeResult r = filter.receive(packet);
        DecodeResult.Dropped d = assertInstanceOf(DecodeResult.Dropped.class, r, () -> "expected a drop: " + r);
        assertTrue(!d.detail().isEmpty());
        return d.reason();
    }

    /** Rewrites the IP header checksum after a header mutation so that only the intended field is wrong. */
    private static byte[] fixIpChecksum(byte[] p) {
        p[10] = 0;
        p[11] = 0;
        int sum = Checksums.internet(p, 0, 20);
        p[10] = (byte) (sum >>> 8);
        p[11] = (byte) sum;
        return p;
    }

    @Test
    void acceptsMatchingAdvertAndCountsIt() {
        DecodeResult r = v2.receive(packet(goodV2()));
        DecodeResult.Accepted a = assertInstanceOf(DecodeResult.Accepted.class, r);
        assertEquals(103, a.advert().priority());
        assertEquals(PEER, a.ipHeader().source());
        assertEquals(1, counters.accepted());
        assertEquals(0, counters.totalDropped());
    }

    @Test
    void truncatedIpHeader() {
        assertEquals(DropReason.TRUNCATED_IP_HEADER, dropReason(v2, Arrays.copyOf(packet(goodV2()), 19)));
        assertEquals(DropReason.TRUNCATED_IP_HEADER, dropReason(v2, new byte[0]));
        assertEquals(DropReason.TRUNCATED_IP_HEADER, dropReason(v2, null));
    }

    @Test
    void badIpHeader() {
        byte[] p = packet(goodV2());
        p[0] = 0x65; // IPv6 version nibble
        assertEquals(DropReason.BAD_IP_HEADER, dropReason(v2, p));
        byte[] q = packet(goodV2());
        q[0] = 0x44; // IHL 4
        assertEquals(DropReason.BAD_IP_HEADER, dropReason(v2, q));
        byte[] r = packet(goodV2());
        r[3] = (byte) (r[3] + 1); // total length beyond the bytes received
        assertEquals(DropReason.BAD_IP_HEADER, dropReason(v2, r));
    }

    @Test
    void ignoresEthernetPaddingBeyondTotalLength() {
        byte[] padded = Arrays.copyOf(packet(goodV2()), 60);
        assertTrue(v2.receive(padded).accepted());
    }

    @Test
    void fragment() {
        byte[] p = packet(goodV2());
        p[6] = 0x20; // MF
        assertEquals(DropReason.IP_FRAGMENT, dropReason(v2, fixIpChecksum(p)));
    }

    @Test
    void notVrrpProtocol() {
        byte[] p = packet(goodV2());
        p[9] = 17;
        assertEquals(DropReason.NOT_VRRP_PROTOCOL, dropReason(v2, fixIpChecksum(p)));
    }

    @Test
    void ttlMustBe255UnlessUnicast() {
        byte[] p = packet(goodV2());
        p[8] = (byte) 254;
        fixIpChecksum(p);
        assertEquals(DropReason.BAD_TTL, dropReason(v2, p));
        AdvertFilter unicast = new AdvertFilter(v2.policy().withCheckTtl(false), codec, counters);
        assertTrue(unicast.receive(p).accepted());
    }

    @Test
    void truncatedVrrp() {
        byte[] p = packet(goodV2());
        byte[] cut = Arrays.copyOf(p, 27);
        cut[2] = 0;
        cut[3] = 27;
        assertEquals(DropReason.TRUNCATED_VRRP, dropReason(v2, fixIpChecksum(cut)));
    }

    @Test
    void unknownVersion() {
        byte[] p = packet(goodV2());
        p[20] = 0x41;
        assertEquals(DropReason.UNKNOWN_VERSION, dropReason(v2, p));
    }

    @Test
    void badType() {
        byte[] p = packet(goodV2());
        p[20] = 0x22;
        assertEquals(DropReason.BAD_TYPE, dropReason(v2, p));
    }

    @Test
    void addressCountAgainstLength() {
        byte[] p = packet(goodV2());
        p[23] = 2; // claims two addresses, carries one (+ auth)
        assertEquals(DropReason.ADDRESS_COUNT_MISMATCH, dropReason(v2, p));
        byte[] q = packet(VrrpAdvert.v3(51, 103, 100, List.of(VIP)));
        q[23] = 0;
        assertEquals(DropReason.ADDRESS_COUNT_MISMATCH, dropReason(v3, q));
    }

    @Test
    void v2WithoutAuthBytesIsRejectedEvenWithAuthTypeNone() {
        AdvertFilter none = new AdvertFilter(ReceivePolicy.v2(51, 0, new byte[8], 1, Set.of(VIP)), codec, counters);
        byte[] full = packet(VrrpAdvert.v2(51, 103, 0, new byte[8], 1, List.of(VIP)));
        assertTrue(none.receive(full).accepted());
        byte[] p = Arrays.copyOf(full, full.length - 8);
        p[3] = (byte) p.length;
        fixIpChecksum(p);
        // keep the VRRP checksum right for the shorter message so only the missing bytes are at fault
        p[26] = 0;
        p[27] = 0;
        int sum = Checksums.internet(p, 20, p.length - 20);
        p[26] = (byte) (sum >>> 8);
        p[27] = (byte) sum;
        assertEquals(DropReason.MISSING_AUTH_DATA, dropReason(none, p));
    }

    @Test
    void zeroInterval() {
        byte[] p = packet(VrrpAdvert.v3(51, 103, 100, List.of(VIP)));
        p[24] = 0;
        p[25] = 0;
        assertEquals(DropReason.BAD_INTERVAL, dropReason(v3, p));
    }

    @Test
    void badChecksum() {
        byte[] p = packet(goodV2());
        p[22] = 104; // priority changed, checksum not updated
        assertEquals(DropReason.BAD_CHECKSUM, dropReason(v2, p));
    }

    @Test
    void versionMismatch() {
        assertEquals(DropReason.VERSION_MISMATCH, dropReason(v2, packet(VrrpAdvert.v3(51, 103, 100, List.of(VIP)))));
        assertEquals(DropReason.VERSION_MISMATCH, dropReason(v3, packet(goodV2())));
    }

    @Test
    void vridMismatch() {
        assertEquals(
                DropReason.VRID_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(52, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP)))));
    }

    @Test
    void authTypeMismatch() {
        assertEquals(
                DropReason.AUTH_TYPE_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_NONE, new byte[8], 1, List.of(VIP)))));
    }

    @Test
    void wrongPassword() {
        assertEquals(
                DropReason.AUTH_FAILURE,
                dropReason(
                        v2,
                        packet(VrrpAdvert.v2(
                                51, 103, VrrpAdvert.AUTH_PASS, VrrpAdvert.passwordBytes("s3cr3u"), 1, List.of(VIP)))));
    }

    @Test
    void v2IntervalMustEqualOurs() {
        assertEquals(
                DropReason.INTERVAL_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, PASS, 2, List.of(VIP)))));
    }

    @Test
    void v3AcceptsAnotherInterval() {
        DecodeResult r = v3.receive(packet(VrrpAdvert.v3(51, 103, 250, List.of(VIP))));
        assertEquals(
                250, assertInstanceOf(DecodeResult.Accepted.class, r).advert().advertIntervalCentis());
    }

    @Test
    void vipSetMismatchIsItsOwnReason() {
        assertEquals(
                DropReason.VIP_SET_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP2)))));
        assertEquals(
                DropReason.VIP_SET_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP, VIP2)))));
        assertEquals(
                DropReason.VIP_SET_MISMATCH,
                dropReason(v2, packet(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP, VIP)))));
    }

    @Test
    void vipOrderDoesNotMatter() {
        AdvertFilter two = new AdvertFilter(ReceivePolicy.v3(51, 100, Set.of(VIP, VIP2)), codec, counters);
        assertTrue(two.receive(packet(VrrpAdvert.v3(51, 103, 100, List.of(VIP2, VIP))))
                .accepted());
    }

    @Test
    void ownAdvertLoopedBack() {
        AdvertFilter f = new AdvertFilter(v2.policy().withLocalAddresses(Set.of(PEER)), codec, counters);
        assertEquals(DropReason.OWN_ADVERT, dropReason(f, packet(goodV2())));
        AdvertFilter g = new AdvertFilter(v2.policy().withLocalAddresses(Set.of(SELF)), codec, counters);
        assertTrue(g.receive(packet(goodV2())).accepted());
    }

    @Test
    void countersCountEachReason() {
        dropReason(v2, packet(VrrpAdvert.v2(52, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP))));
        dropReason(v2, packet(VrrpAdvert.v2(53, 103, VrrpAdvert.AUTH_PASS, PASS, 1, List.of(VIP))));
        dropReason(v2, new byte[3]);
        v2.receive(packet(goodV2()));
        assertEquals(Map.of(DropReason.VRID_MISMATCH, 2L, DropReason.TRUNCATED_IP_HEADER, 1L), counters.snapshot());
        assertEquals(3, counters.totalDropped());
        assertEquals(1, counters.accepted());
    }

    @Test
    void checkOnPreDecodedResultAppliesPolicy() {
        DecodeResult decoded = codec.decodeIpv4(packet(goodV2()));
        assertTrue(v2.check(decoded).accepted());
        DecodeResult other = codec.decodeIpv4(packet(VrrpAdvert.v2(9, 103, 1, PASS, 1, List.of(VIP))));
        assertEquals(
                DropReason.VRID_MISMATCH,
                assertInstanceOf(DecodeResult.Dropped.class, v2.check(other)).reason());
    }
}
