package dev.hapair.vrrp.auth;

import dev.hapair.vrrp.config.AuthHmac;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;

/**
 * One instance's signed-advert state: signs outgoing adverts and verifies incoming ones for one
 * {@link AuthHmac} block. The wall clock is injected (the sequence and the freshness window are wall-clock
 * based, as keepalived's are: peers must agree on UTC within the window in time mode).
 *
 * <p>Verification order follows keepalived: trailer present (else MISSING unless the mode accepts unsigned
 * adverts), scheme and reserved bytes, freshness (before the HMAC so a replay flood costs no digest), key id,
 * HMAC (constant-time compare), and last the per-sender replay mark, which only verified adverts can move.
 * Thread-safe: the receiver thread verifies while the daemon loop signs.
 */
public final class AdvertAuthenticator {
    /** Replay marks kept per instance (keepalived keeps 4 for multicast senders). */
    static final int MIN_SENDER_SLOTS = 4;

    private volatile AuthHmac config;
    private final Clock clock;
    private SendSequence sendSequence;
    private ReplayGuard replay;
    private final int senderSlots;

    public AdvertAuthenticator(AuthHmac config, Clock clock, int expectedSenders) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.senderSlots = Math.max(MIN_SENDER_SLOTS, expectedSenders);
        this.config = Objects.requireNonNull(config, "config");
        this.sendSequence = new SendSequence(timeMode(config), config.timeWindowSeconds());
        this.replay = new ReplayGuard(timeMode(config), config.timeWindowSeconds(), senderSlots);
    }

    private static boolean timeMode(AuthHmac c) {
        return c.antiReplay() == AuthHmac.AntiReplay.TIME;
    }

    public AuthHmac config() {
        return config;
    }

    /**
     * keepalived's clock skew of a trailer: our UTC seconds minus the sender's, as a serial difference
     * (positive when the advert's timestamp is in our past).
     */
    public int skewSeconds(byte[] trailer) {
        return Sequences.ageSeconds(HmacTrailer.parse(trailer, 0).sequence(), clock.instant());
    }

    /**
     * Whether an accepted trailer's clock skew is past half the time window, where keepalived warns that the
     * clocks drift toward refusal (time mode only; monotonic mode has no window).
     */
    public boolean skewNearWindow(byte[] trailer) {
        AuthHmac c = config;
        return timeMode(c) && Math.abs((long) skewSeconds(trailer)) > c.timeWindowSeconds() / 2;
    }

    /**
     * Takes new keys, active key or mode (a reload) without forgetting the sequence sent last or the replay
     * marks, so a key rotation neither reuses a sequence nor lets an old capture back in. A change of
     * anti-replay mode or window starts both afresh.
     */
    public synchronized void update(AuthHmac next) {
        AuthHmac before = config;
        config = Objects.requireNonNull(next, "next");
        if (before.antiReplay() != next.antiReplay() || before.timeWindowSeconds() != next.timeWindowSeconds()) {
            sendSequence = new SendSequence(timeMode(next), next.timeWindowSeconds());
            replay = new ReplayGuard(timeMode(next), next.timeWindowSeconds(), senderSlots);
        }
    }

    /** Whether adverts go out with a trailer (every mode but receive-only). */
    public boolean signs() {
        return config.mode().signs();
    }

    /**
     * The 28-byte trailer for the VRRP message {@code pdu} that {@code source} sends, taking the next
     * sequence. Call once per advert: unicast copies to several peers share it.
     */
    public synchronized byte[] sign(byte[] pdu, int version, int vrid, InetAddress source) {
        AuthHmac c = config;
        long seq = sendSequence.next(clock.instant());
        byte[] prefix = HmacTrailer.prefix(HmacTrailer.TYPE_HMAC_SHA256_128, c.activeKey(), seq);
        byte[] mac = TrailerMac.compute(c.key(c.activeKey()), version, vrid, source, pdu, 0, pdu.length, prefix);
        byte[] out = java.util.Arrays.copyOf(prefix, HmacTrailer.LENGTH);
        System.arraycopy(mac, 0, out, HmacTrailer.PREFIX_LENGTH, HmacTrailer.HMAC_LENGTH);
        return out;
    }

    /**
     * Verifies the VRRP message {@code pdu[off, off+len)} received from {@code source} with its trailer
     * ({@code trailer} null when the advert had none).
     */
    public synchronized AuthVerdict verify(
            byte[] pdu, int off, int len, byte[] trailer, int version, int vrid, InetAddress source) {
        AuthHmac c = config;
        if (trailer == null) {
            return c.mode().acceptsUnsigned() ? AuthVerdict.ACCEPTED : AuthVerdict.MISSING;
        }
        HmacTrailer t = HmacTrailer.parse(trailer, 0);
        if (t.extType() != HmacTrailer.TYPE_HMAC_SHA256_128 || t.reserved() != 0) {
            return AuthVerdict.MALFORMED;
        }
        java.time.Instant now = clock.instant();
        if (timeMode(c) && Math.abs((long) Sequences.ageSeconds(t.sequence(), now)) > c.timeWindowSeconds()) {
            return AuthVerdict.STALE;
        }
        byte[] key = c.key(t.keyId());
        if (key == null) {
            return AuthVerdict.UNKNOWN_KEY;
        }
        byte[] expected = TrailerMac.compute(key, version, vrid, source, pdu, off, len, t.prefix());
        if (!MessageDigest.isEqual(expected, t.hmac())) {
            return AuthVerdict.BAD_HMAC;
        }
        if (!replay.accept(source, t.sequence(), now)) {
            return AuthVerdict.REPLAY;
        }
        return AuthVerdict.ACCEPTED;
    }
}
