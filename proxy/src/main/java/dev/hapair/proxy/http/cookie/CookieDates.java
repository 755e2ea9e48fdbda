package dev.hapair.proxy.http.cookie;

/**
 * Dates carried inside an inserted cookie when {@code maxidle}/{@code maxlife} are set:
 * {@code VALUE|LASTSEEN|FIRSTSEEN}, each date being epoch seconds in 6 URL-safe base64 digits. Kept in the
 * cookie itself so any proxy of the pair can validate it without shared state.
 */
final class CookieDates {

    private static final String DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final int WIDTH = 6;

    private CookieDates() {}

    static String encode(long epochSeconds) {
        char[] out = new char[WIDTH];
        long v = Math.max(0, epochSeconds);
        for (int i = WIDTH - 1; i >= 0; i--) {
            out[i] = DIGITS.charAt((int) (v & 63));
            v >>>= 6;
        }
        return new String(out);
    }

    /** @return the date, or -1 when {@code s} is not a date */
    static long decode(String s) {
        if (s.length() != WIDTH) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < WIDTH; i++) {
            int d = DIGITS.indexOf(s.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = (v << 6) | d;
        }
        return v;
    }
}
