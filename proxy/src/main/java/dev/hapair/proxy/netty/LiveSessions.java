package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.SessionTable;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every admitted client connection of the process, for the runtime API. A connection's handler registers
 * itself as a {@link Member} once admitted and is dropped when the channel closes. Reads from the CLI thread
 * see the handler's backend and server as last published (a diagnostic may be a moment stale); actions that
 * decide on them ({@code shutdown sessions server}) run on the connection's own event loop, so they are exact.
 */
final class LiveSessions implements SessionTable {
    /** What the connection's handler tells about itself. Called on any thread except {@link #kill}. */
    interface Member {
        BackendRuntime backend();

        ServerRuntime server();

        /** Ends the session as an administrator's kill (termination 'K'); called on its event loop. */
        void kill();

        /**
         * Whether the connection carries a stream now, as HAProxy counts them: a TCP relay always; an HTTP
         * connection while a request is read or served (an idle keep-alive connection has none).
         */
        default boolean hasStream() {
            return true;
        }

        /** Which stream of the connection this is (HTTP: the request's number on it), 1-based. */
        default int streamNumber() {
            return 1;
        }

        /** {@link System#nanoTime} when the current stream began, or -1 when it began with the connection. */
        default long streamStartNanos() {
            return -1;
        }
    }

    /** The bits of a view's id below the connection's number: the stream's number on the connection. */
    static final int STREAM_BITS = 20;

    private record Entry(long id, Channel channel, FrontendRuntime frontend, long acceptMillis, Member member) {}

    // a hash map (one HTTP/2 stream is one entry, so this is paid per request): views are sorted when listed
    private final java.util.concurrent.ConcurrentHashMap<Long, Entry> entries =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(0x100);
    private final Map<EventExecutor, Integer> loopIndex = new IdentityHashMap<>();
    private final AtomicLongArray accepted;

    LiveSessions(EventLoopGroup group) {
        int i = 0;
        if (group != null) for (EventExecutor e : group) loopIndex.put(e, i++); // null in handler tests
        this.accepted = new AtomicLongArray(Math.max(1, i));
        this.poolFails = new AtomicLongArray(Math.max(1, i));
    }

    private final AtomicLongArray poolFails;

    /** A buffer allocation failed on {@code loop} (HAProxy's {@code pool_fail}). */
    void allocationFailed(EventExecutor loop) {
        Integer i = loopIndex.get(loop);
        poolFails.incrementAndGet(i == null ? 0 : i);
    }

    /** Registers an admitted connection until its channel closes. */
    void add(Channel ch, FrontendRuntime frontend, Member member) {
        long id = addStream(ch, frontend, member);
        ch.closeFuture().addListener(f -> entries.remove(id));
    }

    /**
     * Registers an HTTP/2 stream served on connection {@code socket} (no channel of its own): listed while the
     * connection is open, until {@link #remove} with the returned id.
     */
    long addStream(Channel socket, FrontendRuntime frontend, Member member) {
        long id = ids.incrementAndGet();
        entries.put(id, new Entry(id, socket, frontend, System.currentTimeMillis(), member));
        Integer loop = loopIndex.get(socket.eventLoop());
        accepted.incrementAndGet(loop == null ? 0 : loop);
        return id;
    }

    void remove(long id) {
        entries.remove(id);
    }

    @Override
    public List<View> list() {
        List<View> out = new ArrayList<>();
        long nowMillis = System.currentTimeMillis(), nowNanos = System.nanoTime();
        for (Entry e : entries.values()) {
            if (!e.channel.isActive() || !e.member.hasStream()) continue;
            long started = e.member.streamStartNanos();
            out.add(new View(
                    streamId(e),
                    ClientAddresses.inet(e.channel.remoteAddress()),
                    ClientAddresses.inet(e.channel.localAddress()),
                    e.frontend,
                    e.member.backend(),
                    e.member.server(),
                    started < 0 ? e.acceptMillis : nowMillis - (nowNanos - started) / 1_000_000));
        }
        out.sort(java.util.Comparator.comparingLong(View::id));
        return out;
    }

    /** A stream's id: its connection's number, then its number on the connection. */
    private static long streamId(Entry e) {
        return (e.id << STREAM_BITS) | (e.member.streamNumber() & ((1L << STREAM_BITS) - 1));
    }

    @Override
    public boolean kill(long id) {
        Entry e = entries.get(id >>> STREAM_BITS);
        if (e == null || !e.member.hasStream() || streamId(e) != id) return false;
        e.channel.eventLoop().execute(e.member::kill);
        return true;
    }

    @Override
    public void killAttachedTo(ServerRuntime server) {
        for (Entry e : entries.values()) {
            EventLoop loop = e.channel.eventLoop();
            loop.execute(() -> {
                if (e.member.server() == server) e.member.kill();
            });
        }
    }

    @Override
    public Activity activity() {
        long[] a = new long[accepted.length()];
        long[] f = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = accepted.get(i);
            f[i] = poolFails.get(i);
        }
        return new Activity(a.length, a, f);
    }

    @Override
    public void clearActivity() {
        for (int i = 0; i < accepted.length(); i++) {
            accepted.set(i, 0);
            poolFails.set(i, 0);
        }
    }
}
