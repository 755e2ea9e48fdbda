package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.http.cookie.RequestCookie;
import dev.hapair.proxy.http.cookie.ResponseCookieEdit;
import dev.hapair.proxy.http.cookie.StickyCookies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;

/**
 * Applies cookie persistence ({@code cookie NAME insert|rewrite|prefix ...}, logic in
 * {@code dev.hapair.proxy.http.cookie}) to Netty request and response heads.
 */
final class StickyCookie {
    private StickyCookie() {}

    /**
     * Reads the request's persistence cookie (and strips it when the mode says the server must not
     * see it); returns the server it designates, or null. Remembers the finding in the exchange.
     */
    static ServerRuntime serverFor(HttpExchange e, BackendRuntime backend, HttpRequest request) {
        StickyCookies cookies = backend.cookies();
        if (cookies == null) return null;
        HttpHeaders h = request.headers();
        RequestCookie rc = cookies.inspectRequest(h.getAll(HttpHeaderNames.COOKIE), System.currentTimeMillis() / 1000);
        e.requestCookie = rc;
        if (rc.modified()) {
            h.remove(HttpHeaderNames.COOKIE);
            for (String v : rc.forwardCookieHeaders()) h.add(HttpHeaderNames.COOKIE, v);
        }
        ServerRuntime s = rc.status() == RequestCookie.Status.VALID ? backend.cookieIndex().serverFor(rc) : null;
        e.stickyServer = s;
        if (e.log != null) e.log.cookieFlags = rc.status() == RequestCookie.Status.NONE ? "N-" : s != null ? "V-" : "I-";
        return s;
    }

    /** Inserts, rewrites or prefixes the persistence cookie in the response. */
    static void onResponse(HttpExchange e, HttpResponse response) {
        StickyCookies cookies = e.backend.cookies();
        if (cookies == null || e.requestCookie == null || e.server == null) return;
        HttpHeaders h = response.headers();
        boolean direct = e.stickyServer != null && e.stickyServer == e.server;
        List<String> setCookies = h.getAll(HttpHeaderNames.SET_COOKIE);
        ResponseCookieEdit edit = cookies.editResponse(e.request.method().name(), e.requestCookie, e.server.cookie(),
            direct, setCookies, System.currentTimeMillis() / 1000);
        if (edit.modified()) {
            h.remove(HttpHeaderNames.SET_COOKIE);
            for (String v : edit.setCookieHeaders()) h.add(HttpHeaderNames.SET_COOKIE, v);
            if (e.log != null) e.log.cookieFlags = e.log.cookieFlags.charAt(0) + "I";
        }
        if (edit.addCacheControlPrivate()) h.set(HttpHeaderNames.CACHE_CONTROL, "private");
    }
}
