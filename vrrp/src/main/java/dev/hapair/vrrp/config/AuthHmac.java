package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code auth_hmac { key ID VALUE ...; active_key ID; anti_replay time|monotonic; time_window S; mode M }}:
 * keepalived 2.4's signed adverts (HMAC-SHA256 trailer, draft-cassen-vrrp-auth-hmac), resolved. Every key is
 * 32 to 64 bytes, the active key is one of them, and the time window is already defaulted to
 * {@code max(3 x advert_int, 5)} seconds (clamped to 300), as keepalived derives it.
 *
 * @param keys              key id (1-255) to key bytes
 * @param activeKey         the id adverts are signed with
 * @param timeWindowSeconds freshness window (1-300); used by {@link AntiReplay#TIME} only
 */
public record AuthHmac(
        SortedMap<Integer, byte[]> keys,
        int activeKey,
        AntiReplay antiReplay,
        int timeWindowSeconds,
        Mode mode,
        SourceLocation location) {
    public static final int MIN_KEY_LENGTH = 32;
    public static final int MAX_KEY_LENGTH = 64;
    public static final int MIN_WINDOW = 1;
    public static final int MAX_WINDOW = 300;
    /** The floor keepalived applies when it derives the window from advert_int. */
    public static final int DERIVED_WINDOW_FLOOR = 5;

    /** {@code anti_replay}: TIME checks freshness against the wall clock; MONOTONIC only strict growth. */
    public enum AntiReplay {
        TIME,
        MONOTONIC
    }

    /**
     * {@code mode}: ENFORCE signs and requires a valid trailer; PERMISSIVE signs but also accepts unsigned
     * adverts; RECEIVE_ONLY sends no trailer, accepts unsigned adverts and verifies any trailer it gets.
     */
    public enum Mode {
        ENFORCE("enforce"),
        PERMISSIVE("permissive"),
        RECEIVE_ONLY("receive-only");

        private final String keyword;

        Mode(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        public boolean signs() {
            return this != RECEIVE_ONLY;
        }

        public boolean acceptsUnsigned() {
            return this != ENFORCE;
        }
    }

    public AuthHmac {
        Objects.requireNonNull(antiReplay, "antiReplay");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(location, "location");
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        keys.forEach((id, k) -> {
            if (id < 1 || id > 255) {
                throw new IllegalArgumentException("key id must be 1..255: " + id);
            }
            if (k.length < MIN_KEY_LENGTH || k.length > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("key " + id + " must be 32..64 bytes: " + k.length);
            }
            copy.put(id, k.clone());
        });
        if (!copy.containsKey(activeKey)) {
            throw new IllegalArgumentException("active_key " + activeKey + " is not a defined key");
        }
        if (timeWindowSeconds < MIN_WINDOW || timeWindowSeconds > MAX_WINDOW) {
            throw new IllegalArgumentException("time_window must be 1..300: " + timeWindowSeconds);
        }
        keys = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /** The window keepalived uses when {@code time_window} is not written: max(3 x advert_int, 5), at most 300. */
    public static int derivedWindow(java.time.Duration advertInterval) {
        long threeIntervals = 3 * advertInterval.toSeconds();
        return (int) Math.max(DERIVED_WINDOW_FLOOR, Math.min(MAX_WINDOW, threeIntervals));
    }

    /** The bytes of one key (a copy), or null when the id is not configured. */
    public byte[] key(int id) {
        byte[] k = keys.get(id);
        return k == null ? null : k.clone();
    }

    /** Same settings and key material, wherever written. */
    public boolean sameAs(AuthHmac o) {
        if (activeKey != o.activeKey
                || antiReplay != o.antiReplay
                || timeWindowSeconds != o.timeWindowSeconds
                || mode != o.mode
                || !keys.keySet().equals(o.keys.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
            if (!Arrays.equals(e.getValue(), o.keys.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthHmac a && sameAs(a) && location.equals(a.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys.keySet(), activeKey, antiReplay, timeWindowSeconds, mode);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "AuthHmac[keys=" + keys.keySet() + ", active_key=" + activeKey + ", anti_replay="
                + antiReplay.name().toLowerCase(java.util.Locale.ROOT) + ", time_window=" + timeWindowSeconds
                + ", mode=" + mode.keyword() + "]";
    }
}
