package dev.hapair.proxy.http.cookie;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds a backend's server by the value of its {@code cookie} option. The runtime then asks the selector
 * ({@code ServerSelector.selectPersistent}) whether that server is up, which is what "a valid cookie"
 * means in HAProxy.
 */
public final class CookieServerIndex<S> {

    private final Map<String, S> byValue;

    /** @param cookieOf the server's cookie value, or null for servers without one */
    public CookieServerIndex(List<S> servers, Function<S, String> cookieOf) {
        Map<String, S> m = new HashMap<>();
        for (S s : servers) {
            String v = cookieOf.apply(s);
            if (v != null && !v.isEmpty()) {
                m.putIfAbsent(v, s);
            }
        }
        this.byValue = Map.copyOf(m);
    }

    /** The server whose cookie value is {@code value}, or null. */
    public S byValue(String value) {
        return value == null ? null : byValue.get(value);
    }

    /** The server a request's cookie designates, or null when there is none or it is expired/unknown. */
    public S serverFor(RequestCookie cookie) {
        return cookie.status() == RequestCookie.Status.VALID ? byValue(cookie.serverValue()) : null;
    }
}
