package dev.hapair.health.probe;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back the moment a watched process dies, for immediate failover (keepalived's track_process).
 *
 * <p>One daemon thread per watcher (not per process) sleeps in {@code poll(2)} on a pidfd per watched
 * process plus an eventfd for wake-ups. A pidfd refers to one process, not to a pid number, so a pid reused
 * by a new process after the watched one died cannot hide the death; a pidfd becomes readable when the
 * process exits, before it is reaped, so zombies count as dead. Where pidfd_open is unavailable (kernel
 * before 5.3, no JNA) the thread falls back to checking {@code /proc} every {@link #FALLBACK_PERIOD_MS} ms,
 * comparing the process start time to detect reuse.
 */
public final class ProcessWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessWatcher.class);
    static final int FALLBACK_PERIOD_MS = 100;

    /** A registered watch; closing it cancels the callback. */
    public interface Watch extends AutoCloseable {
        long pid();

        /** True until the death was reported or the watch was closed. */
        boolean isActive();

        /** True when the watch uses a pidfd (immediate, reuse-proof), false in /proc polling fallback. */
        boolean usesPidfd();

        @Override
        void close();
    }

    private final ProcessTable table = new ProcessTable();
    private final List<WatchImpl> watches = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int wakeFd;
    private final Thread thread;
    private boolean wakeFdClosed;

    public ProcessWatcher() {
        LibC c = LibC.INSTANCE;
        this.wakeFd = c == null ? -1 : c.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        this.thread = new Thread(this::loop, "hapair-process-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Watches {@code pid}; {@code onDeath} runs once on {@code executor} when the process exits (or at once
     * if it is not running now).
     */
    public Watch watch(long pid, Executor executor, Runnable onDeath) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(onDeath, "onDeath");
        if (closed.get()) {
            throw new IllegalStateException("watcher closed");
        }
        int fd = pid > 0 && pid <= Integer.MAX_VALUE ? ProcessTable.pidfdOpen(pid) : -1;
        long startTime = table.stat(pid).map(ProcStat::startTime).orElse(-1L);
        WatchImpl w = new WatchImpl(pid, fd, startTime, executor, onDeath);
        if (fd < 0 && (startTime < 0 || !table.alive(pid))) {
            w.fire();
            return w;
        }
        watches.add(w);
        wake();
        return w;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            wake();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Number of watches still waiting. */
    public int activeWatches() {
        int n = 0;
        for (WatchImpl w : watches) {
            if (w.isActive()) {
                n++;
            }
        }
        return n;
    }

    /** Synchronized with the final close of the eventfd so a recycled fd number is never written to. */
    private synchronized void wake() {
        if (wakeFd >= 0 && !wakeFdClosed) {
            LibC.INSTANCE.write(wakeFd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
        }
    }

    private synchronized void closeWakeFd() {
        if (wakeFd >= 0 && !wakeFdClosed) {
            wakeFdClosed = true;
            LibC.INSTANCE.close(wakeFd);
        }
    }

    private void loop() {
        LibC c = LibC.INSTANCE;
        try {
            while (!closed.get()) {
                List<WatchImpl> snapshot = new ArrayList<>();
                boolean fallback = false;
                for (WatchImpl w : watches) {
                    if (!w.isActive()) {
                        w.releaseFd();
                        watches.remove(w);
                    } else {
                        snapshot.add(w);
                        fallback |= w.fd < 0;
                    }
                }
                int timeout = fallback || wakeFd < 0 ? FALLBACK_PERIOD_MS : -1;
                if (c == null) {
                    Thread.sleep(FALLBACK_PERIOD_MS);
                    checkFallback(snapshot);
                    continue;
                }
                int n = snapshot.size() + 1;
                try (Memory m = new Memory(8L * n)) {
                    m.setInt(0, wakeFd);
                    m.setShort(4, LibC.POLLIN);
                    m.setShort(6, (short) 0);
                    for (int i = 0; i < snapshot.size(); i++) {
                        long off = 8L * (i + 1);
                        m.setInt(off, snapshot.get(i).fd); // negative fds are ignored by poll(2)
                        m.setShort(off + 4, LibC.POLLIN);
                        m.setShort(off + 6, (short) 0);
                    }
                    int r = c.poll(m, n, timeout);
                    if (r < 0 && Native.getLastError() != LibC.EINTR) {
                        log.warn("poll failed, errno {}", Native.getLastError());
                        Thread.sleep(FALLBACK_PERIOD_MS);
                    }
                    if (r > 0) {
                        if (m.getShort(6) != 0) {
                            c.read(wakeFd, new byte[8], 8);
                        }
                        for (int i = 0; i < snapshot.size(); i++) {
                            short rev = m.getShort(8L * (i + 1) + 6);
                            if (rev != 0) {
                                snapshot.get(i).fire();
                            }
                        }
                    }
                }
                checkFallback(snapshot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("process watcher thread died", e);
        } finally {
            for (WatchImpl w : watches) {
                w.releaseFd();
            }
            watches.clear();
            closeWakeFd();
        }
    }

    private void checkFallback(List<WatchImpl> snapshot) {
        for (WatchImpl w : snapshot) {
            if (w.fd < 0 && w.isActive()) {
                boolean reused =
                        table.stat(w.pid).map(s -> s.startTime() != w.startTime).orElse(true);
                if (reused || !table.alive(w.pid)) {
                    w.fire();
                }
            }
        }
    }

    private final class WatchImpl implements Watch {
        private final long pid;
        private final int fd;
        private final long startTime;
        private final Executor executor;
        private final Runnable onDeath;
        private final AtomicBoolean active = new AtomicBoolean(true);
        private final AtomicBoolean fdReleased = new AtomicBoolean();

        WatchImpl(long pid, int fd, long startTime, Executor executor, Runnable onDeath) {
            this.pid = pid;
            this.fd = fd;
            this.startTime = startTime;
            this.executor = executor;
            this.onDeath = onDeath;
        }

        void fire() {
            if (active.compareAndSet(true, false)) {
                try {
                    executor.execute(onDeath);
                } catch (RuntimeException e) {
                    log.warn("process death callback for pid {} rejected", pid, e);
                }
            }
        }

        /** Only the watcher thread closes pidfds, so a number is never closed while poll still uses it. */
        void releaseFd() {
            if (fd >= 0 && fdReleased.compareAndSet(false, true)) {
                LibC.INSTANCE.close(fd);
            }
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean isActive() {
            return active.get();
        }

        @Override
        public boolean usesPidfd() {
            return fd >= 0;
        }

        @Override
        public void close() {
            if (active.compareAndSet(true, false)) {
                wake();
            }
        }
    }
}
