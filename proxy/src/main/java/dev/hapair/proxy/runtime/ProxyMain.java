package dev.hapair.proxy.runtime;

import dev.hapair.common.process.SdNotify;
import dev.hapair.health.ProcessName;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.StatsSocket;
import dev.hapair.proxy.runtime.master.MasterProcess;
import dev.hapair.proxy.runtime.master.WorkerLink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Entry point of hapair-proxy: parses the HAProxy-style command line and dispatches. */
public final class ProxyMain {
    private ProxyMain() {}

    public static final String VERSION = "hapair-proxy version 0.1.0";

    /** Flag that runs the proxy on the embedded demo configuration (used by the README demo). */
    public static final String DEMO_FLAG = "--demo-config";
    /** Classpath resource holding the demo configuration. */
    public static final String DEMO_RESOURCE = "/dev/hapair/proxy/runtime/demo.cfg";

    /** How long established connections may finish after SIGTERM/SIGINT. */
    static final Duration STOP_GRACE = Duration.ofSeconds(Long.getLong("hapair.stopGraceSeconds", 10));

    public static void main(String[] args) {
        // First: killall -0 / pidof / pgrep -x see the name from the first moment (see ProcessName).
        ProcessName.apply(ProcessName.chosen("hapair-proxy"));
        // Server state changes are logged in HAProxy's words by the backends (ServerEventText); the health
        // library's own line for the same verdict would be a second, differently worded copy.
        System.setProperty("org.slf4j.simpleLogger.log.dev.hapair.health.CheckScheduler", "warn");
        NettyDefaults.apply(System.getProperties()); // before any Netty class loads
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        List<String> mainArgs = List.of(args);
        try {
            args = withDemoConfig(args);
        } catch (IOException e) {
            System.err.println("hapair-proxy: cannot extract the demo configuration: " + e.getMessage());
            return 1;
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(ProxyCommandLine.USAGE);
            return 0;
        }
        if (args.length == 1 && args[0].equals("--version")) {
            args = new String[] {"-v"};
        }
        ProxyCommandLine cmd;
        try {
            cmd = ProxyCommandLine.parse(args);
        } catch (ProxyCommandLine.UsageException e) {
            System.err.println("hapair-proxy: " + e.getMessage());
            System.err.println(ProxyCommandLine.USAGE);
            return 1;
        }
        if (cmd.versionOnly()) {
            System.out.println(VERSION);
            return 0;
        }
        if (cmd.checkOnly()) {
            return new ConfigCheck(new HaproxyConfigLoader(), ConfigCheck.HostResolver.SYSTEM)
                    .run(cmd.configPaths(), cmd.quiet(), System.out, System.err);
        }
        if (cmd.masterWorker() != ProxyCommandLine.MasterWorker.NONE && !WorkerLink.isWorker()) {
            return master(cmd, mainArgs);
        }
        return serve(cmd);
    }

