package dev.hapair.proxy.backend;

/** Told when a server starts or stops being usable for new traffic (health or admin change). */
@FunctionalInterface
public interface ServerStateListener {
    void serverUsableChanged(ServerRuntime server, boolean usable);
}
