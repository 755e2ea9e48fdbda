package dev.hapair.proxy.sample;

/** Live state of the proxy's backends and servers, as fetches such as {@code nbsrv} read it. */
public interface ProxyState {

    ProxyState NONE = new ProxyState() {};

    /** Usable servers of {@code backend} (null: the current backend); 0 when unknown. */
    default int usableServers(String backend) {
        return 0;
    }

    /** Current connections of {@code backend}. */
    default int backendConnections(String backend) {
        return 0;
    }

    /** Free connection slots of {@code backend} (sum of maxconn + maxqueue minus used); -1 when unlimited. */
    default int connectionSlots(String backend) {
        return -1;
    }

    /** Current connections of frontend {@code frontend} (HAProxy's feconn). */
    default int frontendConnections(String frontend) {
        return 0;
    }

    /** Current connections of server {@code server} of {@code backend}; null when there is no such server. */
    default Integer serverConnections(String backend, String server) {
        return null;
    }

    /**
     * A rewrite of this stream failed (HAProxy's {@code wrew}): counted on the frontend, and on the backend and
     * server once the stream has them (null otherwise).
     */
    default void rewriteFailed(String frontend, String backend, String server) {}

    /** Whether server {@code server} of {@code backend} is up; null when unknown. */
    default Boolean serverUp(String backend, String server) {
        return null;
    }

    /** Whether {@code backend} exists (validates fetch arguments at {@code -c}). */
    default boolean backendExists(String backend) {
        return true;
    }

    /** Whether {@code backend/server} exists. */
    default boolean serverExists(String backend, String server) {
        return true;
    }
}
