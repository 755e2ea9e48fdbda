package dev.hapair.vrrp.bgp;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.BgpAnnounceConfig;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import dev.hapair.vrrp.os.LinkMonitor;
import dev.hapair.vrrp.track.InterfaceTracker;
import dev.hapair.vrrp.track.ProcessTracker;
import dev.hapair.vrrp.track.ScriptTracker;
import dev.hapair.vrrp.track.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@code bgp_announce} block: shares the trackers between blocks (one pidfd per tracked process),
 * evaluates a block at once when one of its trackers changes and every {@code interval} otherwise (polling the
 * proxy's stats socket off the loop when {@code proxy_backend} is set), and sends what {@link AnnounceMachine}
 * decides to ExaBGP. All state is touched on {@code loop} only.
 */
public final class BgpDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BgpDaemon.class);

    private final KeepalivedConfig config;
    private final ExabgpPipe pipe;
    private final ScheduledExecutorService loop;
    private final ExecutorService io;
    private final ProcessWatcher watcher;
    private final Optional<LinkMonitor> links;
    private final MonotonicClock clock;
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();
    private final List<Block> blocks = new ArrayList<>();

    /** One block's machine and what it knows of the proxy. */
    private final class Block {
        final BgpAnnounceConfig config;
        final AnnounceMachine machine;
        final Optional<StatsSocket> stats;
        /** Usable servers at the last poll; empty before the first answer or after a failed one. */
        OptionalInt nbsrv = OptionalInt.empty();

        String statsProblem = "no answer from the stats socket yet";

        Block(BgpAnnounceConfig config) {
            this.config = config;
            this.machine = new AnnounceMachine(config.rise(), config.fall());
            this.stats = config.proxyStatsSocket().map(p -> new StatsSocket(p, io));
        }

        List<TrackRef> refs() {
            List<TrackRef> all = new ArrayList<>(config.trackProcesses());
            all.addAll(config.trackScripts());
            all.addAll(config.trackInterfaces());
            return all;
        }

        String key(TrackRef r) {
            if (config.trackProcesses().contains(r)) {
                return Tracker.processKey(r.name());
            }
            return config.trackScripts().contains(r) ? Tracker.scriptKey(r.name()) : Tracker.interfaceKey(r.name());
        }
    }

    public BgpDaemon(
            KeepalivedConfig config,
            ExabgpPipe pipe,
            ScheduledExecutorService loop,
            ExecutorService io,
            ProcessWatcher watcher,
            Optional<LinkMonitor> links,
            MonotonicClock clock) {
        this.config = config;
        this.pipe = pipe;
        this.loop = loop;
        this.io = io;
        this.watcher = watcher;
        this.links = links;
        this.clock = clock;
    }

    /** Creates the trackers and starts evaluating; call once. */
    public void start() {
        run(() -> {
            for (BgpAnnounceConfig c : config.bgp().announces()) {
                Block b = new Block(c);
                blocks.add(b);
                for (TrackRef r : b.refs()) {
                    trackers.computeIfAbsent(b.key(r), k -> createTracker(b, r));
                }
                LOG.info(
                        "bgp_announce {}: {} next-hop {}, tracking {}{}",
                        c.name(),
                        c.vips(),
                        c.nextHopText(),
                        b.refs().stream()
                                .map(r -> b.key(r) + (r.reverse() ? " (reverse)" : ""))
                                .toList(),
                        c.proxyBackend().map(be -> ", nbsrv(" + be + ") > 0").orElse(""));
            }
            trackers.values().forEach(Tracker::start);
            for (Block b : blocks) {
                tick(b);
            }
        });
    }

    private Tracker createTracker(Block b, TrackRef r) {
        if (b.config.trackProcesses().contains(r)) {
            return new ProcessTracker(config.trackProcess(r.name()).orElseThrow(), watcher, loop, this::onTrackChange);
        }
        if (b.config.trackScripts().contains(r)) {
            VrrpScriptConfig s = config.script(r.name()).orElseThrow();
            String user = s.user().or(() -> config.globalDefs().scriptUser()).orElse(null);
            return new ScriptTracker(s, user, loop, clock, this::onTrackChange);
        }
        return new InterfaceTracker(
                r.name(),
                links.orElseThrow(() -> new IllegalStateException("track_interface needs the link monitor")),
                loop,
                this::onTrackChange);
    }

    private void onTrackChange(Tracker t, boolean up, String detail) {
        LOG.info("{} is {}: {}", t.key(), up ? "up" : "down", detail);
        for (Block b : blocks) {
            if (b.refs().stream().anyMatch(r -> b.key(r).equals(t.key()))) {
                evaluate(b);
            }
        }
    }

    /** Periodic evaluation; with a stats socket, polls it first (off the loop) and evaluates with the answer. */
    private void tick(Block b) {
        if (b.machine.state() == AnnounceState.DRAINING) {
            return;
        }
        long intervalNanos = b.config.interval().toNanos();
        if (b.config.proxyBackend().isPresent()) {
            String backend = b.config.proxyBackend().get();
            StatsSocket s = b.stats.orElseThrow();
            long timeout = Math.max(100, Math.min(1000, b.config.interval().toMillis()));
            io.execute(() -> {
                OptionalInt n;
                String problem;
                try {
                    n = s.showStat(timeout).usableServers(backend);
                    problem = n.isEmpty() ? "the proxy has no backend '" + backend + "'" : "";
                } catch (IOException e) {
                    n = OptionalInt.empty();
                    problem = "stats socket " + e.getMessage();
                }
                OptionalInt result = n;
                String why = problem;
                loop.execute(() -> {
                    b.nbsrv = result;
                    b.statsProblem = why;
                    evaluate(b);
                });
            });
        } else {
            evaluate(b);
        }
        loop.schedule(() -> tick(b), intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void evaluate(Block b) {
        List<String> down = new ArrayList<>();
        for (TrackRef r : b.refs()) {
            Tracker t = trackers.get(b.key(r));
            if (t.up() == r.reverse()) {
                down.add(t.key() + (r.reverse() ? " is up (reverse)" : " is down"));
            }
        }
        b.config.proxyBackend().ifPresent(be -> {
            if (b.nbsrv.isEmpty()) {
                down.add("nbsrv(" + be + ") unknown: " + b.statsProblem);
            } else if (b.nbsrv.getAsInt() == 0) {
                down.add("nbsrv(" + be + ") = 0");
            }
        });
        boolean healthy = down.isEmpty();
        String why = healthy ? "healthy" : String.join(", ", down);
        b.machine.evaluate(healthy, why).ifPresent(a -> act(b, a));
    }

    private void act(Block b, RouteAction a) {
        LOG.info("bgp_announce {}: {} ({})", b.config.name(), a.kind().name().toLowerCase(), a.reason());
        ExabgpCommands.lines(b.config, a.kind()).forEach(pipe::send);
    }

    /** Each block's state, for logs and tests. */
    public Map<String, AnnounceState> states() {
        Map<String, AnnounceState> out = new LinkedHashMap<>();
        run(() -> blocks.forEach(b -> out.put(b.config.name(), b.machine.state())));
        return out;
    }

    /**
     * Planned stop: withdraws every announced block at once, then waits (bounded by the largest
     * {@code drain_timeout}) until the proxies behind the stats sockets report no open frontend session.
     * Returns what happened, for the log.
     */
    public String drain(java.util.function.BooleanSupplier abandon) {
        List<Path> sockets = new ArrayList<>();
        Duration[] max = {Duration.ZERO};
        run(() -> {
            for (Block b : blocks) {
                b.machine.drain().ifPresent(a -> act(b, a));
                b.config.proxyStatsSocket().filter(p -> !sockets.contains(p)).ifPresent(sockets::add);
                if (b.config.drainTimeout().compareTo(max[0]) > 0) {
                    max[0] = b.config.drainTimeout();
                }
            }
        });
        if (sockets.isEmpty()) {
            return "routes withdrawn; no proxy_stats_socket to wait for";
        }
        long start = System.nanoTime();
        long deadline = start + max[0].toNanos();
        int open = -1;
        while (true) {
            open = 0;
            for (Path p : sockets) {
                try {
                    open += new StatsSocket(p, io).showStat(1000).frontendSessions();
                } catch (IOException e) {
                    LOG.info(
                            "drain: {} (counted as no session: a proxy that does not answer holds none we can wait for)",
                            e.getMessage());
                }
            }
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (open == 0) {
                return "routes withdrawn; sessions drained after " + waited + " ms";
            }
            if (System.nanoTime() >= deadline || abandon.getAsBoolean()) {
                return "routes withdrawn; " + open + " session(s) still open after " + waited + " ms (drain_timeout "
                        + max[0].toSeconds() + " s" + (abandon.getAsBoolean() ? ", ExaBGP gone" : "") + ")";
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "drain interrupted with " + open + " session(s) open";
            }
        }
    }

    private void run(Runnable r) {
        if (Thread.currentThread().getName().startsWith(BgpCommand.LOOP_THREAD)) {
            r.run();
            return;
        }
        try {
            loop.submit(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        run(() -> trackers.values().forEach(Tracker::close));
    }
}
