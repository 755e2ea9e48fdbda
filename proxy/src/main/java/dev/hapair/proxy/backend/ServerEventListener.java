package dev.hapair.proxy.backend;

/** Told of every {@link ServerEvent} after the server's state (and its backend's selector) changed. */
@FunctionalInterface
public interface ServerEventListener {
    void serverEvent(ServerRuntime server, ServerEvent event);
}
