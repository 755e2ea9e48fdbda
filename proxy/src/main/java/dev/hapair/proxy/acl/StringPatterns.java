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
        String s = ignoreCase ? sample.toLowerCase(Locale.ROOT) : sample;
        for (String p : values) {
            if (kind.matchesText(s, p)) {
                return true;
            }
        }
        return false;
    }
}
