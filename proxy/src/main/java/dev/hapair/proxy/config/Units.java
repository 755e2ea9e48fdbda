package dev.hapair.proxy.config;

import java.time.Duration;
import java.util.Locale;

/**
 * HAProxy time and size values. Times: a non-negative integer with an optional unit {@code us ms s m h d};
 * without a unit the keyword's default unit applies (milliseconds for most, seconds for a few such as
 * {@code stats refresh}). Sizes: an integer with optional {@code k m g} (powers of 1024).
 */
public final class Units {

    private Units() {}

    /** The unit a bare number is read in. */
    public enum TimeUnitDefault {
        MILLISECONDS,
        SECONDS
    }

    public static Duration parseTime(String text, TimeUnitDefault bareUnit) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a time value (expected a number with an"
                    + " optional unit us, ms, s, m, h or d)");
        }
        long n;
        try {
            n = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("time value '" + text + "' is too large");
        }
        String unit = text.substring(i).toLowerCase(Locale.ROOT);
        try {
            return switch (unit) {
                case "" -> bareUnit == TimeUnitDefault.SECONDS ? Duration.ofSeconds(n) : Duration.ofMillis(n);
                case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unexpected character '" + text.charAt(i)
                        + "' in time value '" + text + "' (units are us, ms, s, m, h, d)");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time value '" + text + "' is too large");
        }
    }

    /** A time read in milliseconds when no unit is given (timeouts, inter, hard-stop-after...). */
    public static Duration parseTime(String text) {
        return parseTime(text, TimeUnitDefault.MILLISECONDS);
    }

    public static long parseSize(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size value (expected a number with an" + " optional unit k, m or g)");
        }
        long n;
        try {
            n = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size value '" + text + "' is too large");
        }
        String unit = text.substring(i).toLowerCase(Locale.ROOT);
        long mult =
                switch (unit) {
                    case "" -> 1L;
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    case "g" -> 1024L * 1024 * 1024;
                    default -> throw new IllegalArgumentException("unexpected character '" + text.charAt(i)
                            + "' in size value '" + text + "' (units are k, m, g)");
                };
        try {
            return Math.multiplyExact(n, mult);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size value '" + text + "' is too large");
        }
    }

    /** A non-negative decimal integer, or an IllegalArgumentException naming what was expected. */
    public static int parseInt(String text, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " expects a non-negative integer, got '" + text + "'");
        }
    }
}
