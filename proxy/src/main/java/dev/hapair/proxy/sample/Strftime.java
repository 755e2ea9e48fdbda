package dev.hapair.proxy.sample;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The strftime(3) conversions used in {@code ltime}/{@code utime} formats, C locale. */
final class Strftime {

    private final List<Object> parts;

    private Strftime(List<Object> parts) {
        this.parts = parts;
    }

    private static final String KNOWN = "aAbBdeHIjmMpSyYzZsTDFR%nt";

    static Strftime compile(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                lit.append(c);
                continue;
            }
            if (i + 1 >= format.length() || KNOWN.indexOf(format.charAt(i + 1)) < 0) {
                throw new IllegalArgumentException("unsupported conversion '%"
                        + (i + 1 < format.length() ? format.charAt(i + 1) : "") + "' in time format '" + format + "'");
            }
            if (lit.length() > 0) {
                parts.add(lit.toString());
                lit.setLength(0);
            }
            parts.add(format.charAt(++i));
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return new Strftime(parts);
    }

    String format(long epochSeconds, boolean local) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(local ? ZoneId.systemDefault() : ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String s) {
                sb.append(s);
            } else {
                conversion(sb, (Character) p, t, epochSeconds);
            }
        }
        return sb.toString();
    }

    private static void conversion(StringBuilder sb, char c, ZonedDateTime t, long epoch) {
        switch (c) {
            case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
            case 'b' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
            case 'd' -> two(sb, t.getDayOfMonth());
            case 'e' -> sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
            case 'H' -> two(sb, t.getHour());
            case 'I' -> two(sb, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
            case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
            case 'm' -> two(sb, t.getMonthValue());
            case 'M' -> two(sb, t.getMinute());
            case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
            case 'S' -> two(sb, t.getSecond());
            case 'y' -> two(sb, t.getYear() % 100);
            case 'Y' -> sb.append(t.getYear());
            case 'z' -> {
                int off = t.getOffset().getTotalSeconds() / 60;
                sb.append(off < 0 ? '-' : '+');
                off = Math.abs(off);
                two(sb, off / 60);
                two(sb, off % 60);
            }
            case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT));
            case 's' -> sb.append(epoch);
            case 'T' -> {
                two(sb, t.getHour());
                sb.append(':');
                two(sb, t.getMinute());
                sb.append(':');
                two(sb, t.getSecond());
            }
            case 'R' -> {
                two(sb, t.getHour());
                sb.append(':');
                two(sb, t.getMinute());
            }
            case 'D' -> {
                two(sb, t.getMonthValue());
                sb.append('/');
                two(sb, t.getDayOfMonth());
                sb.append('/');
                two(sb, t.getYear() % 100);
            }
            case 'F' -> {
                sb.append(t.getYear()).append('-');
                two(sb, t.getMonthValue());
                sb.append('-');
                two(sb, t.getDayOfMonth());
            }
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            default -> sb.append('%');
        }
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }
}
