package dev.hapair.proxy.lb;

import java.util.function.Predicate;

/** Query-string lookups on a raw request target, without decoding (HAProxy hashes raw bytes too). */
public final class QueryStrings {

    private QueryStrings() {}

    /** First value of {@code name} in the query part of {@code uri}, "" for {@code ?name}, null if absent. */
    public static String firstValue(String uri, String name) {
        return find(uri, name, true, v -> true);
    }

    /**
     * Whether {@code p} accepts a value of {@code name} in the query part of {@code uri}: every {@code name=value}
     * in order (acls iterate over them all, as HAProxy's {@code url_param}). Unlike {@link #firstValue}, a bare
     * {@code name} without '=' is no occurrence: HAProxy's url_param skips it ({@code ?q&q=1} gives 1).
     */
    public static boolean anyValue(String uri, String name, Predicate<String> p) {
        return find(uri, name, false, p) != null;
    }

    /**
     * The first value of {@code name} that {@code p} accepts, in query order, or null; a bare {@code name} (no
     * '=') is the value "" when {@code bareIsEmpty}, else no occurrence.
     */
    private static String find(String uri, String name, boolean bareIsEmpty, Predicate<String> p) {
        if (uri == null || name == null || name.isEmpty()) {
            return null;
        }
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        int end = uri.indexOf('#', q);
        if (end < 0) {
            end = uri.length();
        }
        int pos = q + 1;
        while (pos <= end) {
            int amp = uri.indexOf('&', pos);
            if (amp < 0 || amp > end) {
                amp = end;
            }
            int nameEnd = pos + name.length();
            if (nameEnd <= amp && uri.startsWith(name, pos)) {
                String v = null;
                if (nameEnd == amp) {
                    v = bareIsEmpty ? "" : null;
                } else if (uri.charAt(nameEnd) == '=') {
                    v = uri.substring(nameEnd + 1, amp);
                }
                if (v != null && p.test(v)) {
                    return v;
                }
            }
            pos = amp + 1;
        }
        return null;
    }

    /** The path part of a request target: absolute-form scheme and authority and the query removed. */
    public static String path(String uri) {
        if (uri == null) {
            return null;
        }
        int start = 0;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme > 0) {
                int slash = uri.indexOf('/', scheme + 3);
                if (slash < 0) {
                    return "/";
                }
                start = slash;
            }
        }
        int q = uri.indexOf('?', start);
        return q < 0 ? uri.substring(start) : uri.substring(start, q);
    }
}
