package dev.hapair.proxy.backend;

import dev.hapair.proxy.config.HttpReuse;

/**
 * Which idle server connections a request may take, and in what order: HAProxy 2.6's {@code http-reuse} table.
 * An idle connection is "fresh" when it has carried one request, "proven" when it has carried more (the server
 * showed it keeps connections alive). A request is "first" when it opens its client connection; every HTTP/2
 * stream counts as a later request (HAProxy marks them all so).
 *
 * <pre>
 *                 never   safe   aggressive   always
 *   first request   -       -     proven      proven, fresh
 *   later request   -     fresh, proven (all modes but never)
 * </pre>
 *
 * {@code never} keeps a connection private to its client connection instead (not a pool: see the session).
 */
public enum ReuseOrder {
    /** A new connection (or, with {@code never}, the client connection's own). */
    NONE,
    PROVEN_ONLY,
    PROVEN_THEN_FRESH,
    FRESH_THEN_PROVEN;

    public static ReuseOrder of(HttpReuse mode, boolean firstRequest) {
        if (mode == HttpReuse.NEVER) return NONE;
        if (!firstRequest) return FRESH_THEN_PROVEN;
        return switch (mode) {
            case SAFE, NEVER -> NONE;
            case AGGRESSIVE -> PROVEN_ONLY;
            case ALWAYS -> PROVEN_THEN_FRESH;
        };
    }
}
