package dev.hapair.proxy.splice;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells splice jobs when their socket is ready, without Netty reading it: one daemon thread waits in
 * epoll_wait on descriptors the jobs duplicated for themselves, each armed one-shot ({@code EPOLLONESHOT}) for
 * the one condition its job waits for, and hands the wake-up to the job's event loop, where all splicing is
 * done. Nothing but the wake-up crosses threads: the watcher never reads, writes or closes a socket.
 */
final class SpliceWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SpliceWatcher.class);
    private static final int MAX_EVENTS = 64;

    private static volatile SpliceWatcher instance;

    private final int epfd;
    private final ConcurrentHashMap<Long, Runnable> waiting = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();

    private SpliceWatcher(int epfd) {
        this.epfd = epfd;
        Thread t = new Thread(this::run, "hapair-splice-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The process's watcher, started on first use. */
    static SpliceWatcher get() {
        SpliceWatcher w = instance;
        if (w == null) {
            synchronized (SpliceWatcher.class) {
                w = instance;
                if (w == null) instance = w = new SpliceWatcher(LinuxSplice.epoll_create1(LinuxSplice.O_CLOEXEC));
            }
        }
        return w;
    }

    /** A key for {@link #arm}: one per watched descriptor. */
    long newKey(Runnable onReady) {
        long k = keys.incrementAndGet();
        waiting.put(k, onReady);
        return k;
    }

    /**
     * Arms {@code fd} once for {@code events}; {@code first} adds it, later calls re-arm it. {@code ev} is the
     * caller's scratch {@code epoll_event}.
     */
    void arm(Memory ev, long key, int fd, int events, boolean first) {
        ev.setInt(0, events | LinuxSplice.EPOLLONESHOT);
        ev.setLong(LinuxSplice.EVENT_DATA_OFFSET, key);
        LinuxSplice.epoll_ctl(epfd, first ? LinuxSplice.EPOLL_CTL_ADD : LinuxSplice.EPOLL_CTL_MOD, fd, ev);
    }

    /** Stops watching {@code fd} (before its descriptor is closed) and forgets {@code key}. */
    void remove(Memory ev, long key, int fd, boolean armed) {
        waiting.remove(key);
        if (!armed) return;
        try {
            LinuxSplice.epoll_ctl(epfd, LinuxSplice.EPOLL_CTL_DEL, fd, ev);
        } catch (LastErrorException ignored) {
            // not registered any more: nothing to undo
        }
    }

    private void run() {
        Memory events = new Memory((long) MAX_EVENTS * LinuxSplice.EVENT_SIZE);
        while (true) {
            int n;
            try {
                n = LinuxSplice.epoll_wait(epfd, events, MAX_EVENTS, -1);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LinuxSplice.EINTR) continue;
                LOG.error("splice watcher: epoll_wait failed (errno {}); splicing stops", e.getErrorCode());
                return;
            }
            for (int i = 0; i < n; i++) {
                long key = events.getLong((long) i * LinuxSplice.EVENT_SIZE + LinuxSplice.EVENT_DATA_OFFSET);
                Runnable r = waiting.get(key);
                if (r != null) r.run(); // a job that ended meanwhile has removed its key
            }
        }
    }
}
