package dev.hapair.proxy.backend;

import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * Keep-alive connections to one server that belong to one event loop. Only touched from that loop, so
 * it needs no locking; a connection is handed out again only if still open.
 */
public final class IdleConnections {
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final int capacity;

    public IdleConnections(int capacity) {
        this.capacity = capacity;
    }

    /** Most recently used open connection (warmest), or null. */
    public Channel poll() {
        Channel ch;
        while ((ch = idle.pollLast()) != null) {
            if (ch.isActive()) return ch;
        }
        return null;
    }

    /** Parks a connection; false when full (the caller closes it). */
    public boolean offer(Channel ch) {
        if (idle.size() >= capacity || !ch.isActive()) return false;
        idle.addLast(ch);
        return true;
    }

    public void remove(Channel ch) {
        idle.remove(ch);
    }

    public int size() {
        return idle.size();
    }
}
