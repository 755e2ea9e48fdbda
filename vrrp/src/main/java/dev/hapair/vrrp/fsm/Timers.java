package dev.hapair.vrrp.fsm;

import java.time.Duration;
import java.util.Locale;

/**
 * RFC 5798 section 6.1 timer formulas, in nanoseconds:
 * Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256 and
 * Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time.
 *
 * <p>RFC 3768 (v2) defines Skew_Time as (256 - Priority) / 256 seconds, independent of the interval; keepalived
 * scales it by the interval for both versions, and so do we (identical at the usual 1 s interval). Fractions
 * are kept exactly: priority 100 at 1 s gives a skew of 0.609375 s and a master-down interval of 3.609375 s.
 */
public final class Timers {
    public static final long NANOS_PER_CENTI = 10_000_000L;

    private Timers() {}

    public static long skewTimeNanos(int priority, long masterAdverIntervalNanos) {
        return (256L - priority) * masterAdverIntervalNanos / 256L;
    }

    public static long masterDownIntervalNanos(int priority, long masterAdverIntervalNanos) {
        return 3L * masterAdverIntervalNanos + skewTimeNanos(priority, masterAdverIntervalNanos);
    }

    public static Duration skewTime(int priority, Duration masterAdverInterval) {
        return Duration.ofNanos(skewTimeNanos(priority, masterAdverInterval.toNanos()));
    }

    public static Duration masterDownInterval(int priority, Duration masterAdverInterval) {
        return Duration.ofNanos(masterDownIntervalNanos(priority, masterAdverInterval.toNanos()));
    }

    public static long centisToNanos(int centis) {
        return centis * NANOS_PER_CENTI;
    }

    /** "4.900 seconds": keepalived's wording for timer lateness. */
    public static String secondsLong(long nanos) {
        return String.format(Locale.ROOT, "%.3f seconds", nanos / 1e9);
    }

    /** "3.61 s": how reasons print durations. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
