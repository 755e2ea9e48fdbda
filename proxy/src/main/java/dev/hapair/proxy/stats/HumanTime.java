package dev.hapair.proxy.stats;

/** HAProxy's short durations on the stats page: {@code 2s}, {@code 5m12s}, {@code 20h28m}, {@code 3d4h}. */
public final class HumanTime {
    private HumanTime() {}

    public static String of(long seconds) {
        if (seconds < 0) seconds = 0;
        long d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
        if (d > 0) return d + "d" + h + "h";
        if (h > 0) return h + "h" + m + "m";
        if (m > 0) return m + "m" + s + "s";
        return s + "s";
    }
}
