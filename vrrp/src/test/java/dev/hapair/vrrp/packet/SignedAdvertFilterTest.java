package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.auth.AdvertAuthenticator;
import dev.hapair.vrrp.config.AuthHmac;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The receive path with auth_hmac: the codec splits the 28-byte trailer from the message (the VRRP checksum
 * covers the message only, the IP total length both), and the filter drops and counts what does not verify.
 */
class SignedAdvertFilterTest {
    private static final Inet4Address PEER = Ipv4Addresses.parse("10.77.0.11");
    private static final Inet4Address GROUP = Ipv4Header.VRRP_MULTICAST;
    private static final Inet4Address VIP = Ipv4Addresses.parse("10.77.0.100");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);

    private final VrrpCodec codec = new VrrpCodec();

    private static AuthHmac auth(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(1, k);
        return new AuthHmac(keys, 1, AuthHmac.AntiReplay.TIME, 5, AuthHmac.Mode.ENFORCE, SourceLocation.NONE);
    }

    /** An IPv4 packet as a raw socket returns it: header (total length counting the trailer), message, trailer. */
    private byte[] signedPacket(VrrpAdvert adv, AdvertAuthenticator signer) {
        byte[] msg = codec.encode(adv, PEER, GROUP);
        byte[] trailer = signer.sign(msg, adv.version(), adv.vrid(), PEER);
        byte[] ip =
                Ipv4Header.forVrrp(PEER, GROUP, 7, msg.length + trailer.length).encode();
        byte[] out = Arrays.copyOf(ip, ip.length + msg.length + trailer.length);
        System.arraycopy(msg, 0, out, ip.length, msg.length);
        System.arraycopy(trailer, 0, out, ip.length + msg.length, trailer.length);
        return out;
    }

    private static VrrpAdvert v3(int priority) {
        return new VrrpAdvert(3, 1, 51, priority, 0, new byte[0], 100, 0, List.of(VIP));
    }

    private static DropReason reason(DecodeResult r) {
        return assertInstanceOf(DecodeResult.Dropped.class, r, () -> "expected a drop: " + r)
                .reason();
    }

    @Test
    void codecSplitsTheTrailerAndChecksTheChecksumOverTheMessageOnly() {
        AdvertAuthenticator signer = new AdvertAuthenticator(auth(1), CLOCK, 1);
        byte[] p = signedPacket(v3(200), signer);
        DecodeResult.Accepted a = assertInstanceOf(DecodeResult.Accepted.class, codec.decodeIpv4(p));
        assertEquals(200, a.advert().priority());
        assertArrayEquals(Arrays.copyOfRange(p, 20, 32), a.signed().message());
        assertArrayEquals(Arrays.copyOfRange(p, 32, 60), a.signed().trailer());
        assertNull(assertInstanceOf(
                        DecodeResult.Accepted.class, codec.decodeIpv4(codec.encodeIpv4(v3(200), PEER, GROUP, 1)))
                .signed());
    }

    @Test
    void verifiedAdvertsPassForgedReplayedUnsignedAndUnexpectedAreDroppedAndCounted() {
        DropCounters counters = new DropCounters();
        AdvertFilter filter = new AdvertFilter(
                ReceivePolicy.v3(51, 100, Set.of(VIP)), codec, counters, new AdvertAuthenticator(auth(1), CLOCK, 1));
        AdvertAuthenticator signer = new AdvertAuthenticator(auth(1), CLOCK, 1);
        byte[] good = signedPacket(v3(100), signer);
        assertInstanceOf(DecodeResult.Accepted.class, filter.receive(good));
        assertEquals(DropReason.AUTH_HMAC_REPLAY, reason(filter.receive(good)));
        AdvertAuthenticator wrongKey = new AdvertAuthenticator(auth(9), CLOCK, 1);
        assertEquals(DropReason.AUTH_HMAC_BAD_HMAC, reason(filter.receive(signedPacket(v3(254), wrongKey))));
        assertEquals(DropReason.AUTH_HMAC_MISSING, reason(filter.receive(codec.encodeIpv4(v3(254), PEER, GROUP, 1))));
        AdvertAuthenticator lateSender =
                new AdvertAuthenticator(auth(1), Clock.offset(CLOCK, java.time.Duration.ofSeconds(-7)), 1);
        DecodeResult stale = filter.receive(signedPacket(v3(100), lateSender));
        assertEquals(DropReason.AUTH_HMAC_STALE, reason(stale));
        assertEquals(
                "stale authentication trailer from " + PEER.getHostAddress()
                        + ", clock skew 7 sec exceeds window 5 sec",
                ((DecodeResult.Dropped) stale).detail(),
                "keepalived's words");
        byte[] forged = signedPacket(v3(100), signer);
        forged[22] = (byte) 254; // priority raised after signing; VRRP checksum fixed up so only the HMAC fails
        forged[26] = 0;
        forged[27] = 0;
        int sum = Checksums.sum(forged, 20, 12, Checksums.pseudoHeaderSum(PEER, GROUP, 12));
        forged[26] = (byte) (~sum >>> 8);
        forged[27] = (byte) ~sum;
        assertEquals(DropReason.AUTH_HMAC_BAD_HMAC, reason(filter.receive(forged)));
        assertEquals(1, counters.accepted());
        assertEquals(1, counters.dropped(DropReason.AUTH_HMAC_REPLAY));
        assertEquals(2, counters.dropped(DropReason.AUTH_HMAC_BAD_HMAC));
        assertEquals(1, counters.dropped(DropReason.AUTH_HMAC_MISSING));

        AdvertFilter unsigned = new AdvertFilter(ReceivePolicy.v3(51, 100, Set.of(VIP)), codec, new DropCounters());
        assertEquals(
                DropReason.UNEXPECTED_AUTH_TRAILER,
                reason(unsigned.receive(signedPacket(v3(100), signer))),
                "keepalived without auth_hmac drops a signed advert (length check)");
    }
}
