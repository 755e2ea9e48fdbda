package dev.hapair.vrrp.runtime;

import dev.hapair.common.process.PidFile;
import dev.hapair.common.process.SdNotify;
import dev.hapair.common.process.SignalDispositions;
import dev.hapair.vrrp.config.ConfigException;
import dev.hapair.vrrp.os.Errno;
import dev.hapair.vrrp.os.LinuxNetworkOs;
import dev.hapair.vrrp.os.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The process around a {@link VrrpDaemon}: pid file, signals (TERM/INT stop, HUP reload, USR1 state dump),
 * systemd notification, and cleanup on every exit path we control. Always runs in the foreground (systemd
 * {@code Type=notify} or {@code simple}); {@code -n} is accepted for keepalived compatibility.
 */
public final class DaemonProcess {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonProcess.class);
    public static final Path DEFAULT_DUMP = Path.of("/tmp/hapair-vrrp.json");

    private final ConfigSource source;
    private final Optional<Path> pidfile;
    private final Path dumpFile;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object reloadLock = new Object();
    private volatile String stopSignal = "";

    public DaemonProcess(ConfigSource source, Optional<Path> pidfile) {
        this.source = source;
        this.pidfile = pidfile;
        this.dumpFile = dumpFileFor(pidfile);
    }

    /** The SIGUSR1 dump goes beside the pid file ({@code X.pid} -> {@code X.json}), else to /tmp/hapair-vrrp.json. */
    public static Path dumpFileFor(Optional<Path> pidfile) {
        return pidfile.map(p -> {
                    String n = p.getFileName().toString();
                    String base = n.endsWith(".pid") ? n.substring(0, n.length() - 4) : n;
                    return p.resolveSibling(base + ".json");
                })
                .orElse(DEFAULT_DUMP);
    }

    /** Runs until SIGTERM/SIGINT; returns the exit code (0 after an orderly stop, 1 when start-up failed). */
    public int run() {
        LinuxNetworkOs os;
        try {
            os = LinuxNetworkOs.open();
        } catch (NativeException e) {
            LOG.error("cannot open netlink: {}", e.getMessage());
            return 1;
        }
        VrrpDaemon daemon = new VrrpDaemon(source, os);
        SdNotify sd = SdNotify.fromEnvironment();
        Thread hook = new Thread(() -> cleanup(daemon, os), "vrrp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // Handlers go in before start(): a signal that arrives while instances come up must not hit the
        // JVM's default disposition (USR1/HUP would end the process). HUP and USR1 wait for `running`.
        installSignals(daemon, sd);
        try {
            daemon.start();
            running.set(true);
        } catch (ConfigException e) {
            LOG.error("{}: configuration has errors, not starting", source.describe());
            cleanup(daemon, os);
            return 1;
        } catch (RuntimeException e) {
            Optional<NativeException> sys = systemCallFailure(e);
            if (sys.isPresent()) {
                // an expected failure (missing privileges, no such interface): one line saying what to do
                LOG.error("start failed: {}{}", sys.get().getMessage(), privilegeAdvice(sys.get()));
            } else {
                LOG.error("start failed: {}", e.toString(), e);
            }
            cleanup(daemon, os);
            return 1;
        }
        writePidfile();
        sd.send("READY=1\nSTATUS=running " + source.describe());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("SIG{} received: stopping (priority 0 to peers, removing VIPs)", stopSignal);
        sd.stopping();
        cleanup(daemon, os);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        return 0;
    }

    /** The system call that made start-up fail, when that is what happened. */
    static Optional<NativeException> systemCallFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NativeException n) return Optional.of(n);
        }
        return Optional.empty();
    }

    static String privilegeAdvice(NativeException e) {
        return e.errno() == Errno.EPERM || e.errno() == Errno.EACCES
                ? " (run as root, or with CAP_NET_RAW and CAP_NET_ADMIN as the hapair-vrrp unit grants them)"
                : "";
    }

    private void cleanup(VrrpDaemon daemon, LinuxNetworkOs os) {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        try {
            daemon.close();
        } catch (RuntimeException e) {
            LOG.error("stop failed: {}", e.toString());
        }
        os.close();
        pidfile.ifPresent(p -> {
            try {
                PidFile.removeIfOurs(p);
            } catch (IOException e) {
                LOG.warn("cannot remove pid file {}: {}", p, e.getMessage());
            }
        });
    }

    private void writePidfile() {
        pidfile.ifPresent(p -> {
            try {
                PidFile.write(p);
            } catch (IOException e) {
                LOG.error("cannot write pid file {}: {}", p, e.getMessage());
            }
        });
    }

    private void installSignals(VrrpDaemon daemon, SdNotify sd) {
        // a background job of a non-interactive shell starts with SIGINT ignored; keepalived stops on it all the same
        SignalDispositions.unignore(SignalDispositions.SIGHUP, SignalDispositions.SIGINT, SignalDispositions.SIGTERM);
        Signal.handle(new Signal("TERM"), s -> requestStop("TERM"));
        Signal.handle(new Signal("INT"), s -> requestStop("INT"));
        Signal.handle(new Signal("HUP"), s -> {
            if (!running.get()) {
                LOG.warn("SIGHUP ignored: still starting");
                return;
            }
            synchronized (reloadLock) {
                LOG.info("SIGHUP received: reloading {}", source.describe());
                sd.reloading();
                try {
                    daemon.reload();
                } catch (RuntimeException e) {
                    LOG.error("reload failed: {}; the running configuration stays", e.toString());
                }
                sd.ready();
            }
        });
        Signal.handle(new Signal("USR1"), s -> {
            if (running.get()) {
                dump(daemon);
            } else {
                LOG.warn("SIGUSR1 ignored: still starting");
            }
        });
    }

    private void requestStop(String signal) {
        stopSignal = signal;
        stop.countDown();
    }

    private void dump(VrrpDaemon daemon) {
        try {
            String json = StateDump.toJson(daemon.snapshot());
            StateDump.write(dumpFile, json);
            LOG.info("state dump written to {}: {}", dumpFile, json);
        } catch (IOException | RuntimeException e) {
            LOG.error("state dump to {} failed: {}", dumpFile, e.toString());
        }
    }
}
