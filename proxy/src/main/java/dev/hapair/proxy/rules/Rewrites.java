package dev.hapair.proxy.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a rewrite costs in the message's buffer, so that a rewrite which would not fit fails as HAProxy's
 * does (its {@code tune.maxrewrite} reserve is what normally leaves room). A header line counts its name,
 * value, ": " and CRLF; a request target or method counts its length.
 */
final class Rewrites {
    private Rewrites() {}

    static long line(String name, String value) {
        return name.length() + value.length() + 4L;
    }

    /** The bytes of every line named {@code name}. */
    static long lines(HeadEditor h, String name) {
        return h.lineBytes(name);
    }

    /** The bytes of every line whose lower-cased name satisfies {@code match}. */
    static long lines(HeadEditor h, Predicate<String> match) {
        long n = 0;
        List<Map.Entry<String, String>> all = h.headerLines();
        for (Map.Entry<String, String> e : all) {
            if (match.test(e.getKey().toLowerCase(Locale.ROOT))) n += line(e.getKey(), e.getValue());
        }
        return n;
    }

    /** Whether a rewrite of {@code delta} bytes fits in that message; if so it is counted as done. */
    static boolean fit(Txn t, boolean response, long delta) {
        if (delta > 0 && delta > t.rewriteRoom(response)) return false;
        t.rewrote(response, delta);
        return true;
    }
}
