package dev.hapair.proxy.lb;

import java.util.List;

/**
 * Stateful balancing for one backend. Built by {@link LbAlgorithm#newSelector}. Thread-safe: the event
 * loops of all threads may call {@link #select} while health checks push events.
 *
 * <p>The pool HAProxy balances over: usable active servers with weight &gt; 0; when there is none, the
 * first usable backup (lowest {@link LbServer#id()}), or all usable backups with {@code option allbackups}.
 */
public interface ServerSelector<S extends LbServer> {

    /** Picks a server for a new connection/request. Never blocks. */
    Selection<S> select(LbRequest request);

    /**
     * A redispatch ({@code option redispatch}): as {@link #select}, but where the algorithm can name another server
     * than those in {@code avoid} it does. Consistent hashing walks the ring past them, as HAProxy's does for the
     * server that failed (the key lands where it would if they were down); map-based hashing keeps its one
     * answer, as HAProxy's does; the others draw again as for any request (the caller may draw more than once).
     */
    default Selection<S> selectAvoiding(LbRequest request, java.util.Set<?> avoid) {
        return select(request);
    }

    /**
     * Persistence (cookie, stick): returns {@code preferred} when it is up — even if it is a backup, drained
     * (weight 0) or full, as HAProxy does — otherwise balances normally. {@code preferred} may be null.
     */
    Selection<S> selectPersistent(S preferred, LbRequest request);

    /** The server became usable (health UP, admin READY). Reads its current weight. */
    void onServerUp(S server);

    /** The server is no longer usable. */
    void onServerDown(S server);

    /** The server's {@link LbServer#weight()} changed (set weight, slowstart, agent). */
    void onWeightChange(S server);

    /**
     * A connection to {@code server} started. Current algorithms read {@link LbServer#currentConnections()}
     * at decision time, so this is a hook for load-indexed implementations; the runtime still calls it.
     */
    default void onConnectionStart(S server) {}

    /** A connection to {@code server} ended. See {@link #onConnectionStart}. */
    default void onConnectionEnd(S server) {}

    /** True when the selector currently considers {@code server} up (last event received). */
    boolean isUp(S server);

    /**
     * HAProxy's {@code nbsrv}: usable active servers (weight &gt; 0); when none, 1 if a backup is used alone,
     * else the number of usable backups.
     */
    int usableServers();

    /** All servers of the backend, in {@link LbServer#id()} order. */
    List<S> servers();
}
