package dev.hapair.proxy.sample;

/**
 * HAProxy's captured request line: the method, target and version as received, cut to {@code tune.http.logurilen}
 * (1024) less one: 1023 characters. The log's request-line variables ({@code %r %HM %HU %HP %HPO %HQ %HV}) and
 * {@code capture.req.method}/{@code capture.req.uri} read it, so a long target is cut there, and a version cut off
 * shows as HAProxy parses what is left ("HTTP/0.9" when none of it is, its first characters otherwise; haproxy
 * 2.6.12 side by side).
 */
final class CapturedRequestLine {
    /** tune.http.logurilen's default, less the terminating NUL. */
    static final int MAX = 1023;

    private CapturedRequestLine() {}

    static String method(HttpHead h) {
        String m = h.receivedMethod();
        return m == null || m.length() <= MAX ? m : m.substring(0, MAX);
    }

    static String uri(HttpHead h) {
        String m = h.receivedMethod(), u = h.receivedUri();
        if (m == null || u == null) return u;
        int room = MAX - m.length() - 1;
        return u.length() <= room ? u : u.substring(0, Math.max(0, room));
    }

    static String version(HttpHead h) {
        String m = h.receivedMethod(), u = h.receivedUri(), v = h.receivedVersion();
        if (m == null || u == null || v == null) return v;
        int room = MAX - m.length() - u.length() - 2;
        if (v.length() <= room) return v;
        return room <= 0 ? "HTTP/0.9" : v.substring(0, room);
    }

    static String line(HttpHead h) {
        String l = h.receivedMethod() + " " + h.receivedUri() + " " + h.receivedVersion();
        return l.length() <= MAX ? l : l.substring(0, MAX);
    }
}
