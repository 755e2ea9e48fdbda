package dev.hapair.proxy.runtime;

import dev.hapair.common.process.SdNotify;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * SIGUSR2/SIGHUP: re-reads the configuration files and applies them to the running daemon as a diff
 * ({@link ProxyDaemon#reload}). An invalid configuration is refused with its diagnostics (file:line) and
 * the running one keeps serving. systemd hears RELOADING=1 before and READY=1 after, either way.
 *
 * <p>Connections already accepted keep the frontend (and so the routing, rules and backends) they were
 * accepted with, for every request they carry, including later keep-alive requests; only new
 * connections use the new configuration. This is what HAProxy's old process does with its clients
 * after a reload, and it keeps a request from ever seeing half of each configuration.
 */
public final class ConfigReloader {
    /** Where the next configuration comes from ({@link HaproxyConfigLoader#load(List)}; a stand-in in tests). */
    interface Source {
        HaproxyConfig load(List<Path> paths) throws ConfigException;
    }

    private final ProxyDaemon daemon;
    private final List<Path> paths;
    private final Source loader;
    private final SdNotify notify;
    private final PrintStream err;
    private final Privileges privileges;

    public ConfigReloader(
            ProxyDaemon daemon, List<Path> paths, HaproxyConfigLoader loader, SdNotify notify, PrintStream err) {
        this(daemon, paths, loader, notify, err, Privileges.NONE);
    }

    /**
     * @param privileges what the process gave up at start: a reload that asks for other ones is refused
     *                   (they cannot be taken back, and HAProxy applies them only at start too)
     */
    public ConfigReloader(
            ProxyDaemon daemon,
            List<Path> paths,
            HaproxyConfigLoader loader,
            SdNotify notify,
            PrintStream err,
            Privileges privileges) {
        this(daemon, paths, loader::load, notify, err, privileges);
    }

    ConfigReloader(
            ProxyDaemon daemon,
            List<Path> paths,
            Source loader,
            SdNotify notify,
            PrintStream err,
            Privileges privileges) {
        this.privileges = privileges;
        this.daemon = daemon;
        this.paths = List.copyOf(paths);
        this.loader = loader;
        this.notify = notify;
        this.err = err;
    }

    /**
     * Re-reads and applies the configuration; false when it was refused (the old one is still in force). Nothing
     * that goes wrong in a reload escapes it: the caller is the thread that handles every later signal (reload and
     * stop), and an escaping error would end it. A LinkageError (a native library or a class that cannot load, e.g.
     * JNA after an earlier failure) refuses the reload like any other failure.
     */
    public synchronized boolean reload() {
        notify.reloading();
        try {
            return apply();
        } catch (RuntimeException | LinkageError e) {
            err.println("[ALERT] reload refused, keeping the running configuration: " + e);
            return false;
        } finally {
            notify.ready();
        }
    }

    private boolean apply() {
        HaproxyConfig next;
        try {
            next = loader.load(paths);
        } catch (ConfigException e) {
            refuse(e);
            return false;
        }
        try {
            Privileges wanted = Privileges.resolve(next.global(), Privileges.Accounts.SYSTEM);
            if (!wanted.equals(privileges)) {
                throw new ConfigException(dev.hapair.proxy.config.ConfigDiagnostic.alert(
                        next.global().lineOf(next.global().chroot().isPresent() ? "chroot" : "user"),
                        "user",
                        "changing user/group/chroot needs a restart (running with "
                                + (privileges.isNone() ? "no change of privileges" : privileges.describe()) + ")"));
            }
        } catch (ConfigException e) {
            refuse(e);
            return false;
        }
        try {
            ProxyDaemon.ReloadSummary r = daemon.reload(next, err);
            err.println("[NOTICE] hapair-proxy " + ProcessHandle.current().pid() + " reloaded "
                    + paths + ": listeners kept " + r.listeners().kept().size() + ", opened "
                    + r.listeners().opened().size() + ", closed "
                    + r.listeners().closed().size()
                    + "; servers kept " + r.serversKept() + ", new " + r.serversNew());
            return true;
        } catch (ConfigException e) {
            refuse(e);
            return false;
        }
    }

    private void refuse(ConfigException e) {
        for (ConfigDiagnostic d : e.diagnostics()) err.println(d);
        err.println("[ALERT] reload refused: errors in the new configuration; the running configuration "
                + "keeps serving.");
    }
}
