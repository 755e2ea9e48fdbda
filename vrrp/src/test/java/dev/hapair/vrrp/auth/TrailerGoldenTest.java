package dev.hapair.vrrp.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.config.AuthHmac;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Golden signed adverts derived from the documented format, not from our own code. The expected bytes were
 * computed with Python's hmac/hashlib (an independent HMAC-SHA256) from the layout of
 * draft-cassen-vrrp-auth-hmac as keepalived 2.4.1+ describes it (vrrp_auth_hmac.h, the keepalived.conf(5)
 * auth_hmac block, www/docs/articles/vrrp-hmac-authentication.md):
 *
 * <pre>
 * HMAC input = pseudo-header (20) || VRRP message with checksum bytes zeroed || trailer[0..12) || 16 x 00
 * pseudo-header = family (4) | VRRP version | VRID | 00 | source IPv4 (4) | 12 x 00
 * trailer = ext_type 01 | key_id | reserved 0000 | sec (4) | subsec (2) | ctr (2) | HMAC-SHA256[0..16)
 * </pre>
 *
 * keepalived ships no fixed vectors (its test/auth_hmac_test.c signs and verifies with its own code), so
 * these pin our reading of the format; {@link KeepalivedCaptureTest} checks it against adverts a real
 * keepalived 2.4.3 signed.
 */
class TrailerGoldenTest {
    private static final Inet4Address SOURCE = ip("198.51.100.10");
    private static final Inet4Address GROUP = ip("224.0.0.18");
    private static final Inet4Address VIP = ip("192.0.2.100");
    /** keepalived.conf(5)'s example key: hex:000102...1f, 32 bytes. */
    private static final byte[] KEY_1 =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static final byte[] KEY_2 = "correct horse battery staple 32b".getBytes(StandardCharsets.US_ASCII);
    /** 0x6a000000 s after the epoch (2026-06-25T...Z): sec field 6a000000. */
    private static final long SEC = 0x6a000000L;

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AuthHmac auth(int active) {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(1, KEY_1);
        keys.put(2, KEY_2);
        return new AuthHmac(keys, active, AuthHmac.AntiReplay.TIME, 5, AuthHmac.Mode.ENFORCE, SourceLocation.NONE);
    }

    @Test
    void vrrpV3SignedWithKey1() {
        // VRRPv3 advert: 31 (v3, type 1) | VRID 33 (51) | prio c8 (200) | count 01 | 0064 (100 cs) |
        // checksum 3935 (RFC 5798 pseudo-header 198.51.100.10 -> 224.0.0.18, length 12) | c0000264 (192.0.2.100)
        byte[] pdu = new VrrpCodec()
                .encode(new VrrpAdvert(3, 1, 51, 200, 0, new byte[0], 100, 0, List.of(VIP)), SOURCE, GROUP);
        assertEquals("3133c80100643935c0000264", HexFormat.of().formatHex(pdu));
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(SEC, 500_000_000));
        byte[] trailer = new AdvertAuthenticator(auth(1), clock, 1).sign(pdu, 3, 51, SOURCE);
        // 01 ext_type | 01 key_id | 0000 reserved | 6a000000 sec | 8000 subsec (0.5 s = 32768/65536) |
        // 0000 ctr | 16 bytes HMAC
        assertEquals(
                "01" + "01" + "0000" + "6a000000" + "8000" + "0000" + "52d42661d1ebd716735897e9733e0a72",
                HexFormat.of().formatHex(trailer));
    }

    @Test
    void vrrpV2SignedWithAsciiKey2AfterSevenAdvertsInTheSameInstant() {
        // VRRPv2 advert: 21 (v2, type 1) | VRID 07 | prio 64 (100) | count 01 | auth type 00 | 01 s |
        // checksum b891 | c0000264 | 8 zero auth-data bytes (part of the v2 message, so covered by the HMAC)
        byte[] pdu = new VrrpCodec()
                .encode(new VrrpAdvert(2, 1, 7, 100, 0, new byte[8], 100, 0, List.of(VIP)), SOURCE, GROUP);
        assertEquals("210764010001b891c00002640000000000000000", HexFormat.of().formatHex(pdu));
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(SEC));
        AdvertAuthenticator a = new AdvertAuthenticator(auth(2), clock, 1);
        byte[] trailer = null;
        for (int i = 0; i <= 7; i++) {
            trailer = a.sign(pdu, 2, 7, SOURCE); // the clock stands still: ctr counts 0..7
        }
        // 01 | 02 key_id | 0000 | 6a000000 | 0000 subsec | 0007 ctr | HMAC
        assertEquals(
                "01" + "02" + "0000" + "6a000000" + "0000" + "0007" + "73c52f5d21365f9a89ca8b3d755092e8",
                HexFormat.of().formatHex(trailer));
    }

    @Test
    void parsesTheFieldsBack() {
        byte[] t = HexFormat.of().parseHex("010200006a0000000000000773c52f5d21365f9a89ca8b3d755092e8");
        HmacTrailer h = HmacTrailer.parse(t, 0);
        assertEquals(1, h.extType());
        assertEquals(2, h.keyId());
        assertEquals(0, h.reserved());
        assertEquals(0x6a000000_0000_0007L, h.sequence());
        assertEquals(SEC, h.seconds());
        assertArrayEquals(t, h.encode());
    }
}
