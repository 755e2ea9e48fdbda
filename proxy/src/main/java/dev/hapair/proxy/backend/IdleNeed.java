package dev.hapair.proxy.backend;

/**
 * How many idle keep-alive connections to a server are worth keeping: about as many as were in use at once
 * recently (HAProxy keeps its idle connections to its estimate of the need, and purges the rest over time:
 * {@code pool-purge-delay}, 5 s). Without a bound, {@code http-reuse safe} under {@code Connection: close}
 * traffic would fill the pool with connections no first request may take.
 *
 * <p>{@code inUse} counts the server's exchanges in progress, the one whose connection is being parked included;
 * {@code need} is the most in use at once over the current and the previous period; {@code idle} counts one event
 * loop's idle connections (each loop's pool is held to the need: a loop cannot take another's idle connections).
 */
public final class IdleNeed {
    private IdleNeed() {}

    /** The period after which the need is measured again and the idle connections beyond it are halved. */
    public static final long PURGE_MILLIS = 5_000;

    /** Whether one more connection may be parked, {@code idle} being parked already. */
    public static boolean mayPark(int inUse, int idle, int need) {
        return inUse + idle <= Math.max(inUse, need);
    }

    /** How many of the {@code idle} connections to close at a purge: half of those beyond the need, rounded up. */
    public static int toClose(int inUse, int idle, int need) {
        int excess = inUse + idle - Math.max(need, 0);
        return excess <= 0 ? 0 : Math.min(idle, (excess + 1) / 2);
    }
}
