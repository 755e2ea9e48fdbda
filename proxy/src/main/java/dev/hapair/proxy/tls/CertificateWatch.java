package dev.hapair.proxy.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * hapair's {@code hapair-ssl-watch <interval>} (not HAProxy's): looks at every certificate file in use (and its
 * {@code FILE.key}) every interval, and when one changed on disk (certbot renewed it, possibly as new
 * symlinks) reads and checks it like the configuration does, then swaps it in like {@code commit ssl cert}:
 * new handshakes get it, live connections keep theirs. A file that cannot be used (half written, key not
 * matching yet) is reported once and the previous certificate keeps serving; it is read again when it changes
 * again. Runs on its own thread: file reads never stall an event loop.
 */
public final class CertificateWatch implements AutoCloseable {

    /** What identifies a file's content cheaply: modification time and size, of the file and FILE.key. */
    private record Stamp(long[] parts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && Arrays.equals(parts, s.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }
    }

    private final Supplier<CertificateStore> store;
    private final Supplier<Optional<Duration>> interval;
    private final Consumer<String> notice;
    private final Consumer<String> warning;
    /** Made by the first {@link #start} that finds a watch configured: no thread in a process without one. */
    private ScheduledExecutorService timer;

    private boolean closed;
    private final Map<String, Stamp> seen = new HashMap<>();
    private CertificateStore watching;
    private long lastScan;

    /**
     * @param store    the running configuration's certificates (follows reloads)
     * @param interval the configured interval; empty = no watch (checked every second once started, so a
     *                 reload can turn the watch off; {@link #start} after a reload turns it on)
     */
    public CertificateWatch(
            Supplier<CertificateStore> store,
            Supplier<Optional<Duration>> interval,
            Consumer<String> notice,
            Consumer<String> warning) {
        this.store = store;
        this.interval = interval;
        this.notice = notice;
        this.warning = warning;
    }

    /**
     * Starts the watch's thread if a watch is configured and it has not started yet: called at start and after
     * every reload (a reload that turns the watch on starts it; once started it stays, looking every second
     * whether the watch is still on).
     */
    public synchronized CertificateWatch start() {
        if (timer == null && !closed && interval.get().isPresent()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hapair-ssl-watch");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    /** Whether the watch's thread runs (tests). */
    synchronized boolean started() {
        return timer != null;
    }

    private void tick() {
        try {
            Optional<Duration> every = interval.get();
            if (every.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (lastScan != 0 && now - lastScan < every.get().toNanos()) {
                return;
            }
            lastScan = now;
            scan();
        } catch (RuntimeException e) {
            warning.accept("hapair-ssl-watch: " + e); // the watch must go on
        }
    }

    /** One look at every file (also what tests call). */
    synchronized void scan() {
        CertificateStore s = store.get();
        if (s != watching) { // a start or reload read the files: they are the baseline
            watching = s;
            seen.clear();
            for (String p : s.watched()) {
                seen.put(p, stamp(p, s.keyDelExt()));
            }
            return;
        }
        for (String p : s.watched()) {
            Stamp now = stamp(p, s.keyDelExt());
            if (now.equals(seen.get(p))) {
                continue;
            }
            seen.put(p, now);
            CertifiedKey k;
            try {
                k = PemFiles.load(Path.of(p), s.keyDelExt());
            } catch (TlsException e) {
                warning.accept("hapair-ssl-watch: certificate '" + p + "' changed on disk but cannot be used ("
                        + e.getMessage() + "); the previous one keeps serving");
                continue;
            }
            if (same(k, s.current(p))) {
                continue;
            }
            try {
                s.replace(p, k);
                notice.accept("hapair-ssl-watch: certificate '" + p + "' reloaded from disk (subject "
                        + k.leaf().getSubjectX500Principal().getName() + ", notAfter "
                        + CertificateText.time(k.leaf().getNotAfter()) + ")");
            } catch (TlsException e) {
                warning.accept("hapair-ssl-watch: certificate '" + p + "' changed on disk but cannot be used ("
                        + e.getMessage() + "); the previous one keeps serving");
            }
        }
    }

    private static boolean same(CertifiedKey a, CertifiedKey b) {
        if (b == null) {
            return false;
        }
        try {
            return Arrays.equals(a.leaf().getEncoded(), b.leaf().getEncoded())
                    && Arrays.equals(a.key().getEncoded(), b.key().getEncoded())
                    && a.chain().size() == b.chain().size();
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static Stamp stamp(String path, boolean keyDelExt) {
        long[] parts = new long[4];
        int i = 0;
        for (Path p : List.of(Path.of(path), PemFiles.keyFile(Path.of(path), keyDelExt))) {
            try {
                parts[i] = Files.getLastModifiedTime(p).toMillis();
                parts[i + 1] = Files.size(p);
            } catch (IOException e) {
                parts[i] = -1;
                parts[i + 1] = -1;
            }
            i += 2;
        }
        return new Stamp(parts);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) timer.shutdownNow();
    }
}
