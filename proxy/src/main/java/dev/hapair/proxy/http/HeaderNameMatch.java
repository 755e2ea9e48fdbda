package dev.hapair.proxy.http;

import dev.hapair.proxy.config.HttpRequestAction.DelHeader.Match;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Header-name matching of {@code del-header NAME -m METH}. Names are compared lower-cased, as HAProxy
 * stores them (HTX): {@code str}/{@code beg}/{@code end}/{@code sub} ignore case, {@code reg} runs the
 * regex on the lower-cased name.
 */
public final class HeaderNameMatch {
    private HeaderNameMatch() {}

    /** A predicate over lower-cased header names. */
    public static Predicate<String> of(Match method, String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        return switch (method) {
            case STR -> p::equals;
            case BEG -> n -> n.startsWith(p);
            case END -> n -> n.endsWith(p);
            case SUB -> n -> n.contains(p);
            case REG -> {
                Pattern re = Pattern.compile(pattern);
                yield n -> re.matcher(n).find();
            }
        };
    }
}
