package dev.hapair.vrrp.auth;

import java.time.Instant;

/**
 * The 64-bit trailer sequence: UTC seconds (low 32 bits) in the top half, the fraction of the second in
 * 1/65536 s in the next 16 bits, a counter in the low 16. Sequences are ordered with RFC 1982 serial
 * arithmetic over 64 bits, so the wrap of the seconds field (2106) is a non-event. Pure.
 */
public final class Sequences {
    private Sequences() {}

    /** The sequence for a wall-clock reading, counter zero. */
    public static long ofInstant(Instant now) {
        long sec = now.getEpochSecond() & 0xffff_ffffL;
        long subsec = ((long) now.getNano() << 16) / 1_000_000_000L;
        return (sec << 32) | (subsec << 16);
    }

    /** RFC 1982: a is after b when the signed 64-bit difference is positive. */
    public static boolean after(long a, long b) {
        return a - b > 0;
    }

    /** Seconds from the sequence's timestamp to {@code now}, as a signed 32-bit serial difference. */
    public static int ageSeconds(long sequence, Instant now) {
        return (int) (now.getEpochSecond() - (sequence >>> 32));
    }
}
