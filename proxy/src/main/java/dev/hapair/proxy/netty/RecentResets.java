package dev.hapair.proxy.netty;

/**
 * The streams of one HTTP/2 connection this side reset most recently. RFC 9113 5.1: "An endpoint MUST ignore
 * frames that it receives on closed streams after it has sent a RST_STREAM frame" — the client may have sent them
 * before our reset reached it (a request body still on its way when an early answer ended the stream: RFC 9113 8.1's
 * RST_STREAM(NO_ERROR)). Answering each with RST_STREAM(STREAM_CLOSED) would also count against the limit of resets
 * sent per window (Netty's {@code Http2MaxRstFrameLimitEncoder}) and end a legitimate client's connection with
 * ENHANCE_YOUR_CALM. The RFC lets an endpoint limit the period it ignores them: here the last {@link #capacity()}
 * resets, a fixed array per connection. Loop-confined (the connection's event loop).
 */
final class RecentResets {
    private final int capacity;
    private int[] ids; // made at the first reset: most connections never reset a stream
    private int next;
    private int size;
    private long windowStart;
    private int ignoredInWindow;

    RecentResets(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity " + capacity);
        this.capacity = capacity;
    }

    /** Stream {@code id} was reset by this side (the oldest remembered one is forgotten when full). */
    void add(int id) {
        if (contains(id)) return;
        if (ids == null) ids = new int[capacity];
        ids[next] = id;
        next = next + 1 == ids.length ? 0 : next + 1;
        if (size < ids.length) size++;
    }

    boolean contains(int id) {
        for (int i = 0; i < size; i++) {
            if (ids[i] == id) return true;
        }
        return false;
    }

    int capacity() {
        return capacity;
    }

    /**
     * One frame on a reset stream was ignored at {@code nanos}: false once more than {@code max} were ignored within
     * {@code windowNanos}. Ignoring costs little (DATA is still flow-controlled and given back, HEADERS still
     * decoded), but it is not free, and before it each such frame was an RST_STREAM counted against the limit of
     * resets sent: a client that keeps sending on streams we reset is stopped there as it was.
     */
    boolean ignored(long nanos, int max, long windowNanos) {
        if (ignoredInWindow == 0 || nanos - windowStart >= windowNanos) {
            windowStart = nanos;
            ignoredInWindow = 0;
        }
        return ++ignoredInWindow <= max;
    }
}
