package dev.hapair.proxy.backend;

/** Told when a server starts or stops being usable (health or MAINT), or its effective weight changes. */
public interface ServerStateListener {
    void serverUsableChanged(ServerRuntime server, boolean usable);

    /** Effective weight changed (DRAIN on or off). */
    default void serverWeightChanged(ServerRuntime server) {}

    /** The server's {@code maxconn} changed at run time. */
    default void serverLimitChanged(ServerRuntime server) {}
}
