package dev.hapair.proxy.http.cookie;

import java.util.ArrayList;
import java.util.List;

/**
 * Cookie persistence of one backend, on header values only (the HTTP layer reads and writes the headers).
 *
 * <p>Request side ({@link #inspectRequest}): find the server value in the {@code Cookie} headers and
 * compute the headers to forward. Response side ({@link #editResponse}): insert, rewrite or prefix the
 * persistence cookie in {@code Set-Cookie}. Pure: the clock is a parameter.
 */
public final class StickyCookies {

    private static final char PREFIX_DELIMITER = '~';
    private static final char DATE_DELIMITER = '|';

    private final StickyCookieSpec spec;

    public StickyCookies(StickyCookieSpec spec) {
        this.spec = spec;
    }

    public StickyCookieSpec spec() {
        return spec;
    }

    /**
     * @param cookieHeaders every {@code Cookie} header value of the request, in order
     * @param nowSeconds current epoch seconds (for maxidle/maxlife)
     */
    public RequestCookie inspectRequest(List<String> cookieHeaders, long nowSeconds) {
        String raw = null;
        boolean modified = false;
        List<String> forward = new ArrayList<>(cookieHeaders.size());
        for (String header : cookieHeaders) {
            List<String> segments = splitCookieHeader(header);
            boolean changed = false;
            List<String> kept = new ArrayList<>(segments.size());
            for (String seg : segments) {
                int eq = seg.indexOf('=');
                String name = eq < 0 ? seg : seg.substring(0, eq).trim();
                if (!name.equals(spec.name())) {
                    kept.add(seg);
                    continue;
                }
                String value = eq < 0 ? "" : seg.substring(eq + 1).trim();
                if (raw == null) {
                    raw = value;
                }
                if (spec.mode() == StickyCookieSpec.Mode.INSERT && spec.indirect()) {
                    changed = true; // our own cookie: the application never sees it
                } else if (spec.mode() == StickyCookieSpec.Mode.PREFIX && value.indexOf(PREFIX_DELIMITER) >= 0) {
                    kept.add(name + "=" + value.substring(value.indexOf(PREFIX_DELIMITER) + 1));
                    changed = true;
                } else {
                    kept.add(seg);
                }
            }
            if (changed) {
                modified = true;
                if (!kept.isEmpty()) {
                    forward.add(String.join("; ", kept));
                }
            } else {
                forward.add(header);
            }
        }
        return decide(raw, forward, modified, nowSeconds);
    }

    private RequestCookie decide(String raw, List<String> forward, boolean modified, long now) {
        if (raw == null) {
            return new RequestCookie(RequestCookie.Status.NONE, null, forward, modified, -1, -1);
        }
        String server = raw;
        long last = -1;
        long first = -1;
        switch (spec.mode()) {
            case PREFIX: {
                int d = raw.indexOf(PREFIX_DELIMITER);
                server = d < 0 ? "" : raw.substring(0, d);
                break;
            }
            case INSERT: {
                int d = raw.indexOf(DATE_DELIMITER);
                if (d >= 0) {
                    server = raw.substring(0, d);
                    String[] dates = raw.substring(d + 1).split("\\|", -1);
                    last = CookieDates.decode(dates[0]);
                    first = dates.length > 1 ? CookieDates.decode(dates[1]) : -1;
                }
                break;
            }
            default:
                break;
        }
        if (server.isEmpty()) {
            return new RequestCookie(RequestCookie.Status.NONE, null, forward, modified, -1, -1);
        }
        if (spec.mode() == StickyCookieSpec.Mode.INSERT) {
            boolean idleExpired = spec.maxIdleSeconds() > 0 && last >= 0 && now - last > spec.maxIdleSeconds();
            boolean lifeExpired = spec.maxLifeSeconds() > 0 && first >= 0 && now - first > spec.maxLifeSeconds();
            if (idleExpired || lifeExpired) {
                return new RequestCookie(RequestCookie.Status.EXPIRED, null, forward, modified, first, last);
            }
        }
        return new RequestCookie(RequestCookie.Status.VALID, server, forward, modified, first, last);
    }

