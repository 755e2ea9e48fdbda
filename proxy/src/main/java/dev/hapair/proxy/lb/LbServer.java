package dev.hapair.proxy.lb;

/**
 * The view a {@link ServerSelector} needs of one server. The backend runtime implements it; selectors
 * never change it. Health and weight transitions are pushed to the selector as events
 * ({@link ServerSelector#onServerUp}, {@link ServerSelector#onServerDown},
 * {@link ServerSelector#onWeightChange}); {@link #usable()} and {@link #weight()} are read when such an
 * event arrives (and once when the selector is built), never polled per request.
 */
public interface LbServer {

    /** Server name as written on the {@code server} line. */
    String name();

    /**
     * Numeric identifier (HAProxy's {@code id}); defaults to the 1-based position in the backend. Orders
     * {@code balance first} and decides which backup is "the first backup".
     */
    int id();

    /** Current effective weight, 0..256. 0 means "drain": never chosen by balancing. */
    int weight();

    /** True for servers declared with {@code backup}. */
    boolean backup();

    /** Connections currently served by this server (read per request by leastconn, first and maxconn). */
    int currentConnections();

    /** Per-server {@code maxconn}; 0 means unlimited. */
    int maxconn();

    /** True when health and admin state allow traffic (UP, not MAINT). */
    boolean usable();

    /**
     * True when the server cannot take one more connection now. The runtime may override it to count its
     * own pending queue as HAProxy does (a server with queued requests is skipped by balancing).
     */
    default boolean full() {
        int max = maxconn();
        return max > 0 && currentConnections() >= max;
    }
}
