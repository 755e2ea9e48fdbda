package dev.hapair.proxy.http.cookie;

import java.util.List;

/**
 * How to change a server response for cookie persistence.
 *
 * @param setCookieHeaders the complete list of Set-Cookie values to send to the client, replacing the
 *                         server's own (in order; an inserted cookie comes last)
 * @param addCacheControlPrivate add {@code Cache-Control: private} ({@code nocache}: a response carrying a
 *                               persistence cookie must not be cached and replayed to other clients)
 * @param modified true when {@code setCookieHeaders} differs from the server's
 */
public record ResponseCookieEdit(List<String> setCookieHeaders, boolean addCacheControlPrivate, boolean modified) {

    public ResponseCookieEdit {
        setCookieHeaders = List.copyOf(setCookieHeaders);
    }
}
