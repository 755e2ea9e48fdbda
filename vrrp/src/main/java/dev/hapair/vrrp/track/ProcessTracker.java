package dev.hapair.vrrp.track;

import dev.hapair.health.probe.ProcessProbe;
import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.ParamMatch;
import dev.hapair.vrrp.config.TrackProcessConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vrrp_track_process}: up while the number of matching processes is within {@code quorum ..
 * quorum_max}. Processes come from hapair's {@code pidfile PATH} (exactly the process the file names) or
 * from {@code process NAME} (every process of that name).
 *
 * <p>Death is detected immediately: each matching process is watched through a pidfd
 * ({@link ProcessWatcher}), which wakes the loop the moment it exits, so a master can give up within
 * milliseconds instead of after a script interval. A process (re)appearing is found by re-reading the pid
 * file or /proc every {@link #DOWN_POLL} while below quorum (every {@link #UP_POLL} otherwise, to watch new
 * processes). keepalived's {@code delay}/{@code terminate_delay} and {@code fork_delay} postpone reporting
 * a loss or a return; the state is checked again when the delay ends.
 */
public final class ProcessTracker implements Tracker {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTracker.class);
    public static final Duration DOWN_POLL = Duration.ofMillis(200);
    public static final Duration UP_POLL = Duration.ofSeconds(1);

    private final TrackProcessConfig config;
    private final ProcessProbe probe;
    private final ProcessWatcher watcher;
    private final ScheduledExecutorService loop;
    private final TrackListener listener;
    private final Map<Long, ProcessWatcher.Watch> watches = new HashMap<>();
    private ScheduledFuture<?> poll;
    private ScheduledFuture<?> delayed;
    private volatile boolean up;
    private volatile int count;
    private volatile boolean closed;

    public ProcessTracker(
            TrackProcessConfig config, ProcessWatcher watcher, ScheduledExecutorService loop, TrackListener listener) {
        this.config = config;
        this.probe = config.pidfile()
                .map(ProcessProbe::ofPidFile)
                .orElseGet(() -> ProcessProbe.ofName(config.process().orElseThrow()));
        this.watcher = watcher;
        this.loop = loop;
        this.listener = listener;
        if (config.pidfile().isEmpty() && !config.parameters().isEmpty() && config.paramMatch() != ParamMatch.NONE) {
            LOG.warn(
                    "vrrp_track_process {}: parameters are not compared yet, matching the process name only",
                    config.name());
        }
        List<Long> pids = probe.currentPids();
        this.count = pids.size();
        this.up = withinQuorum(count);
    }

    @Override
    public String key() {
        return Tracker.processKey(config.name());
    }

    @Override
    public boolean up() {
        return up;
    }

    /** Matching processes at the last look. */
    public int count() {
        return count;
    }

    @Override
    public void start() {
        loop.execute(this::evaluate);
    }

    private boolean withinQuorum(int n) {
        return n >= config.quorum()
                && (config.quorumMax().isEmpty() || n <= config.quorumMax().getAsInt());
    }

    /** Looks at the processes now, (re)watches them, reports a change (after its delay), re-arms the poll. */
    private void evaluate() {
        if (closed) {
            return;
        }
        List<Long> pids = probe.currentPids();
        count = pids.size();
        rewatch(pids);
        boolean now = withinQuorum(count);
        if (now != up) {
            Duration delay = now ? config.forkDelay() : config.terminateDelay();
            if (delay.isZero()) {
                report(now);
            } else if (delayed == null) {
                delayed = loop.schedule(this::delayedCheck, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } else if (delayed != null) {
            delayed.cancel(false); // flipped back within the delay: nothing to report
            delayed = null;
        }
        schedulePoll();
    }

    private void delayedCheck() {
        delayed = null;
        if (closed) {
            return;
        }
        List<Long> pids = probe.currentPids();
        count = pids.size();
        rewatch(pids);
        boolean now = withinQuorum(count);
        if (now != up) {
            report(now);
        }
    }

    private void report(boolean now) {
        up = now;
        String what = config.pidfile()
                .map(p -> "pidfile " + p)
                .orElse("process " + config.process().orElse("?"));
        listener.onTrackChange(
                this,
                now,
                "vrrp_track_process " + config.name() + ": " + count + " process(es) for " + what
                        + (now ? ", quorum reached" : ", below quorum " + config.quorum()));
    }

    private void rewatch(List<Long> pids) {
        Set<Long> current = new HashSet<>(pids);
        watches.entrySet().removeIf(e -> {
            if (!current.contains(e.getKey()) || !e.getValue().isActive()) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        for (long pid : pids) {
            if (!watches.containsKey(pid)) {
                watches.put(pid, watcher.watch(pid, loop, this::evaluate));
            }
        }
    }

    private void schedulePoll() {
        if (poll != null) {
            poll.cancel(false);
        }
        Duration period = up ? UP_POLL : DOWN_POLL;
        poll = loop.schedule(this::evaluate, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String describe() {
        return "vrrp_track_process " + config.name() + " (" + probe.describe() + ", quorum " + config.quorum() + ")";
    }

    @Override
    public void close() {
        closed = true;
        Runnable release = () -> {
            if (poll != null) {
                poll.cancel(false);
            }
            if (delayed != null) {
                delayed.cancel(false);
            }
            watches.values().forEach(ProcessWatcher.Watch::close);
            watches.clear();
        };
        try {
            loop.execute(release);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            release.run(); // the loop is gone: nothing else touches the fields any more
        }
    }
}