    /**
     * {@code -W}/{@code -Ws}: the master reads the configuration first (a broken one fails here, before any
     * worker) and owns the pid file, {@code -p} or the configuration's {@code pidfile}, as HAProxy's master.
     */
    static int master(ProxyCommandLine cmd, List<String> mainArgs) {
        HaproxyConfig config;
        try {
            config = new HaproxyConfigLoader().load(cmd.configPaths());
            ConfigCheck.refuseRuntimeErrors(config);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) System.err.println(d);
            System.err.println("[ALERT] Fatal errors found in configuration.");
            return 1;
        }
        Optional<Path> pidfile =
                cmd.pidfile().or(() -> config.global().pidfile().map(Path::of));
        return new MasterProcess(
                        cmd.masterWorker() == ProxyCommandLine.MasterWorker.MASTER_WORKER_SYSTEMD,
                        cmd.masterCli(),
                        pidfile,
                        cmd.quiet(),
                        VERSION.substring(VERSION.lastIndexOf(' ') + 1),
                        System.err)
                .run(mainArgs);
    }

    /** {@code --demo-config} adds the embedded demo configuration as a {@code -f} file. */
    static String[] withDemoConfig(String[] args) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.remove(DEMO_FLAG)) return args;
        Path tmp = Files.createTempFile("hapair-demo-", ".cfg");
        tmp.toFile().deleteOnExit();
        try (InputStream in = ProxyMain.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new IOException("resource " + DEMO_RESOURCE + " missing");
            Files.write(tmp, in.readAllBytes());
        }
        a.add("-f");
        a.add(tmp.toString());
        return a.toArray(String[]::new);
    }

    /**
     * Foreground serving: logs to stderr. Signals as HAProxy: SIGUSR2/SIGHUP reload the configuration,
     * SIGUSR1 soft-stops (stop accepting, finish connections, bounded by {@code hard-stop-after}),
     * SIGTERM/SIGINT stop at once. With {@code -sf}/{@code -st} (binary upgrade) the listening sockets
     * are first taken from the old process over its stats socket ({@code -x}, or the config's stats
     * socket with {@code expose-fd listeners}), then the old pids are signalled once this one accepts.
     */
    static int serve(ProxyCommandLine cmd) {
        SdNotify notify = SdNotify.fromEnvironment();
        HaproxyConfigLoader loader = new HaproxyConfigLoader();
        HaproxyConfig config;
        try {
            config = loader.load(cmd.configPaths());
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics())
                System.err.println(d); // [ALERT] file:line: ..., as HAProxy and -c print it
            System.err.println("[ALERT] Fatal errors found in configuration.");
            return 1;
        }
        if (!cmd.quiet() && !Daemonizer.isChild()) {
            for (ConfigDiagnostic d : config.warnings()) System.err.println(d);
            for (ConfigDiagnostic d : dev.hapair.proxy.tls.TlsBinds.crtListWarnings(config)) System.err.println(d);
        }
        Privileges privileges;
        try {
            privileges = Privileges.resolve(config.global(), Privileges.Accounts.SYSTEM);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) System.err.println(d);
            System.err.println("[ALERT] Fatal errors found in configuration.");
            return 1;
        }
        // -db/-W/-Ws keep the foreground whatever the configuration says, as in HAProxy
        if (!cmd.foreground() && (cmd.daemon() || config.global().daemon()) && !Daemonizer.isChild()) {
            List<Endpoint.Fd> fds = FdListeners.inheritedSockets(config);
            if (!fds.isEmpty()) {
                // the background copy is a new process (the JVM cannot fork): it cannot inherit the sockets
                for (Endpoint.Fd f : fds) {
                    System.err.println(
                            ConfigDiagnostic.alert(
                                    f.location(),
                                    "fd@",
                                    "'" + f.display()
                                            + "' cannot be used in daemon mode (-D or 'daemon'): hapair's background copy does not "
                                            + "inherit file descriptors; run in the foreground (-db, or systemd Type=notify with -Ws)"));
                }
                return 1;
            }
            return Daemonizer.launch(System.err);
        }
        boolean upgrade = !cmd.softStopPids().isEmpty() || !cmd.terminatePids().isEmpty();
        List<Integer> inherited = List.of();
        Optional<Path> handoverSocket =
                cmd.socketTransfer().or(() -> upgrade ? exposedSocket(config) : Optional.empty());
        if (handoverSocket.isPresent()) {
            try {
                inherited = ListenerHandover.fetch(handoverSocket.get(), Duration.ofSeconds(10));
                if (!cmd.quiet()) {
                    System.err.println("[NOTICE] hapair-proxy: took " + inherited.size() + " listening sockets from "
                            + handoverSocket.get());
                }
            } catch (IOException e) {
                System.err.println("[WARNING] hapair-proxy: " + e.getMessage() + "; binding the listeners anew");
            }
        } else if (upgrade) {
            System.err.println(
                    "[WARNING] hapair-proxy: -sf/-st without -x and no 'stats socket ... expose-fd listeners': "
                            + "binding anew, connections queued on the old listeners may be lost");
        }
        ProxyDaemon daemon;
        try {
            daemon = ProxyDaemon.start(config, cmd.pidfile(), System.err, (c, r) -> {}, inherited);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics())
                System.err.println(d); // [ALERT] file:line: ..., as HAProxy and -c print it
            return 1;
        }
        try {
            // listeners are bound: now chroot and drop to user/group, for good (HAProxy's order)
            privileges.apply();
        } catch (IOException | RuntimeException e) {
            System.err.println("[ALERT] hapair-proxy: " + e.getMessage());
            daemon.stop(Duration.ZERO);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> daemon.stop(STOP_GRACE), "hapair-stop"));
        ConfigReloader reloader = new ConfigReloader(daemon, cmd.configPaths(), loader, notify, System.err, privileges);
        Duration hardStopAfter = config.global().hardStopAfter().orElse(null);
        boolean worker = WorkerLink.isWorker();
        // a worker of -W reports each reload's outcome to its master (show proc, sd_notify READY)
        Runnable reload = worker ? () -> WorkerLink.reloaded(System.out, reloader.reload()) : reloader::reload;
        SignalHandlers.install(
                reload,
                () -> {
                    notify.stopping();
                    daemon.softStop(daemon.config().global().hardStopAfter().orElse(hardStopAfter));
                },
                () -> {
                    notify.stopping();
                    daemon.stop(Duration.ZERO);
                });
        for (int pid : cmd.softStopPids()) {
            if (!SignalSender.send(pid, SignalSender.SIGUSR1)) {
                System.err.println("[WARNING] hapair-proxy: cannot send SIGUSR1 to old process " + pid);
            }
        }
        for (int pid : cmd.terminatePids()) {
            if (!SignalSender.send(pid, SignalSender.SIGTERM)) {
                System.err.println("[WARNING] hapair-proxy: cannot send SIGTERM to old process " + pid);
            }
        }
        if (upgrade) notify.mainPid(ProcessHandle.current().pid());
        notify.ready();
        if (!cmd.quiet()) {
            // before the start-up line, which scripts and tests wait for
            if (daemon.runtime().frontends().stream().anyMatch(f -> f.hasTls())) {
                System.err.println("[NOTICE] hapair-proxy: TLS by the "
                        + dev.hapair.proxy.tls.TlsProvider.detect().summary());
            }
            System.err.println(
                    "[NOTICE] hapair-proxy " + ProcessHandle.current().pid() + " started ("
                            + daemon.server().transport() + ", "
                            + daemon.runtime().frontends().size() + " frontends, "
                            + daemon.runtime().backends().size() + " backends"
                            + (privileges.isNone() ? "" : "; " + privileges.describe()) + ")");
        }
        if (Daemonizer.isChild()) Daemonizer.ready(System.err);
        if (worker) {
            WorkerLink.ready(System.out);
            WorkerLink.watchMaster(System.in, System.err, () -> daemon.stop(Duration.ZERO));
        }
        try {
            daemon.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The first unix {@code stats socket} with {@code expose-fd listeners}: where an old process hands its listeners. */
    static Optional<Path> exposedSocket(HaproxyConfig config) {
        for (StatsSocket s : config.global().statsSockets()) {
            if (s.exposeFdListeners() && s.endpoint() instanceof Endpoint.Unix u) return Optional.of(Path.of(u.path()));
        }
        return Optional.empty();
    }
}
