package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.Converters;
import dev.hapair.proxy.sample.MatchKind;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** String patterns for one of the string match methods, optionally case-insensitive ({@code -i}). */
final class StringPatterns {

    private final MatchKind kind;
    private final boolean ignoreCase;
    private final String[] values;
    private final Pattern[] regexes;

    private StringPatterns(MatchKind kind, boolean ignoreCase, String[] values, Pattern[] regexes) {
        this.kind = kind;
        this.ignoreCase = ignoreCase;
        this.values = values;
        this.regexes = regexes;
    }

    static StringPatterns compile(MatchKind kind, boolean ignoreCase, List<String> patterns) {
        if (kind == MatchKind.REG) {
            Pattern[] rx = new Pattern[patterns.size()];
            for (int i = 0; i < rx.length; i++) {
                rx[i] = Converters.regex(patterns.get(i), ignoreCase);
            }
            return new StringPatterns(kind, ignoreCase, new String[0], rx);
        }
        String[] v = new String[patterns.size()];
        for (int i = 0; i < v.length; i++) {
            String p = patterns.get(i);
            v[i] = ignoreCase ? p.toLowerCase(Locale.ROOT) : p;
        }
        return new StringPatterns(kind, ignoreCase, v, new Pattern[0]);
    }

    boolean matches(String sample) {
        if (kind == MatchKind.REG) {
            for (Pattern p : regexes) {
                if (p.matcher(sample).find()) {
                    return true;
                }
            }
            return false;
        }
        if (ignoreCase && kind != MatchKind.DOM && kind != MatchKind.DIR && latin1(sample)) {
            for (String p : values) {
                if (matchesLowered(sample, p)) {
                    return true;
                }
            }
            return false;
        }
        String s = ignoreCase ? sample.toLowerCase(Locale.ROOT) : sample;
        for (String p : values) {
            if (kind.matchesText(s, p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code -i} without lower-casing a copy of the sample (the Host of every request for {@code hdr(host) -i}):
     * for a sample of chars up to U+00FF, {@code toLowerCase(Locale.ROOT)} lowers each char on its own and keeps
     * the length, so comparing {@link Character#toLowerCase(char)} of each with the lowered pattern is the same
     * test. Other samples (and dom/dir) take the copy.
     */
    private boolean matchesLowered(String s, String p) {
        int n = s.length();
        int m = p.length();
        switch (kind) {
            case STR:
                return n == m && lowerRegion(s, 0, p);
            case BEG:
                return n >= m && lowerRegion(s, 0, p);
            case END:
                return n >= m && lowerRegion(s, n - m, p);
            case SUB:
                for (int i = 0; i + m <= n; i++) {
                    if (lowerRegion(s, i, p)) {
                        return true;
                    }
                }
                return false;
            default:
                throw new IllegalStateException(kind + " is not a string match");
        }
    }

    private static boolean lowerRegion(String s, int from, String lowered) {
        for (int i = 0; i < lowered.length(); i++) {
            if (Character.toLowerCase(s.charAt(from + i)) != lowered.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }
}
