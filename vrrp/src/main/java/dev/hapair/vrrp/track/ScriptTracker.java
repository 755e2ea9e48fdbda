package dev.hapair.vrrp.track;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckSettings;
import dev.hapair.health.InitialState;
import dev.hapair.health.RiseFall;
import dev.hapair.health.Transition;
import dev.hapair.health.probe.ScriptProbe;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vrrp_script}: runs the script every {@code interval} through the health module's {@link ScriptProbe}
 * (own session, killed at {@code timeout}, as {@code user}/{@code script_user}), counting {@code rise} and
 * {@code fall} with {@link RiseFall}. A run never overlaps the previous one; results are handled on the loop.
 */
public final class ScriptTracker implements Tracker {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptTracker.class);

    private final VrrpScriptConfig config;
    private final ScriptProbe probe;
    private final ScheduledExecutorService loop;
    private final MonotonicClock clock;
    private final TrackListener listener;
    private final RiseFall riseFall;
    private ScheduledFuture<?> next;
    private volatile boolean up;
    private volatile boolean closed;
    private volatile CheckResult last = CheckResult.initial();

    /** @param user the user to run as (the script's own {@code user}, else {@code script_user}); null: ourselves */
    public ScriptTracker(
            VrrpScriptConfig config,
            String user,
            ScheduledExecutorService loop,
            MonotonicClock clock,
            TrackListener listener) {
        this.config = config;
        this.probe = ScriptProbe.of(config.argv()).asUser(user);
        this.loop = loop;
        this.clock = clock;
        this.listener = listener;
        // keepalived: a script starts up (one run's worth of failures from falling) unless init_fail
        InitialState initial = config.initFail() ? InitialState.FULLY_DOWN : InitialState.FULLY_UP;
        this.riseFall = new RiseFall(
                new CheckSettings(
                        config.interval(),
                        null,
                        null,
                        Math.max(1, config.rise()),
                        Math.max(1, config.fall()),
                        null,
                        null,
                        initial),
                clock.nanoTime());
        this.up = riseFall.isUp();
    }

    @Override
    public String key() {
        return Tracker.scriptKey(config.name());
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public void start() {
        loop.execute(this::runOnce);
    }

    private void runOnce() {
        if (closed) {
            return;
        }
        Duration timeout = config.timeout().isZero() ? config.interval() : config.timeout();
        probe.run(timeout)
                .whenComplete((result, error) -> loop.execute(() -> {
                    CheckResult r = result != null
                            ? result
                            : CheckResult.of(
                                    dev.hapair.health.CheckStatus.PROCERR, Duration.ZERO, String.valueOf(error));
                    completed(r);
                }));
    }

    private void completed(CheckResult r) {
        if (closed) {
            return;
        }
        last = r;
        Transition t = riseFall.record(r, clock.nanoTime());
        if (t == Transition.UP || t == Transition.DOWN) {
            up = t == Transition.UP;
            String detail = "vrrp_script " + config.name() + " " + (up ? "succeeded" : "failed") + ": " + r.describe()
                    + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
            listener.onTrackChange(this, up, detail);
        } else if (!r.succeeded()) {
            LOG.debug("vrrp_script {} failed: {} {}", config.name(), r.describe(), r.detail());
        }
        next = loop.schedule(this::runOnce, config.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The last result, for the state dump. */
    public CheckResult lastResult() {
        return last;
    }

    @Override
    public String describe() {
        return "vrrp_script " + config.name() + " (" + probe.describe() + ")";
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
    }
}
