package dev.hapair.proxy.http.cookie;

import java.util.List;

/**
 * What the persistence cookie of a request says, and the Cookie headers to forward.
 *
 * @param status whether a usable server value was found
 * @param serverValue the server's {@code cookie} value the client presented (null unless {@link Status#VALID})
 * @param forwardCookieHeaders the request's Cookie header values to send to the server, in order (our
 *                             cookie removed in insert+indirect mode, the prefix removed in prefix mode); an
 *                             empty list means "send no Cookie header"
 * @param modified true when {@code forwardCookieHeaders} differs from what was received
 * @param firstSeen date (epoch seconds) the cookie was first issued, -1 when unknown
 * @param lastSeen date the cookie was last issued or refreshed, -1 when unknown
 */
public record RequestCookie(
        Status status,
        String serverValue,
        List<String> forwardCookieHeaders,
        boolean modified,
        long firstSeen,
        long lastSeen) {

    public enum Status {
        /** No persistence cookie in the request. */
        NONE,
        /** A server value was found (whether that server exists and is up is the selector's question). */
        VALID,
        /** The cookie was present but older than {@code maxidle} or {@code maxlife}: ignored. */
        EXPIRED
    }

    public RequestCookie {
        forwardCookieHeaders = List.copyOf(forwardCookieHeaders);
    }
}
