package dev.hapair.proxy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code http-request normalize-uri <normalizer>}: HAProxy 2.6's URI normalizers, as pure functions of the
 * request target. The path normalizers touch the path only (never the query); the percent ones the path
 * and query; {@code *} and targets without a path are left alone. A {@code strict} normalizer finding an
 * invalid percent sequence returns null: the request is then answered 400.
 */
enum UriNormalizer {
    PATH_MERGE_SLASHES,
    PATH_STRIP_DOT,
    PATH_STRIP_DOTDOT,
    PATH_STRIP_DOTDOT_FULL,
    PERCENT_DECODE_UNRESERVED,
    PERCENT_DECODE_UNRESERVED_STRICT,
    PERCENT_TO_UPPERCASE,
    PERCENT_TO_UPPERCASE_STRICT,
    QUERY_SORT_BY_NAME,
    FRAGMENT_STRIP,
    FRAGMENT_ENCODE;

    /** The normalizer of {@code normalize-uri <name> [option]}; an error naming what is wrong. */
    static UriNormalizer of(List<String> a) {
        if (a.isEmpty()) throw new IllegalArgumentException("expects a normalizer");
        String n = a.get(0);
        String opt = a.size() > 1 ? a.get(1) : null;
        if (a.size() > 2) throw new IllegalArgumentException("unexpected argument '" + a.get(2) + "'");
        UriNormalizer plain =
                switch (n) {
                    case "path-merge-slashes" -> PATH_MERGE_SLASHES;
                    case "path-strip-dot" -> PATH_STRIP_DOT;
                    case "path-strip-dotdot" -> PATH_STRIP_DOTDOT;
                    case "percent-decode-unreserved" -> PERCENT_DECODE_UNRESERVED;
                    case "percent-to-uppercase" -> PERCENT_TO_UPPERCASE;
                    case "query-sort-by-name" -> QUERY_SORT_BY_NAME;
                    case "fragment-strip" -> FRAGMENT_STRIP;
                    case "fragment-encode" -> FRAGMENT_ENCODE;
                    default -> throw new IllegalArgumentException("unknown normalizer '" + n + "'"
                            + dev.hapair.common.config.Suggestions.didYouMean(
                                    n,
                                    List.of(
                                            "fragment-encode",
                                            "fragment-strip",
                                            "path-merge-slashes",
                                            "path-strip-dot",
                                            "path-strip-dotdot",
                                            "percent-decode-unreserved",
                                            "percent-to-uppercase",
                                            "query-sort-by-name")));
                };
        if (opt == null) return plain;
        return switch (plain) {
            case PATH_STRIP_DOTDOT -> {
                if (!opt.equals("full")) throw new IllegalArgumentException("'" + n + "' only takes 'full'");
                yield PATH_STRIP_DOTDOT_FULL;
            }
            case PERCENT_DECODE_UNRESERVED, PERCENT_TO_UPPERCASE -> {
                if (!opt.equals("strict")) throw new IllegalArgumentException("'" + n + "' only takes 'strict'");
                yield plain == PERCENT_TO_UPPERCASE ? PERCENT_TO_UPPERCASE_STRICT : PERCENT_DECODE_UNRESERVED_STRICT;
            }
            default -> throw new IllegalArgumentException("'" + n + "' takes no option, got '" + opt + "'");
        };
    }

    /** The normalized target, or null when a strict normalizer rejects it. */
    String apply(String uri) {
        if (uri.equals("*")) return uri;
        int start = pathStart(uri);
        if (start < 0) return uri;
        String prefix = uri.substring(0, start);
        String rest = uri.substring(start);
        int hash = rest.indexOf('#');
        String fragment = hash < 0 ? "" : rest.substring(hash);
        String pq = hash < 0 ? rest : rest.substring(0, hash);
        int q = pq.indexOf('?');
        String path = q < 0 ? pq : pq.substring(0, q);
        String query = q < 0 ? null : pq.substring(q + 1);
        switch (this) {
            case FRAGMENT_STRIP -> {
                return prefix + pq;
            }
            case FRAGMENT_ENCODE -> {
                return prefix + rest.replace("#", "%23");
            }
            case PATH_MERGE_SLASHES -> path = path.replaceAll("/{2,}", "/");
            case PATH_STRIP_DOT -> path = stripDot(path);
            case PATH_STRIP_DOTDOT, PATH_STRIP_DOTDOT_FULL -> path = stripDotdot(path, this == PATH_STRIP_DOTDOT_FULL);
            case QUERY_SORT_BY_NAME -> query = query == null ? null : sortQuery(query);
            default -> {
                boolean strict = this == PERCENT_DECODE_UNRESERVED_STRICT || this == PERCENT_TO_UPPERCASE_STRICT;
                boolean decode = this == PERCENT_DECODE_UNRESERVED || this == PERCENT_DECODE_UNRESERVED_STRICT;
                path = percent(path, decode, strict);
                if (path == null) return null;
                if (query != null) {
                    query = percent(query, decode, strict);
                    if (query == null) return null;
                }
            }
        }
        return prefix + path + (query == null ? "" : "?" + query) + fragment;
    }

    /** Where the path of a target starts: 0 in origin form, after the authority in absolute form; -1: none. */
    private static int pathStart(String uri) {
        if (uri.startsWith("/")) return 0;
        int scheme = uri.indexOf("://");
        if (scheme < 0) return -1;
        int slash = uri.indexOf('/', scheme + 3);
        return slash;
    }

    private static String stripDot(String path) {
        String[] seg = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < seg.length; i++) {
            if (seg[i].equals(".")) {
                if (i == seg.length - 1) out.add(""); // "/a/." keeps its trailing slash
                continue;
            }
            out.add(seg[i]);
        }
        return "/" + String.join("/", out);
    }

    private static String stripDotdot(String path, boolean full) {
        String[] seg = path.split("/", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < seg.length; i++) {
            String s = seg[i];
            if (s.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!full) {
                    out.add("..");
                }
                if (i == seg.length - 1 && !out.isEmpty()) out.add("");
                continue;
            }
            out.add(s);
        }
        return "/" + String.join("/", out);
    }

    /** Parameters by name (byte order, a name before the longer ones it starts), equal names kept in order. */
    private static String sortQuery(String query) {
        if (query.isEmpty()) return query;
        List<String> params = new ArrayList<>(List.of(query.split("&", -1)));
        params.sort((x, y) -> name(x).compareTo(name(y)));
        return String.join("&", params);
    }

    private static String name(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param : param.substring(0, eq);
    }

    private static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** Decodes unreserved %XX ({@code decode}) or upper-cases their hex digits; null on a bad one if strict. */
    private static String percent(String s, boolean decode, boolean strict) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                if (strict) return null;
                sb.append(c);
                continue;
            }
            int v = hi * 16 + lo;
            if (decode && unreserved(v)) {
                sb.append((char) v);
            } else if (decode) {
                sb.append(s, i, i + 3);
            } else {
                sb.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return sb.toString();
    }
}
