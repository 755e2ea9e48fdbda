package dev.hapair.health;

import dev.hapair.common.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link Probe} repeatedly on an injected {@link Scheduler}, feeds a {@link RiseFall} and tells
 * {@link CheckListener}s about every result and transition.
 *
 * <p>Timing: the next run is scheduled when the previous one completes, after
 * {@link RiseFall#nextInterval()} (inter / fastinter / downinter), so runs never overlap and a slow server
 * is never probed twice at once. Each run gets {@link CheckSettings#checkTimeout()}. All state changes and
 * listener calls happen on the scheduler's thread; probe completions from other threads hop back to it.
 * Accessors may be read from any thread.
 */
public final class CheckScheduler {

    private static final Logger log = LoggerFactory.getLogger(CheckScheduler.class);
    /** Extra grace after the timeout before a probe that broke its contract is declared failed. */
    private static final Duration WATCHDOG_SLACK = Duration.ofSeconds(1);

    private final String name;
    private final Probe probe;
    private final CheckSettings settings;
    private final Scheduler scheduler;
    private final RiseFall riseFall;
    private final List<CheckListener> listeners = new CopyOnWriteArrayList<>();

    // Mutated on the scheduler thread only; volatile for readers on other threads.
    private volatile CheckResult lastResult = CheckResult.initial();
    private volatile boolean up;
    private volatile String statusText;
    private volatile boolean running;
    private long generation;
    private long runsCompleted;
    private Scheduler.Cancellable pending;
    private Scheduler.Cancellable watchdog;
    private boolean inFlight;

    public CheckScheduler(String name, Probe probe, CheckSettings settings, Scheduler scheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.riseFall = new RiseFall(settings, scheduler.nanoTime());
        this.up = riseFall.isUp();
        this.statusText = riseFall.statusText();
    }

    public CheckScheduler addListener(CheckListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public void removeListener(CheckListener listener) {
        listeners.remove(listener);
    }

    /** Starts checking now. */
    public void start() {
        start(Duration.ZERO);
    }

    /**
     * Starts checking after {@code initialDelay} (HAProxy spreads first checks over {@code inter}; callers
     * that manage many checks should pass a spread delay). Idempotent while running.
     */
    public void start(Duration initialDelay) {
        scheduler.execute(() -> {
            if (running) {
                return;
            }
            running = true;
            long gen = ++generation;
            pending = scheduler.schedule(initialDelay, () -> runOnce(gen));
        });
    }

    /** Stops checking; a run in flight completes but its result is dropped. State is kept for a restart. */
    public void stop() {
        scheduler.execute(() -> {
            running = false;
            generation++;
            cancelTimers();
            inFlight = false;
        });
    }

    /**
     * Runs a check as soon as possible instead of waiting for the interval, e.g. when a
     * {@code ProcessWatcher} reports the watched process dead. No-op when stopped or when a run is already
     * in flight (its result is as fresh as a new one would be).
     */
    public void runNow() {
        scheduler.execute(() -> {
            if (!running || inFlight) {
                return;
            }
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            runOnce(generation);
        });
    }

    /**
     * The server left maintenance: its counter restarts at {@code rise}, as HAProxy's does (its checks were paused
     * there), so the next run moves it and {@code option log-health-checks} reports that run.
     */
    public void restartAtRise() {
        scheduler.execute(() -> {
            riseFall.restartAtRise(scheduler.nanoTime());
            up = riseFall.isUp();
            statusText = riseFall.statusText();
        });
    }

    private void cancelTimers() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        if (watchdog != null) {
            watchdog.cancel();
            watchdog = null;
        }
    }

    private void runOnce(long gen) {
        if (gen != generation || !running) {
            return;
        }
        pending = null;
        inFlight = true;
        Duration timeout = settings.checkTimeout();
        long started = scheduler.nanoTime();
        CompletableFuture<CheckResult> f;
        try {
            f = probe.run(timeout);
        } catch (RuntimeException e) {
            log.warn("{}: probe {} threw", name, probe.describe(), e);
            f = CompletableFuture.completedFuture(CheckResult.of(CheckStatus.UNK, Duration.ZERO, String.valueOf(e)));
        }
        watchdog = scheduler.schedule(timeout.plus(WATCHDOG_SLACK), () -> {
            if (gen == generation && inFlight) {
                log.warn("{}: probe {} did not complete within {}", name, probe.describe(), timeout);
                complete(
                        gen,
                        CheckResult.of(
                                CheckStatus.UNK,
                                Duration.ofNanos(scheduler.nanoTime() - started),
                                "probe did not complete within its timeout"));
            }
        });
        f.whenComplete((r, ex) -> {
            CheckResult res = r != null
                    ? r
                    : CheckResult.of(
                            CheckStatus.UNK, Duration.ofNanos(scheduler.nanoTime() - started), String.valueOf(ex));
            scheduler.execute(() -> complete(gen, res));
        });
    }

    private void complete(long gen, CheckResult result) {
        if (gen != generation || !inFlight) {
            return;
        }
        inFlight = false;
        if (watchdog != null) {
            watchdog.cancel();
            watchdog = null;
        }
        long now = scheduler.nanoTime();
        int healthBefore = riseFall.health();
        CheckStatus previousStatus = lastResult.status();
        Transition t = riseFall.record(result, now);
        runsCompleted++;
        lastResult = result;
        up = riseFall.isUp();
        statusText = riseFall.statusText();
        CheckEvent event =
                new CheckEvent(name, result, t, up, riseFall.health(), healthBefore, previousStatus, statusText, now);
        if (t != Transition.NONE) {
            log.info(event.logLine());
        } else {
            log.debug(event.logLine());
        }
        for (CheckListener l : listeners) {
            try {
                l.onCheck(event);
            } catch (RuntimeException e) {
                log.warn("{}: check listener threw", name, e);
            }
        }
        if (running && gen == generation) {
            pending = scheduler.schedule(riseFall.nextInterval(), () -> runOnce(gen));
        }
    }

    public String name() {
        return name;
    }

    public Probe probe() {
        return probe;
    }

    public CheckSettings settings() {
        return settings;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isRunning() {
        return running;
    }

    /** Latest result, {@code INI} before the first run. */
    public CheckResult lastResult() {
        return lastResult;
    }

    /** HAProxy stats-page status: {@code UP}, {@code DOWN}, {@code UP 2/3}, {@code DOWN 1/2}. */
    public String statusText() {
        return statusText;
    }

    /** Scheduler-thread only: the underlying counter (health, last change time, next interval). */
    public RiseFall riseFall() {
        return riseFall;
    }

    /** Scheduler-thread only: number of completed runs. */
    public long runsCompleted() {
        return runsCompleted;
    }
}
