package dev.hapair.proxy.sample;

import java.util.Locale;

/**
 * How a sample is compared with a pattern in maps ({@code map_beg}...) and string acls ({@code -m beg}).
 * The string rules live here once; acls and maps both use them.
 */
public enum MatchKind {
    STR,
    BEG,
    END,
    SUB,
    DOM,
    DIR,
    REG,
    IP,
    INT;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MatchKind byKeyword(String k) {
        for (MatchKind m : values()) {
            if (m.keyword().equals(k)) {
                return m;
            }
        }
        return null;
    }

    /** For the plain string kinds (not REG, IP, INT): whether {@code s} matches {@code p}. */
    public boolean matchesText(String s, String p) {
        switch (this) {
            case STR:
                return s.equals(p);
            case BEG:
                return s.startsWith(p);
            case END:
                return s.endsWith(p);
            case SUB:
                return s.contains(p);
            case DOM:
            case DIR:
                return delimited(s, trimDelimiters(p), this);
            default:
                throw new IllegalStateException(this + " is not a string match");
        }
    }

    /** dom: the pattern appears as whole dot/slash-delimited words; dir: as whole slash-delimited parts. */
    private static boolean delimited(String s, String p, MatchKind m) {
        if (p.isEmpty()) {
            return false;
        }
        int from = 0;
        while (true) {
            int i = s.indexOf(p, from);
            if (i < 0) {
                return false;
            }
            int end = i + p.length();
            if ((i == 0 || isDelimiter(s.charAt(i - 1), m)) && (end == s.length() || isDelimiter(s.charAt(end), m))) {
                return true;
            }
            from = i + 1;
        }
    }

    private static boolean isDelimiter(char c, MatchKind m) {
        return c == '/' || c == '?' || (m == DOM && (c == '.' || c == ':'));
    }

    /** Patterns of dom/dir are compared without their leading and trailing delimiters. */
    public String trimDelimiters(String p) {
        if (this != DOM && this != DIR) {
            return p;
        }
        int a = 0;
        int b = p.length();
        while (a < b && isDelimiter(p.charAt(a), this)) {
            a++;
        }
        while (b > a && isDelimiter(p.charAt(b - 1), this)) {
            b--;
        }
        return p.substring(a, b);
    }
}
