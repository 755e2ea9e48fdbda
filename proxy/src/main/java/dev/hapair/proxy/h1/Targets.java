package dev.hapair.proxy.h1;

/** Parts of a request target (RFC 9112 section 3.2). */
public final class Targets {
    private Targets() {}

    /** Index where the path begins; for an absolute URI without a path, the index where it would be. */
    static int pathStart(String uri) {
        if (uri.startsWith("/")) return 0;
        int scheme = uri.indexOf("://");
        if (scheme < 0) return 0;
        int from = scheme + 3;
        for (int i = from; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?' || c == '#') return i;
        }
        return uri.length();
    }

    /**
     * Length of the target's {@code scheme://} as HAProxy 2.6 recognises one (http_parse_scheme: a letter, then
     * letters, digits, '+', '-' or '.', then "://"), or 0 when it has none.
     */
    static int schemeLength(String uri) {
        if (uri.isEmpty() || !isAsciiLetter(uri.charAt(0))) return 0;
        int i = 1;
        while (i < uri.length()) {
            char c = uri.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') break;
            i++;
        }
        return uri.startsWith("://", i) ? i + 3 : 0;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Authority of an absolute-form target, or null for any other form. */
    static String authority(String uri) {
        if (uri.startsWith("/")) return null;
        int scheme = uri.indexOf("://");
        if (scheme <= 0) return null;
        return uri.substring(scheme + 3, pathStart(uri));
    }

    /**
     * RFC 3986 6.2.3 scheme-based normalisation of an authority ({@code host[:port]}, no userinfo):
     * {@code host:80} or {@code host:} for http, {@code host:443} or {@code host:} for https, the port
     * dropped. HAProxy 2.6 applies one rule to HTTP/1 absolute-form targets and HTTP/2 :authority alike.
     */
    public static String withoutDefaultPort(String scheme, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(']', colon) >= 0) return hostPort; // no port (an IPv6 literal's colons)
        String port = hostPort.substring(colon + 1);
        boolean dflt = port.isEmpty()
                || scheme.equalsIgnoreCase("http") && port.equals("80")
                || scheme.equalsIgnoreCase("https") && port.equals("443");
        return dflt ? hostPort.substring(0, colon) : hostPort;
    }

    /** The origin form ({@code /path?query}) of an absolute-form target; null for any other form. */
    public static String originForm(String uri) {
        if (authority(uri) == null) return null;
        String rest = uri.substring(pathStart(uri));
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }

    static String path(String uri) {
        int s = pathStart(uri);
        int q = uri.indexOf('?', s);
        String p = q < 0 ? uri.substring(s) : uri.substring(s, q);
        return p.isEmpty() && s > 0 ? "/" : p;
    }

    static String query(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    static String withPath(String uri, String path) {
        int s = pathStart(uri);
        int q = uri.indexOf('?', s);
        return uri.substring(0, s) + path + (q < 0 ? "" : uri.substring(q));
    }

    static String withQuery(String uri, String query) {
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        return query == null ? base : base + "?" + query;
    }
}
