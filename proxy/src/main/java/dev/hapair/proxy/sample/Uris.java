package dev.hapair.proxy.sample;

/** Path and query of a raw request target, without decoding (ACLs match raw bytes as HAProxy does). */
public final class Uris {

    private Uris() {}

    public static String path(String uri) {
        if (uri == null) {
            return null;
        }
        int start = pathStart(uri);
        if (start < 0) {
            return "/";
        }
        int q = uri.indexOf('?', start);
        return q < 0 ? uri.substring(start) : uri.substring(start, q);
    }

    /** Scheme and authority of an absolute-form target ({@code http://host:port}), "" for origin form. */
    public static String authority(String uri) {
        int scheme = uri.startsWith("/") ? -1 : uri.indexOf("://");
        if (scheme <= 0) {
            return "";
        }
        int end = uri.length();
        for (int i = scheme + 3; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?') {
                end = i;
                break;
            }
        }
        return uri.substring(0, end);
    }

    /**
     * The target from its path on, query included, as HAProxy's {@code http_get_path} reads it ({@code
     * capture.req.uri}, {@code %HPO}): from the first '/' of an origin-form target, or of an absolute one after
     * its {@code scheme://} and authority; null for {@code *}, an authority-form target ({@code host:port}), or an
     * absolute one without a path.
     */
    public static String capturedPath(String uri) {
        if (uri == null || uri.isEmpty() || uri.charAt(0) == '*') return null;
        int i = 0, n = uri.length();
        if (isAlpha(uri.charAt(0))) {
            i++;
            while (i < n && (isAlnum(uri.charAt(i)) || "+-.".indexOf(uri.charAt(i)) >= 0)) i++;
            if (!uri.startsWith("://", i)) return null;
            i += 3;
        }
        while (i < n && uri.charAt(i) != '/') i++;
        return i == n ? null : uri.substring(i);
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(char c) {
        return isAlpha(c) || c >= '0' && c <= '9';
    }

    /** Path and query ({@code pathq}): the target without scheme and authority. */
    public static String pathq(String uri) {
        if (uri == null) {
            return null;
        }
        int start = pathStart(uri);
        if (start < 0) {
            int q = uri.indexOf('?', uri.indexOf("://") + 3);
            return q < 0 ? "/" : "/" + uri.substring(q);
        }
        return uri.substring(start);
    }

    public static String query(String uri) {
        if (uri == null) {
            return null;
        }
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /** Host and path ({@code base}): Host header value followed by the path. */
    public static String base(String host, String path) {
        return host == null ? path : host + path;
    }

    /** Index where the path begins; -1 for an absolute URI without path. */
    private static int pathStart(String uri) {
        if (uri.startsWith("/")) {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme > 0) {
            int slash = uri.indexOf('/', scheme + 3);
            int q = uri.indexOf('?', scheme + 3);
            if (slash < 0 || (q >= 0 && q < slash)) {
                return -1;
            }
            return slash;
        }
        return 0;
    }
}
