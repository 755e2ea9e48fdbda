package dev.hapair.proxy.runtime;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.process.PidFile;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.netty.ProxyServer;
import dev.hapair.proxy.netty.Transport;
import dev.hapair.proxy.stats.ProcessInfo;
import dev.hapair.proxy.stats.StatsService;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running hapair-proxy: event loops ({@code nbthread}), listeners, health checks, log targets and the
 * pid file, built from one configuration. {@link #stop} is graceful: listeners close first, then
 * established connections get a grace period to finish.
 */
public final class ProxyDaemon implements AutoCloseable {
    private final EventLoopGroup group;
    private final ProxyServer server;
    private volatile ProxyRuntime runtime;
    private volatile HealthChecks checks;
    private volatile HaproxyConfig config;
    private volatile Customizer customizer = (c, r) -> {};
    private final java.util.List<AutoCloseable> closeOnStop = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** {@code hapair-ssl-watch}'s thread, started when a configuration turns it on (null in tests' daemons). */
    private volatile dev.hapair.proxy.tls.CertificateWatch certificateWatch;

    private final LogSinks logSinks;
    private final FdListeners fdListeners;
    private final Path pidfile;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile StatsService stats;
    private volatile boolean stopping;
    private volatile boolean cutShort;

    private ProxyDaemon(
            EventLoopGroup group,
            ProxyServer server,
            ProxyRuntime runtime,
            HealthChecks checks,
            LogSinks logSinks,
            Path pidfile,
            FdListeners fdListeners) {
        this.group = group;
        this.fdListeners = fdListeners;
        this.server = server;
        this.runtime = runtime;
        this.checks = checks;
        this.logSinks = logSinks;
        this.pidfile = pidfile;
    }

    /**
     * Builds and starts everything. {@code pidfileOverride} ({@code -p}) wins over the config's
     * {@code pidfile}; either way the file is written, also in the foreground.
     */
    /**
     * The syslog tag: {@code log-tag}, else the process name ({@code hapair-proxy}, or the compatibility name
     * such as {@code haproxy}, which Debian's rsyslog rule for haproxy matches), as HAProxy's defaults to its
     * program name.
     */
    static String syslogTag(dev.hapair.proxy.config.GlobalConfig g) {
        return g.logTag().orElseGet(() -> dev.hapair.health.ProcessName.chosen("hapair-proxy"));
    }

    public static ProxyDaemon start(HaproxyConfig config, Optional<Path> pidfileOverride, PrintStream err)
            throws ConfigException {
        return start(config, pidfileOverride, err, (c, r) -> {});
    }

    /**
     * Called once the runtime is built and before anything listens (to install stats pages and the like);
     * called again with the new runtime on every reload, before it serves.
     */
    @FunctionalInterface
    public interface Customizer {
        void customize(HaproxyConfig config, ProxyRuntime runtime) throws ConfigException;
    }

    /** As {@link #start(HaproxyConfig, Optional, PrintStream)}, with {@code customizer} run before binding. */
    public static ProxyDaemon start(
            HaproxyConfig config, Optional<Path> pidfileOverride, PrintStream err, Customizer customizer)
            throws ConfigException {
        return start(config, pidfileOverride, err, customizer, java.util.List.of());
    }

    /**
     * As {@link #start(HaproxyConfig, Optional, PrintStream, Customizer)}, accepting on {@code inheritedFds}
     * (listening sockets received from an old process) wherever a frontend binds their address; inherited
     * sockets no frontend uses are closed.
     */
    public static ProxyDaemon start(
            HaproxyConfig config,
            Optional<Path> pidfileOverride,
            PrintStream err,
            Customizer customizer,
            java.util.List<Integer> inheritedFds)
            throws ConfigException {
        ConfigCheck.refuseRuntimeErrors(config);
        Transport transport = Transport.best();
        int threads = config.global().nbthread().orElse(Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = transport.newGroup(threads, "hapair-loop");
        YoungGenerationGrowth.start(group.next());
        LogSinks sinks = new LogSinks(
                syslogTag(config.global()) + "[" + ProcessHandle.current().pid() + "]",
                w -> err.println("[WARNING] " + w));
        boolean ok = false;
        try {
            FdListeners fdListeners = new FdListeners();
            FdListeners.Prepared fds = fdListeners.prepare(config, transport, a -> false);
            RuntimeBuilder builder = new RuntimeBuilder(
                            config, System::currentTimeMillis, w -> err.println("[WARNING] " + w), sinks)
                    .fdAddresses(fds.addresses());
            ProxyRuntime runtime = builder.build(group);
            customizer.customize(config, runtime);
            ProxyServer server = new ProxyServer(
                    transport,
                    group,
                    runtime.frontends(),
                    threads,
                    config.global().maxconn().orElse(0),
                    LogSink.NONE);
            Path pid = pidfileOverride.orElse(
                    config.global().pidfile().map(Path::of).orElse(null));
            // The runtime API's commands read the configuration in force through the daemon at each call. They
            // capture only the daemon: capturing start's config, runtime or builder would keep the first
            // configuration (its maps, pattern files, tables, TLS contexts) alive for the life of the process.
            ProxyDaemon d = new ProxyDaemon(group, server, runtime, builder.checks(), sinks, pid, fdListeners);
            d.config = config;
            d.customizer = customizer;
            StatsService stats = StatsService.start(
                    config,
                    runtime.frontends(),
                    runtime.backends(),
                    group,
                    transport.isEpoll(),
                    ProcessInfo.current(threads, config.global().maxconn().orElse(0), server::activeConnections),
                    new AddedServerChecks(() -> d.config, () -> d.checks, group));
            stats.api().register("_getsocks", new GetSocksCommand(server::listenerFds));
            stats.api().frontendControl(server.control());
            stats.api().sessionTable(server.sessions());
            server.services(java.util.Map.of(
                    dev.hapair.proxy.rules.ActionCompiler.PROMETHEUS_EXPORTER,
                    new dev.hapair.proxy.stats.PrometheusService(stats.snapshot())));
            new dev.hapair.proxy.stats.MapCommands(() -> d.runtime.maps()).registerOn(stats.api());
            new dev.hapair.proxy.stats.AclCommands(() -> d.runtime.maps()).registerOn(stats.api());
            new dev.hapair.proxy.stats.TableCommands(() -> d.runtime.sampleEnv().tables()).registerOn(stats.api());
            new dev.hapair.proxy.tls.SslCommands(() -> d.runtime.certificates()).registerOn(stats.api());
            stats.api()
                    .serverTls(new dev.hapair.proxy.tls.DynamicServerTls(
                            () -> {
                                ProxyRuntime r = d.runtime;
                                HaproxyConfig c = d.config;
                                return new dev.hapair.proxy.tls.DynamicServerTls.Context(
                                        r.certificates(), c.global().ssl(), r.sampleEnv());
                            },
                            dev.hapair.proxy.tls.TlsProvider::detect));
            new dev.hapair.proxy.tls.SslCaCommands(
                            () -> d.runtime.certificates().caFiles())
                    .registerOn(stats.api());
            new dev.hapair.proxy.stats.VarCommands(() -> {
                        ProxyRuntime r = d.runtime;
                        return new dev.hapair.proxy.stats.VarCommands.Target(r.procVars(), r.sampleEnv());
                    })
                    .registerOn(stats.api());
            stats.api().commandsRegistered();
            try {
                if (!inheritedFds.isEmpty()) server.inherit(inheritedFds);
                server.adopt(fds.fresh());
                server.start();
                server.closeUnusedInherited();
            } catch (Exception e) {
                stats.close();
                server.stopListening();
                if (e instanceof dev.hapair.proxy.netty.ListenerBindException b) {
                    throw new ConfigException(ConfigDiagnostic.alert(
                            BindLocations.find(config, b.frontend(), b.address()),
                            "bind",
                            "Starting frontend " + b.frontend() + ": " + b.getMessage()));
                }
                throw new ConfigException(ConfigDiagnostic.alert(
                        SourceLocation.NONE, "bind", "Starting proxy: cannot bind socket (" + rootMessage(e) + ")"));
            }
            builder.checks().start();
            if (pid != null) writePidfile(pid);
            ok = true;
            d.stats = stats;
            d.certificateWatch = new dev.hapair.proxy.tls.CertificateWatch(
                            () -> d.runtime.certificates(),
                            () -> d.config.global().ssl().watch(),
                            n -> err.println("[NOTICE] " + n),
                            w -> err.println("[WARNING] " + w))
                    .start();
            d.closeOnStop(d.certificateWatch);
            return d;
        } finally {
            if (!ok) {
                sinks.close();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static void writePidfile(Path pid) throws ConfigException {
        try {
            PidFile.write(pid);
        } catch (IOException e) {
            throw new ConfigException(ConfigDiagnostic.alert(
                    SourceLocation.NONE, "pidfile", "cannot create pidfile " + pid + " (" + e.getMessage() + ")"));
        }
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public ProxyServer server() {
        return server;
    }

    public HealthChecks checks() {
        return checks;
    }

    /** The configuration in force (the latest successful reload). */
    public HaproxyConfig config() {
        return config;
    }

    /** Closed when the daemon stops (e.g. the runtime socket). */
    public void closeOnStop(AutoCloseable c) {
        closeOnStop.add(c);
    }

    /** What a successful {@link #reload} changed. */
    public record ReloadSummary(ProxyServer.ListenerDiff listeners, int serversKept, int serversNew) {}

    /**
     * Applies {@code next} as a diff (see {@link ConfigReloader}): listeners that stay are kept open, new
     * ones bound, removed ones stop accepting and drain; servers with the same backend name, name and
     * settings keep their live state, counters and running check. Connections already accepted keep the
     * frontend, routing and backends they started with. On failure (a name that no longer resolves, an
     * address that cannot be bound) nothing changes and the old configuration keeps serving.
     */
    public synchronized ReloadSummary reload(HaproxyConfig next, PrintStream err) throws ConfigException {
        if (stopping) throw new ConfigException(ConfigDiagnostic.alert(SourceLocation.NONE, "reload", "stopping"));
        ConfigCheck.refuseRuntimeErrors(next);
        FdListeners.Prepared fds = fdListeners.prepare(next, server.transport(), server::holds);
        RuntimeBuilder builder = new RuntimeBuilder(
                        next, System::currentTimeMillis, w -> err.println("[WARNING] " + w), logSinks)
                .carryOver(config, runtime, checks)
                .fdAddresses(fds.addresses());
        server.adopt(fds.fresh());
        ProxyRuntime built = builder.build(group);
        try {
            customizer.customize(next, built);
        } catch (ConfigException | RuntimeException e) {
            detach(built, java.util.Set.of());
            throw e;
        }
        if (stats != null) {
            try {
                stats.update(next, built.frontends(), built.backends());
            } catch (ConfigException | RuntimeException e) {
                detach(built, java.util.Set.of());
                stats.update(config, runtime.frontends(), runtime.backends());
                throw e;
            }
        }
        ProxyServer.ListenerDiff diff;
        try {
            diff = server.reconfigure(built.frontends());
        } catch (Exception e) {
            detach(built, java.util.Set.of());
            if (stats != null) stats.update(config, runtime.frontends(), runtime.backends());
            throw new ConfigException(ConfigDiagnostic.alert(
                    SourceLocation.NONE,
                    "bind",
                    "Reloading proxy: cannot bind socket (" + rootMessage(e) + "); keeping the running configuration"));
        }
        ProxyRuntime old = runtime;
        HealthChecks oldChecks = checks;
        builder.checks().start();
        oldChecks.stopAllBut(builder.checks());
        // old backends stop following carried-over servers (their in-flight connections still release through them)
        detach(old, java.util.Set.of());
        runtime = built;
        builder.adoptKeptServersTls();
        checks = builder.checks();
        config = next;
        if (certificateWatch != null) certificateWatch.start(); // a reload may have turned hapair-ssl-watch on
        int kept = builder.keptServers().size();
        int total = 0;
        for (var be : built.backends().values()) total += be.servers().size();
        return new ReloadSummary(diff, kept, total - kept);
    }

    private static void detach(ProxyRuntime rt, java.util.Set<Object> keep) {
        for (var be : rt.backends().values()) {
            for (var s : be.servers()) {
                s.removeListener(be);
                s.removeEventListener(be);
            }
        }
    }

    /**
     * Soft stop (SIGUSR1, HAProxy semantics): stop accepting, close keep-alive connections after their
     * current response, let every connection finish, bounded by {@code hardStopAfter} (null = unbounded).
     */
    public void softStop(Duration hardStopAfter) {
        if (stopping) return;
        server.softStop();
        stop(hardStopAfter == null ? Duration.ofDays(365) : hardStopAfter);
    }
    /** Stats pages and runtime API sockets of this process. */
    public StatsService stats() {
        return stats;
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Graceful stop: stop accepting, let established connections finish for up to {@code grace}, then
     * close everything and remove the pid file.
     */
    public void stop(Duration grace) {
        if (grace.isZero()) cutShort = true; // also ends a soft stop that is still draining
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            server.stopListening();
            long deadline = System.nanoTime() + grace.toNanos();
            while (server.activeConnections() > 0 && System.nanoTime() < deadline && !cutShort) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (AutoCloseable c : closeOnStop) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort at exit
                }
            }
            checks.close();
            if (stats != null) stats.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            logSinks.close();
            if (pidfile != null) {
                try {
                    // after an upgrade the file holds the new process's pid: leave it
                    PidFile.removeIfOurs(pidfile);
                } catch (IOException ignored) {
                    // a stale pid file is harmless: the next start overwrites it
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
