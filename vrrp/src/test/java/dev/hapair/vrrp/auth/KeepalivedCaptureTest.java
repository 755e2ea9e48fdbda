package dev.hapair.vrrp.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.config.AuthHmac;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.PcapFile;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signed adverts sent by a real keepalived 2.4.3, built from acassen/keepalived tag v2.4.3 and captured in
 * network namespaces (VRID 57, priority 150 then the priority-0 advert of its stop, source 10.213.57.1,
 * {@code auth_hmac { key 7 hex:000102...1f; active_key 7 }}, advert_int 1, VRRPv2 and VRRPv3). The captures
 * are data; no keepalived code is involved. Each advert must verify with our code, our HMAC must equal
 * keepalived's byte for byte, and signing the same message at the same sequence must give keepalived's trailer.
 */
class KeepalivedCaptureTest {
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final int ETHERNET_HEADER = 14;

    private record Captured(Instant at, DecodeResult.Accepted advert) {
        byte[] message() {
            return advert.signed().message();
        }

        byte[] trailer() {
            return advert.signed().trailer();
        }

        InetAddress source() {
            return advert.ipHeader().source();
        }
    }

    private static AuthHmac auth(byte[] key) {
        TreeMap<Integer, byte[]> keys = new TreeMap<>();
        keys.put(7, key);
        return new AuthHmac(keys, 7, AuthHmac.AntiReplay.TIME, 5, AuthHmac.Mode.ENFORCE, SourceLocation.NONE);
    }

    private static List<Captured> capture(int version) throws IOException {
        String name = "keepalived-2.4.3-auth-hmac-v" + version + ".pcap";
        try (InputStream in = KeepalivedCaptureTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return PcapFile.read(in).records().stream()
                    .map(r -> {
                        byte[] frame = r.data();
                        DecodeResult d =
                                new VrrpCodec().decodeIpv4(Arrays.copyOfRange(frame, ETHERNET_HEADER, frame.length));
                        DecodeResult.Accepted a = assertInstanceOfAccepted(d);
                        return new Captured(Instant.ofEpochSecond(0, r.timestampNanos()), a);
                    })
                    .toList();
        }
    }

    private static DecodeResult.Accepted assertInstanceOfAccepted(DecodeResult d) {
        assertTrue(d instanceof DecodeResult.Accepted a && a.signed() != null, "a signed advert: " + d);
        return (DecodeResult.Accepted) d;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void everyCapturedAdvertVerifiesAndOurMacIsKeepalivedsByteForByte(int version) throws IOException {
        List<Captured> adverts = capture(version);
        assertEquals(10, adverts.size());
        assertEquals(0, adverts.get(9).advert().advert().priority(), "the last one is the stop advert");
        MutableClock clock = new MutableClock(adverts.get(0).at());
        AdvertAuthenticator verifier = new AdvertAuthenticator(auth(KEY), clock, 1);
        Captured previous = null;
        for (Captured c : adverts) {
            HmacTrailer t = HmacTrailer.parse(c.trailer(), 0);
            assertEquals(1, t.extType());
            assertEquals(7, t.keyId());
            assertTrue(
                    Math.abs(t.seconds() - c.at().getEpochSecond()) <= 1,
                    "sec field is UTC seconds: " + t.seconds() + " vs captured at " + c.at());
            byte[] mac =
                    TrailerMac.compute(KEY, version, 57, c.source(), c.message(), 0, c.message().length, t.prefix());
            assertArrayEquals(t.hmac(), mac, "HMAC of advert at " + c.at());
            clock.set(c.at());
            assertEquals(
                    AuthVerdict.ACCEPTED,
                    verifier.verify(c.message(), 0, c.message().length, c.trailer(), version, 57, c.source()));
            // replayed at once, and the one before it replayed now: fresh, so only the sequence refuses them
            assertEquals(
                    AuthVerdict.REPLAY,
                    verifier.verify(c.message(), 0, c.message().length, c.trailer(), version, 57, c.source()));
            if (previous != null) {
                assertEquals(
                        AuthVerdict.REPLAY,
                        verifier.verify(
                                previous.message(),
                                0,
                                previous.message().length,
                                previous.trailer(),
                                version,
                                57,
                                previous.source()));
            }
            previous = c;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void signingTheSameMessageAtTheSameSequenceGivesKeepalivedsTrailer(int version) throws IOException {
        for (Captured c : capture(version)) {
            HmacTrailer t = HmacTrailer.parse(c.trailer(), 0);
            long subsec = (t.sequence() >>> 16) & 0xffff;
            assertEquals(0, t.sequence() & 0xffff, "one advert per instant: counter 0");
            // the first nanosecond whose 1/65536 s fraction is keepalived's
            long nanos = (subsec * 1_000_000_000L + 65_535) >>> 16;
            MutableClock clock = new MutableClock(Instant.ofEpochSecond(t.seconds(), nanos));
            byte[] ours = new AdvertAuthenticator(auth(KEY), clock, 1).sign(c.message(), version, 57, c.source());
            assertEquals(HexFormat.of().formatHex(c.trailer()), HexFormat.of().formatHex(ours));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void aChangedByteOrAnotherKeyIsRefused(int version) throws IOException {
        Captured c = capture(version).get(0);
        byte[] wrongKey = KEY.clone();
        wrongKey[0] ^= 1;
        assertEquals(
                AuthVerdict.BAD_HMAC,
                new AdvertAuthenticator(auth(wrongKey), new MutableClock(c.at()), 1)
                        .verify(c.message(), 0, c.message().length, c.trailer(), version, 57, c.source()));
        byte[] louder = c.message();
        louder[2] = (byte) 254; // priority
        assertEquals(
                AuthVerdict.BAD_HMAC,
                new AdvertAuthenticator(auth(KEY), new MutableClock(c.at()), 1)
                        .verify(louder, 0, louder.length, c.trailer(), version, 57, c.source()));
    }
}
