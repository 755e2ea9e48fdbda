package dev.hapair.proxy.backend;

import io.netty.channel.EventLoop;

/** A request waiting in a backend queue for a server slot (all servers at maxconn). */
public interface PendingRequest {
    /** Loop of the waiting connection; {@link #granted} runs there. */
    EventLoop eventLoop();

    /** A slot on {@code server} was taken for this request (the caller must release it later). */
    void granted(ServerRuntime server);
}
