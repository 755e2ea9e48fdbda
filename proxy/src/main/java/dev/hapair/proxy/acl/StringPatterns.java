package dev.hapair.proxy.acl;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** String patterns for one of the string match methods, optionally case-insensitive ({@code -i}). */
final class StringPatterns {

    private final MatchMethod method;
    private final boolean ignoreCase;
    private final String[] values;
    private final Pattern[] regexes;

    private StringPatterns(MatchMethod method, boolean ignoreCase, String[] values, Pattern[] regexes) {
        this.method = method;
        this.ignoreCase = ignoreCase;
        this.values = values;
        this.regexes = regexes;
    }

    static StringPatterns compile(MatchMethod method, boolean ignoreCase, List<String> patterns) {
        if (method == MatchMethod.REG) {
            Pattern[] rx = new Pattern[patterns.size()];
            for (int i = 0; i < rx.length; i++) {
                try {
                    rx[i] = Pattern.compile(patterns.get(i), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regex '" + patterns.get(i) + "': "
                            + e.getDescription());
                }
            }
            return new StringPatterns(method, ignoreCase, new String[0], rx);
        }
        String[] v = new String[patterns.size()];
        for (int i = 0; i < v.length; i++) {
            String p = patterns.get(i);
            if (method == MatchMethod.DOM || method == MatchMethod.DIR) {
                p = trimDelimiters(p, method);
            }
            v[i] = ignoreCase ? p.toLowerCase(Locale.ROOT) : p;
        }
        return new StringPatterns(method, ignoreCase, v, new Pattern[0]);
    }

    boolean matches(String sample) {
        if (method == MatchMethod.REG) {
            for (Pattern p : regexes) {
                if (p.matcher(sample).find()) {
                    return true;
                }
            }
            return false;
        }
        String s = ignoreCase ? sample.toLowerCase(Locale.ROOT) : sample;
        for (String p : values) {
            if (matchOne(s, p)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchOne(String s, String p) {
        switch (method) {
            case STR:
                return s.equals(p);
            case BEG:
                return s.startsWith(p);
            case END:
                return s.endsWith(p);
            case SUB:
                return s.contains(p);
            default:
                return delimited(s, p, method);
        }
    }

    /** dom: the pattern appears as whole dot/slash-delimited words; dir: as whole slash-delimited parts. */
    private static boolean delimited(String s, String p, MatchMethod m) {
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

    private static boolean isDelimiter(char c, MatchMethod m) {
        return c == '/' || c == '?' || (m == MatchMethod.DOM && (c == '.' || c == ':'));
    }

    private static String trimDelimiters(String p, MatchMethod m) {
        int a = 0;
        int b = p.length();
        while (a < b && isDelimiter(p.charAt(a), m)) {
            a++;
        }
        while (b > a && isDelimiter(p.charAt(b - 1), m)) {
            b--;
        }
        return p.substring(a, b);
    }
}
