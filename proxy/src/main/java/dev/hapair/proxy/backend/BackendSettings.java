package dev.hapair.proxy.backend;

import dev.hapair.proxy.config.HttpConnectionMode;
import dev.hapair.proxy.config.HttpReuse;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.cookie.StickyCookieSpec;

/**
 * What the data path needs from a {@code backend} (or {@code listen}) section.
 *
 * @param retries        connection retries after a failed connect (HAProxy {@code retries}, default 3)
 * @param redispatch     {@code option redispatch}: a retry may go to another server
 * @param redispatchAfter its interval: which retries redispatch ({@link #redispatchesOnRetry(int)})
 * @param connectionMode HTTP keep-alive handling toward this backend's servers
 * @param forwardFor     {@code option forwardfor}, or null
 * @param cookie         {@code cookie NAME ...} persistence, or null
 * @param acceptInvalidResponse {@code option accept-invalid-http-response}: server header names are parsed leniently
 * @param abortOnClose   {@code option abortonclose}: a client that closes its side while its request waits for a
 *                       server or its response head aborts it (without: the request is served, as HAProxy's)
 * @param httpReuse      {@code http-reuse}: which idle server connections a request may take
 */
public record BackendSettings(
        ProxyMode mode,
        Timeouts timeouts,
        int retries,
        boolean redispatch,
        int redispatchAfter,
        HttpConnectionMode connectionMode,
        ForwardFor forwardFor,
        StickyCookieSpec cookie,
        boolean acceptInvalidResponse,
        boolean abortOnClose,
        HttpReuse httpReuse) {
    public static BackendSettings http(Timeouts t) {
        return defaults(ProxyMode.HTTP, t);
    }

    public static BackendSettings tcp(Timeouts t) {
        return defaults(ProxyMode.TCP, t);
    }

    private static BackendSettings defaults(ProxyMode mode, Timeouts t) {
        return new BackendSettings(
                mode, t, 3, false, -1, HttpConnectionMode.KEEP_ALIVE, null, null, false, false, HttpReuse.SAFE);
    }

    public BackendSettings withRedispatch(boolean r, int retryCount) {
        return withRedispatch(r, retryCount, redispatchAfter);
    }

    /** The same settings with {@code retries}, {@code option redispatch} and its {@code <interval>}. */
    public BackendSettings withRedispatch(boolean r, int retryCount, int after) {
        return new BackendSettings(
                mode,
                timeouts,
                retryCount,
                r,
                after,
                connectionMode,
                forwardFor,
                cookie,
                acceptInvalidResponse,
                abortOnClose,
                httpReuse);
    }

    /**
     * Whether connection retry number {@code retry} (1 for the first retry) goes to another server by the
     * interval of {@code option redispatch <interval>} (HAProxy's configuration manual): a positive P redispatches
     * on every Pth retry, a negative N on the Nth retry before the last one and every as many retries after it
     * (retries + 1 + N; -1 is the last retry; below -(retries + 1), every |retries + 1 + N|th as HAProxy's C
     * arithmetic gives), 0 on none. A server that is down redispatches whatever the
     * interval; that rule is the caller's.
     */
    public boolean redispatchesOnRetry(int retry) {
        if (!redispatch || redispatchAfter == 0 || retry <= 0) return false;
        if (redispatchAfter > 0) return retry % redispatchAfter == 0;
        // HAProxy computes retry % (retries + 1 + N) in C, whose remainder by a negative divisor is 0 on its
        // multiples as Java's is: an N below -(retries + 1) redispatches every |retries + 1 + N|th retry (2.6.12,
        // retries 1, option redispatch -3: redispatched at once); a divisor of 0 crashes HAProxy's worker (SIGFPE),
        // none here
        int every = retries + 1 + redispatchAfter;
        return every != 0 && retry % every == 0;
    }
}
