package dev.hapair.proxy.backend;

import java.util.function.Predicate;

/**
 * The balancing algorithm seen from the data path: a stateful selector (from {@code dev.hapair.proxy.lb})
 * wrapped so the backend can ask for a server and push state changes. Called under the backend's lock.
 */
public interface ServerPicker {
    /**
     * Picks a server for {@code request} among those passing {@code eligible} (usable, free slot, not
     * already tried); null when none qualifies. Backup rules (first backup only, allbackups) are the
     * picker's business.
     */
    ServerRuntime pick(RequestInfo request, Predicate<ServerRuntime> eligible);

    /** A server became usable or unusable (health or admin change). */
    default void serverUsableChanged(ServerRuntime server, boolean usable) {}

    /** A server's current session count changed (leastconn needs it). */
    default void sessionsChanged(ServerRuntime server) {}
}
