package dev.hapair.proxy.backend;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The client connections a proxy process serves, as the runtime API shows and ends them ({@code show sess},
 * {@code show activity}, {@code shutdown session}, {@code shutdown sessions server}). Implemented by the server
 * that owns the connections.
 */
public interface SessionTable {
    /**
     * One connection at the moment it was looked at.
     *
     * @param id          the session's identifier, shown as {@code 0x<hex>} as HAProxy shows its pointer
     * @param source      the client's address
     * @param local       the listener's address the client connected to
     * @param frontend    the frontend that accepted it
     * @param backend     the backend of its current (or last) request; null before one was chosen
     * @param server      the server it is attached to; null when none is
     * @param acceptMillis when it was accepted (epoch milliseconds)
     */
    record View(
            long id,
            InetSocketAddress source,
            InetSocketAddress local,
            FrontendRuntime frontend,
            BackendRuntime backend,
            ServerRuntime server,
            long acceptMillis) {}

    /**
     * What {@code show activity} can report honestly, per event loop: connections accepted, failed buffer
     * allocations (HAProxy's {@code pool_fail}).
     */
    record Activity(int threads, long[] acceptedPerThread, long[] poolFailPerThread) {
        public Activity(int threads, long[] acceptedPerThread) {
            this(threads, acceptedPerThread, new long[acceptedPerThread.length]);
        }
    }

    /** Every connection currently admitted, oldest first. */
    List<View> list();

    /** Ends the connection {@code id} (logged with termination 'K'); false when there is none. */
    boolean kill(long id);

    /** Ends every connection attached to {@code server} now (logged with 'K'). */
    void killAttachedTo(ServerRuntime server);

    Activity activity();

    /** {@code clear counters}: the activity counters restart. */
    void clearActivity();

    SessionTable NONE = new SessionTable() {
        @Override
        public List<View> list() {
            return List.of();
        }

        @Override
        public boolean kill(long id) {
            return false;
        }

        @Override
        public void killAttachedTo(ServerRuntime server) {}

        @Override
        public void clearActivity() {}

        @Override
        public Activity activity() {
            return new Activity(1, new long[1]);
        }
    };
}
