package dev.hapair.proxy.config;

import java.util.Locale;

/**
 * {@code http-reuse}: how idle keep-alive server connections may be shared between client connections (HAProxy
 * 2.6, default {@code safe}). A connection that carried more than one request is "proven" (the server keeps
 * connections alive); {@link dev.hapair.proxy.backend.ReuseOrder} turns a mode and the request's position into the
 * pools a request may take a connection from.
 */
public enum HttpReuse {
    /** Server connections stay private to their client connection, reused only by its later requests. */
    NEVER,
    /**
     * The first request of a client connection gets a connection of its own (if the server closes it while the
     * request is sent, the client may safely retry); later requests may take any idle one.
     */
    SAFE,
    /** As {@link #SAFE}, but a first request may also take a proven connection. */
    AGGRESSIVE,
    /** Any request may take any idle connection, proven ones first for a first request. */
    ALWAYS;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code word}, or null. */
    public static HttpReuse of(String word) {
        for (HttpReuse r : values()) {
            if (r.keyword().equals(word)) return r;
        }
        return null;
    }
}
