package dev.hapair.proxy.backend;

/**
 * What the data path needs from a {@code backend} (or {@code listen}) section.
 *
 * @param retries        connection retries after a failed connect (HAProxy {@code retries}, default 3)
 * @param redispatch     {@code option redispatch}: the last retry may go to another server
 * @param connectionMode HTTP keep-alive handling toward this backend's servers
 * @param forwardFor     {@code option forwardfor}, or null
 */
public record BackendSettings(ProxyMode mode, Timeouts timeouts, int retries, boolean redispatch,
                              HttpConnectionMode connectionMode, ForwardFor forwardFor) {
    public static BackendSettings http(Timeouts t) {
        return new BackendSettings(ProxyMode.HTTP, t, 3, false, HttpConnectionMode.KEEP_ALIVE, null);
    }

    public static BackendSettings tcp(Timeouts t) {
        return new BackendSettings(ProxyMode.TCP, t, 3, false, HttpConnectionMode.KEEP_ALIVE, null);
    }
}
