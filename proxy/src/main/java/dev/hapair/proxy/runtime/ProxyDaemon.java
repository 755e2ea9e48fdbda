package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.SourceLocation;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.netty.ProxyServer;
import dev.hapair.proxy.netty.Transport;
import dev.hapair.proxy.stats.ProcessInfo;
import dev.hapair.proxy.stats.StatsService;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private final ProxyRuntime runtime;
    private final HealthChecks checks;
    private final LogSinks logSinks;
    private final Path pidfile;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile StatsService stats;
    private volatile boolean stopping;

    private ProxyDaemon(EventLoopGroup group, ProxyServer server, ProxyRuntime runtime, HealthChecks checks,
                        LogSinks logSinks, Path pidfile) {
        this.group = group;
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
    public static ProxyDaemon start(HaproxyConfig config, Optional<Path> pidfileOverride, PrintStream err)
            throws ConfigException {
        return start(config, pidfileOverride, err, (c, r) -> { });
    }

    /** Called once the runtime is built and before anything listens (to install stats pages and the like). */
    @FunctionalInterface
    public interface Customizer {
        void customize(HaproxyConfig config, ProxyRuntime runtime) throws ConfigException;
    }

    /** As {@link #start(HaproxyConfig, Optional, PrintStream)}, with {@code customizer} run before binding. */
    public static ProxyDaemon start(HaproxyConfig config, Optional<Path> pidfileOverride, PrintStream err,
                                    Customizer customizer) throws ConfigException {
        Transport transport = Transport.best();
        int threads = config.global().nbthread().orElse(Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = transport.newGroup(threads, "hapair-loop");
        LogSinks sinks = new LogSinks("hapair-proxy[" + ProcessHandle.current().pid() + "]",
            w -> err.println("[WARNING] " + w));
        boolean ok = false;
        try {
            RuntimeBuilder builder = new RuntimeBuilder(config, System::currentTimeMillis, w -> err.println("[WARNING] " + w), sinks);
            ProxyRuntime runtime = builder.build(group);
            customizer.customize(config, runtime);
            ProxyServer server = new ProxyServer(transport, group, runtime.frontends(), threads,
                config.global().maxconn().orElse(0), LogSink.NONE);
            StatsService stats = StatsService.start(config, runtime.frontends(), runtime.backends(), group,
                transport.isEpoll(), ProcessInfo.current(threads, config.global().maxconn().orElse(0), server::activeConnections),
                new AddedServerChecks(config, builder.checks(), group));
            try {
                server.start();
            } catch (Exception e) {
                stats.close();
                server.stopListening();
                throw new ConfigException(ConfigDiagnostic.alert(SourceLocation.UNKNOWN, "bind",
                    "Starting proxy: cannot bind socket (" + rootMessage(e) + ")"));
            }
            builder.checks().start();
            Path pid = pidfileOverride.orElse(config.global().pidfile().map(Path::of).orElse(null));
            if (pid != null) writePidfile(pid);
            ok = true;
            ProxyDaemon d = new ProxyDaemon(group, server, runtime, builder.checks(), sinks, pid);
            d.stats = stats;
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
            if (pid.getParent() != null) Files.createDirectories(pid.getParent());
            Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(ConfigDiagnostic.alert(SourceLocation.UNKNOWN, "pidfile",
                "cannot create pidfile " + pid + " (" + e.getMessage() + ")"));
        }
    }

    public ProxyRuntime runtime() { return runtime; }

    public ProxyServer server() { return server; }

    public HealthChecks checks() { return checks; }

    /** Stats pages and runtime API sockets of this process. */
    public StatsService stats() { return stats; }

    public EventLoopGroup group() { return group; }

    /**
     * Graceful stop: stop accepting, let established connections finish for up to {@code grace}, then
     * close everything and remove the pid file.
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            server.stopListening();
            long deadline = System.nanoTime() + grace.toNanos();
            while (server.activeConnections() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            checks.close();
            if (stats != null) stats.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            logSinks.close();
            if (pidfile != null) {
                try {
                    Files.deleteIfExists(pidfile);
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
