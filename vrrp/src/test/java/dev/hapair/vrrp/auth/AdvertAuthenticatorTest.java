package dev.hapair.vrrp.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.config.AuthHmac;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Signing and verification with an injected wall clock: every verdict, the replay window, rotation. */
class AdvertAuthenticatorTest {
    private static final Inet4Address A = ip("10.213.0.1");
    private static final Inet4Address B = ip("10.213.0.2");
    private static final Inet4Address GROUP = ip("224.0.0.18");
    private static final byte[] K1 = fill(1);
    private static final byte[] K2 = fill(2);
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private final MutableClock senderClock = new MutableClock(T0);
    private final MutableClock receiverClock = new MutableClock(T0);

    private static byte[] fill(int v) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) v);
        return k;
    }

    private static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AuthHmac auth(int active, AuthHmac.AntiReplay r, AuthHmac.Mode mode, byte[]... keys) {
        TreeMap<Integer, byte[]> m = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(i + 1, keys[i]);
        }
        return new AuthHmac(m, active, r, 5, mode, SourceLocation.NONE);
    }

    private static AuthHmac enforce(int active, byte[]... keys) {
        return auth(active, AuthHmac.AntiReplay.TIME, AuthHmac.Mode.ENFORCE, keys);
    }

    private static byte[] pdu(int priority) {
        return new VrrpCodec()
                .encode(
                        new VrrpAdvert(3, 1, 51, priority, 0, new byte[0], 100, 0, List.of(ip("10.213.0.10"))),
                        A,
                        GROUP);
    }

    private static AuthVerdict verify(AdvertAuthenticator rx, byte[] pdu, byte[] trailer, InetAddress from) {
        return rx.verify(pdu, 0, pdu.length, trailer, 3, 51, from);
    }

    @Test
    void acceptsOnceThenCallsTheSameBytesAReplay() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1), senderClock, 1);
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1), receiverClock, 1);
        byte[] p = pdu(200);
        byte[] t = tx.sign(p, 3, 51, A);
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, t, A));
        assertEquals(AuthVerdict.REPLAY, verify(rx, p, t, A));
        senderClock.advance(Duration.ofSeconds(1));
        receiverClock.advance(Duration.ofSeconds(1));
        byte[] t2 = tx.sign(p, 3, 51, A);
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, t2, A));
        assertEquals(AuthVerdict.REPLAY, verify(rx, p, t, A), "an older capture stays refused");
    }

    @Test
    void everyAlterationIsABadHmacButTheChecksumIsNotCovered() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1), senderClock, 1);
        byte[] p = pdu(100);
        byte[] t = tx.sign(p, 3, 51, A);
        byte[] higher = p.clone();
        higher[2] = (byte) 254; // a forged priority
        assertEquals(
                AuthVerdict.BAD_HMAC, verify(new AdvertAuthenticator(enforce(1, K1), receiverClock, 1), higher, t, A));
        assertEquals(
                AuthVerdict.BAD_HMAC,
                verify(new AdvertAuthenticator(enforce(1, K1), receiverClock, 1), p, t, B),
                "another sender address");
        assertEquals(
                AuthVerdict.BAD_HMAC,
                new AdvertAuthenticator(enforce(1, K1), receiverClock, 1).verify(p, 0, p.length, t, 3, 52, A),
                "another VRID");
        assertEquals(
                AuthVerdict.BAD_HMAC,
                new AdvertAuthenticator(enforce(1, K1), receiverClock, 1).verify(p, 0, p.length, t, 2, 51, A),
                "another VRRP version");
        byte[] seq = t.clone();
        seq[11]++; // a bumped counter
        assertEquals(
                AuthVerdict.BAD_HMAC, verify(new AdvertAuthenticator(enforce(1, K1), receiverClock, 1), p, seq, A));
        assertEquals(
                AuthVerdict.BAD_HMAC,
                verify(new AdvertAuthenticator(enforce(1, K2), receiverClock, 1), p, t, A),
                "the same key id with other key bytes: a wrong key");
        byte[] otherChecksum = p.clone();
        otherChecksum[6] ^= 0x55; // unicast copies differ here only; IPv6 checksums are written after signing
        assertEquals(
                AuthVerdict.ACCEPTED,
                verify(new AdvertAuthenticator(enforce(1, K1), receiverClock, 1), otherChecksum, t, A));
    }

    @Test
    void malformedUnknownKeyAndMissing() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1), senderClock, 1);
        byte[] p = pdu(100);
        byte[] t = tx.sign(p, 3, 51, A);
        byte[] type2 = t.clone();
        type2[0] = 2;
        byte[] reserved = t.clone();
        reserved[3] = 1;
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1), receiverClock, 1);
        assertEquals(AuthVerdict.MALFORMED, verify(rx, p, type2, A));
        assertEquals(AuthVerdict.MALFORMED, verify(rx, p, reserved, A));
        assertEquals(AuthVerdict.MISSING, verify(rx, p, null, A));
        AdvertAuthenticator onlyKey2 = new AdvertAuthenticator(enforce(2, K1, K2), receiverClock, 1);
        byte[] k3 = new AdvertAuthenticator(enforce(1, K2), senderClock, 1).sign(p, 3, 51, A);
        k3[1] = 3;
        assertEquals(AuthVerdict.UNKNOWN_KEY, verify(onlyKey2, p, k3, A));
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, t, A), "the rejections above moved no replay mark");
    }

    @Test
    void freshnessWindowInTimeMode() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1), senderClock, 1);
        byte[] p = pdu(100);
        byte[] t = tx.sign(p, 3, 51, A);
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1), receiverClock, 1);
        receiverClock.set(T0.plusSeconds(6));
        assertEquals(AuthVerdict.STALE, verify(rx, p, t, A), "6 s old with a 5 s window");
        receiverClock.set(T0.minusSeconds(6));
        assertEquals(AuthVerdict.STALE, verify(rx, p, t, A), "6 s in the future");
        receiverClock.set(T0.plusSeconds(5));
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, t, A), "5 s is inside the window");
    }

    @Test
    void clockSkewAsKeepalivedReportsIt() {
        byte[] t = new AdvertAuthenticator(enforce(1, K1), senderClock, 1).sign(pdu(100), 3, 51, A);
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1), receiverClock, 1);
        receiverClock.set(T0.plusSeconds(2));
        assertEquals(2, rx.skewSeconds(t), "our clock minus the sender's");
        assertFalse(rx.skewNearWindow(t), "2 s of a 5 s window: not yet half (integer half is 2)");
        receiverClock.set(T0.minusSeconds(3));
        assertEquals(-3, rx.skewSeconds(t));
        assertTrue(rx.skewNearWindow(t), "3 s ahead: past half the window");
        AuthHmac mono = auth(1, AuthHmac.AntiReplay.MONOTONIC, AuthHmac.Mode.ENFORCE, K1);
        assertFalse(new AdvertAuthenticator(mono, receiverClock, 1).skewNearWindow(t), "no window, no warning");
    }

    @Test
    void monotonicModeIgnoresTheClockButNotOrder() {
        AuthHmac mono = auth(1, AuthHmac.AntiReplay.MONOTONIC, AuthHmac.Mode.ENFORCE, K1);
        AdvertAuthenticator tx = new AdvertAuthenticator(mono, senderClock, 1);
        AdvertAuthenticator rx = new AdvertAuthenticator(mono, receiverClock, 1);
        byte[] p = pdu(100);
        byte[] t1 = tx.sign(p, 3, 51, A);
        byte[] t2 = tx.sign(p, 3, 51, A);
        receiverClock.set(T0.plus(Duration.ofDays(3)));
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, t2, A), "no freshness check");
        assertEquals(AuthVerdict.REPLAY, verify(rx, p, t1, A), "older than the last accepted");
    }

    @Test
    void replayMarkOutsideTheWindowIsForgottenSoASteppedBackSenderRecovers() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1), senderClock, 1);
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1), receiverClock, 1);
        byte[] p = pdu(100);
        senderClock.set(T0.plusSeconds(4)); // the sender runs 4 s ahead
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, tx.sign(p, 3, 51, A), A));
        AdvertAuthenticator restarted = new AdvertAuthenticator(enforce(1, K1), new MutableClock(T0), 1);
        byte[] fresh = restarted.sign(p, 3, 51, A); // NTP fixed its clock, then it restarted
        assertEquals(AuthVerdict.REPLAY, verify(rx, p, fresh, A), "behind the mark while the mark is fresh");
        receiverClock.set(T0.plusSeconds(10));
        MutableClock later = new MutableClock(T0.plusSeconds(10));
        byte[] afterWindow = new AdvertAuthenticator(enforce(1, K1), later, 1).sign(p, 3, 51, A);
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, afterWindow, A));
    }

    @Test
    void senderSequenceGrowsWhenTheClockStandsStillOrStepsBack() {
        SendSequence s = new SendSequence(true, 5);
        long a = s.next(T0);
        long b = s.next(T0);
        long c = s.next(T0.minusSeconds(3));
        assertEquals(a + 1, b);
        assertEquals(b + 1, c, "a step back inside the window keeps counting");
        long d = s.next(T0.minusSeconds(10));
        assertEquals(Sequences.ofInstant(T0.minusSeconds(10)), d, "beyond the window: restart from the clock");
        SendSequence mono = new SendSequence(false, 5);
        long m1 = mono.next(T0);
        assertEquals(m1 + 1, mono.next(T0.minusSeconds(100)), "monotonic mode never goes back");
        assertEquals(0x8000L << 16, Sequences.ofInstant(Instant.ofEpochSecond(0, 500_000_000)));
    }

    @Test
    void serialArithmeticSurvivesTheSecondsWrap() {
        long before = 0xffff_ffffL << 32;
        long after = 0x0000_0001L << 32;
        assertTrue(Sequences.after(after, before));
        assertFalse(Sequences.after(before, after));
    }

    @Test
    void replayMarksAreBoundedLeastRecentlyUsedFirst() {
        ReplayGuard g = new ReplayGuard(false, 5, 2);
        long seq = 100;
        assertTrue(g.accept(A, seq, T0));
        assertTrue(g.accept(B, seq, T0));
        assertFalse(g.accept(A, seq, T0), "A remembered (and now most recently used)");
        assertTrue(g.accept(ip("10.213.0.3"), seq, T0), "a third sender evicts B, the least recently used");
        assertTrue(g.accept(B, seq, T0), "B was forgotten");
        assertFalse(g.accept(ip("10.213.0.3"), seq, T0));
    }

    @Test
    void modes() {
        byte[] p = pdu(100);
        AdvertAuthenticator permissive = new AdvertAuthenticator(
                auth(1, AuthHmac.AntiReplay.TIME, AuthHmac.Mode.PERMISSIVE, K1), receiverClock, 1);
        assertTrue(permissive.signs());
        assertEquals(AuthVerdict.ACCEPTED, verify(permissive, p, null, A), "permissive accepts unsigned adverts");
        AdvertAuthenticator receiveOnly = new AdvertAuthenticator(
                auth(1, AuthHmac.AntiReplay.TIME, AuthHmac.Mode.RECEIVE_ONLY, K1), receiverClock, 1);
        assertFalse(receiveOnly.signs());
        assertEquals(AuthVerdict.ACCEPTED, verify(receiveOnly, p, null, A));
        byte[] wrong = new AdvertAuthenticator(enforce(1, K2), senderClock, 1).sign(p, 3, 51, A);
        assertEquals(AuthVerdict.BAD_HMAC, verify(receiveOnly, p, wrong, A), "a present trailer is verified");
    }

    @Test
    void rotationKeepsTheReplayMarksAndTheSequence() {
        AdvertAuthenticator tx = new AdvertAuthenticator(enforce(1, K1, K2), senderClock, 1);
        AdvertAuthenticator rx = new AdvertAuthenticator(enforce(1, K1, K2), receiverClock, 1);
        byte[] p = pdu(100);
        byte[] old = tx.sign(p, 3, 51, A);
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, old, A));
        tx.update(enforce(2, K1, K2));
        byte[] rotated = tx.sign(p, 3, 51, A);
        assertEquals(2, rotated[1], "signed with the new active key");
        assertEquals(AuthVerdict.ACCEPTED, verify(rx, p, rotated, A), "the receiver already had key 2");
        rx.update(enforce(2, K2, K2));
        assertEquals(AuthVerdict.REPLAY, verify(rx, p, rotated, A), "the mark survived the reload");
    }
}
