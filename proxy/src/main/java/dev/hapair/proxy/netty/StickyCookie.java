package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.cookie.RequestCookie;
import dev.hapair.proxy.http.cookie.ResponseCookieEdit;
import dev.hapair.proxy.http.cookie.StickyCookies;
import java.util.List;

/**
 * Applies cookie persistence ({@code cookie NAME insert|rewrite|prefix ...}, logic in
 * {@code dev.hapair.proxy.http.cookie}) to request and response heads.
 */
final class StickyCookie {
    private StickyCookie() {}

    /**
     * Reads the request's persistence cookie (and strips it when the mode says the server must not
     * see it); returns the server it designates, or null. Remembers the finding in the exchange.
     */
    static ServerRuntime serverFor(HttpExchange e, BackendRuntime backend, RequestHead request) {
        StickyCookies cookies = backend.cookies();
        if (cookies == null) return null;
        RequestCookie rc = cookies.inspectRequest(request.headers("cookie"), System.currentTimeMillis() / 1000);
        e.requestCookie = rc;
        if (rc.modified()) {
            request.delHeader("cookie");
            for (String v : rc.forwardCookieHeaders()) request.addHeader("Cookie", v);
        }
        ServerRuntime s = rc.status() == RequestCookie.Status.VALID
                ? backend.cookieIndex().serverFor(rc)
                : null;
        e.stickyServer = s;
        if (e.log != null)
            e.log.cookieFlags = rc.status() == RequestCookie.Status.NONE
                    ? "N-"
                    : s == null ? "I-" : s.usable() ? "V-" : "D-"; // HAProxy's TX_CK_DOWN: its server is stopped
        return s;
    }

    /**
     * The request went to {@code server}, not to the one its valid cookie designates (a redispatch after failed
     * connections): HAProxy turns the cookie's flag from V into D (TX_CK_DOWN, {@code assign_server_and_queue}),
     * "--DI" in a log line where the server's answer got the new cookie.
     */
    static void movedFromCookieServer(HttpExchange e, ServerRuntime server) {
        if (e.log == null || server == null || e.stickyServer == null || server == e.stickyServer) return;
        String f = e.log.cookieFlags;
        if (f.length() == 2 && f.charAt(0) == 'V') e.log.cookieFlags = "D" + f.charAt(1);
    }

    /**
     * {@code ignore-persist} matched: the request's cookies are left as they are and read as carrying no
     * persistence cookie (so {@code insert} mode sets one for the server balancing picks); returns null.
     */
    static ServerRuntime ignored(HttpExchange e, BackendRuntime backend) {
        StickyCookies cookies = backend.cookies();
        if (cookies == null) return null;
        e.requestCookie = cookies.inspectRequest(List.of(), System.currentTimeMillis() / 1000);
        e.stickyServer = null;
        if (e.log != null) e.log.cookieFlags = "N-";
        return null;
    }

    /** Inserts, rewrites or prefixes the persistence cookie in the response. */
    static void onResponse(HttpExchange e, ResponseHead response) {
        StickyCookies cookies = e.backend.cookies();
        if (cookies == null || e.requestCookie == null || e.server == null) return;
        boolean direct = e.stickyServer != null && e.stickyServer == e.server;
        List<String> setCookies = response.headers("set-cookie");
        ResponseCookieEdit edit = cookies.editResponse(
                e.request.method(),
                e.requestCookie,
                e.server.cookie(),
                direct,
                setCookies,
                System.currentTimeMillis() / 1000);
        if (edit.modified()) {
            response.delHeader("set-cookie");
            for (String v : edit.setCookieHeaders()) response.addHeader("Set-Cookie", v);
            if (e.log != null) e.log.cookieFlags = e.log.cookieFlags.charAt(0) + "I";
        }
        if (edit.addCacheControlPrivate()) response.setHeader("Cache-Control", "private");
    }
}