    /**
     * @param requestMethod the request's method ({@code postonly} inserts only on POST)
     * @param request the result of {@link #inspectRequest} for this request
     * @param serverCookie the {@code cookie} value of the server that answered, or null if it has none
     * @param direct true when the request's cookie designated this very server and it was used
     * @param setCookieHeaders the server's {@code Set-Cookie} values, in order
     * @param nowSeconds current epoch seconds
     */
    public ResponseCookieEdit editResponse(
            String requestMethod,
            RequestCookie request,
            String serverCookie,
            boolean direct,
            List<String> setCookieHeaders,
            long nowSeconds) {
        switch (spec.mode()) {
            case INSERT:
                return insert(requestMethod, request, serverCookie, direct, setCookieHeaders, nowSeconds);
            case REWRITE:
            case PREFIX:
                return rewrite(serverCookie, direct, setCookieHeaders);
            default:
                return new ResponseCookieEdit(setCookieHeaders, false, false);
        }
    }

    private ResponseCookieEdit insert(
            String method,
            RequestCookie request,
            String serverCookie,
            boolean direct,
            List<String> setCookies,
            long now) {
        boolean serverSetsOwn = false;
        List<String> out = new ArrayList<>(setCookies.size() + 1);
        for (String sc : setCookies) {
            if (spec.name().equals(setCookieName(sc))) {
                serverSetsOwn = true;
                if (!spec.preserve()) {
                    continue; // the persistence cookie belongs to the proxy
                }
            }
            out.add(sc);
        }
        boolean modified = out.size() != setCookies.size();
        if (serverCookie == null
                || (spec.preserve() && serverSetsOwn)
                || (spec.postonly() && !"POST".equals(method))
                || (direct && !needsRefresh(request, now))) {
            return new ResponseCookieEdit(out, false, modified);
        }
        out.add(buildInserted(serverCookie, direct ? request.firstSeen() : -1, now));
        return new ResponseCookieEdit(out, spec.nocache(), true);
    }

    /** With maxidle, a returning client's cookie is re-issued once half of maxidle has passed. */
    private boolean needsRefresh(RequestCookie request, long now) {
        if (!spec.dated()) {
            return false;
        }
        if (request.lastSeen() < 0) {
            return true;
        }
        return spec.maxIdleSeconds() > 0 && now - request.lastSeen() >= Math.max(1, spec.maxIdleSeconds() / 2);
    }

    /** The Set-Cookie value inserted in insert mode. */
    String buildInserted(String serverCookie, long firstSeen, long now) {
        StringBuilder b = new StringBuilder(64);
        b.append(spec.name()).append('=').append(serverCookie);
        if (spec.dated()) {
            b.append(DATE_DELIMITER)
                    .append(CookieDates.encode(now))
                    .append(DATE_DELIMITER)
                    .append(CookieDates.encode(firstSeen >= 0 ? firstSeen : now));
        }
        b.append("; path=/");
        for (String d : spec.domains()) {
            b.append("; domain=").append(d);
        }
        if (spec.httponly()) {
            b.append("; HttpOnly");
        }
        if (spec.secure()) {
            b.append("; Secure");
        }
        for (String a : spec.attrs()) {
            b.append("; ").append(a);
        }
        return b.toString();
    }

    private ResponseCookieEdit rewrite(String serverCookie, boolean direct, List<String> setCookies) {
        List<String> out = new ArrayList<>(setCookies.size());
        boolean modified = false;
        boolean touched = false;
        for (String sc : setCookies) {
            if (!spec.name().equals(setCookieName(sc)) || serverCookie == null) {
                out.add(sc);
                continue;
            }
            if (direct && spec.indirect() && !spec.preserve()) {
                modified = true; // the client already has it: don't resend
                continue;
            }
            int eq = sc.indexOf('=');
            int semi = sc.indexOf(';', eq);
            String value = semi < 0 ? sc.substring(eq + 1) : sc.substring(eq + 1, semi);
            String tail = semi < 0 ? "" : sc.substring(semi);
            String newValue = spec.mode() == StickyCookieSpec.Mode.PREFIX
                    ? serverCookie + PREFIX_DELIMITER + value.trim()
                    : serverCookie;
            out.add(spec.name() + "=" + newValue + tail);
            modified = true;
            touched = true;
        }
        return new ResponseCookieEdit(out, touched && spec.nocache(), modified);
    }

    /** Name of the cookie a Set-Cookie value sets, or null. */
    static String setCookieName(String setCookie) {
        int eq = setCookie.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        int semi = setCookie.indexOf(';');
        if (semi >= 0 && semi < eq) {
            return null;
        }
        return setCookie.substring(0, eq).trim();
    }

    /** Cookie header value into trimmed {@code name=value} segments. */
    static List<String> splitCookieHeader(String header) {
        List<String> out = new ArrayList<>();
        for (String seg : header.split(";")) {
            String t = seg.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
