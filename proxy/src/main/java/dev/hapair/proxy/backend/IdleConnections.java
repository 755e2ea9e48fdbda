package dev.hapair.proxy.backend;

import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * Keep-alive connections to one server that belong to one event loop. Only touched from that loop, so it needs
 * no locking; a connection is handed out again only if still open. Two lists, as HAProxy's idle and safe lists:
 * connections that carried one request ("fresh") and those that carried more ("proven"), because
 * {@code http-reuse} lets a client connection's first request take only proven ones, or none (see
 * {@link ReuseOrder}). The capacity bounds both together.
 */
public final class IdleConnections {
    private final ArrayDeque<Channel> fresh = new ArrayDeque<>();
    private final ArrayDeque<Channel> proven = new ArrayDeque<>();
    private final int capacity;

    public IdleConnections(int capacity) {
        this.capacity = capacity;
    }

    /** The most recently used open connection (warmest) allowed by {@code order}, or null. */
    public Channel poll(ReuseOrder order) {
        return switch (order) {
            case NONE -> null;
            case PROVEN_ONLY -> pollOpen(proven);
            case PROVEN_THEN_FRESH -> or(pollOpen(proven), fresh);
            case FRESH_THEN_PROVEN -> or(pollOpen(fresh), proven);
        };
    }

    private static Channel or(Channel first, ArrayDeque<Channel> then) {
        return first != null ? first : pollOpen(then);
    }

    private static Channel pollOpen(ArrayDeque<Channel> list) {
        Channel ch;
        while ((ch = list.pollLast()) != null) {
            if (ch.isActive()) return ch;
        }
        return null;
    }

    /**
     * Parks a connection, {@code isProven} when it carried more than one request; false when full (the caller
     * closes it).
     */
    public boolean offer(Channel ch, boolean isProven) {
        if (size() >= capacity || !ch.isActive()) return false;
        (isProven ? proven : fresh).addLast(ch);
        return true;
    }

    /** Closes the {@code n} connections parked longest ago (fresh ones first: they are the least proven). */
    public void closeOldest(int n) {
        for (int i = 0; i < n; i++) {
            Channel ch = fresh.pollFirst();
            if (ch == null) ch = proven.pollFirst();
            if (ch == null) return;
            ch.close();
        }
    }

    /** A purge is scheduled for this pool (set and read on its loop). */
    boolean purgeScheduled;

    public void remove(Channel ch) {
        if (!fresh.remove(ch)) proven.remove(ch);
    }

    public int size() {
        return fresh.size() + proven.size();
    }
}
