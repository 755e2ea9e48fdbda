package dev.hapair.vrrp.bgp;

import dev.hapair.common.process.SignalDispositions;
import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.os.LinuxNetworkOs;
import dev.hapair.vrrp.os.NativeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * {@code hapair-vrrp bgp}: the BGP mode's command line.
 * <ul>
 *   <li>{@code hapair-vrrp bgp [-f FILE] [-p PIDFILE]}: run as ExaBGP's {@code process} (commands on stdout,
 *       ExaBGP's acknowledgements on stdin; "shutdown" or end of stdin means ExaBGP is stopping and we exit).
 *       SIGTERM/SIGINT: withdraw, wait for the proxy's sessions to drain (bounded by drain_timeout), write
 *       {@code DRAINED} to {@code PIDFILE.state}, then stay (withdrawn) until ExaBGP stops or a second signal:
 *       exiting at once would make ExaBGP respawn us, and the new process would announce again.</li>
 *   <li>{@code hapair-vrrp bgp --exabgp-conf [-f FILE] [-p PIDFILE] [--run CMD]}: print ExaBGP's
 *       configuration for the file's {@code bgp_speaker}.</li>
 *   <li>{@code hapair-vrrp bgp --stop -p PIDFILE [-f FILE]}: planned maintenance (systemd's ExecStop): SIGTERM
 *       to the running announcer and wait until it reports DRAINED; stopping ExaBGP afterwards ends it.</li>
 * </ul>
 */
public final class BgpCommand {
    static final String LOOP_THREAD = "hapair-bgp-loop";
    public static final Path DEFAULT_PIDFILE = Path.of("/run/hapair/hapair-bgp.pid");

    public static final String USAGE = String.join(
            "\n",
            "Usage: hapair-vrrp bgp [-f FILE] [-p PIDFILE]             run as ExaBGP's process",
            "       hapair-vrrp bgp --exabgp-conf [-f FILE] [-p PIDFILE] [--run COMMAND]",
            "                                                          print ExaBGP's configuration",
            "       hapair-vrrp bgp --stop [-f FILE] [-p PIDFILE]      withdraw, drain, stop (maintenance)",
            "  -f FILE   keepalived.conf with bgp_speaker / bgp_announce (default /etc/hapair/keepalived.conf)",
            "  -p FILE   pid file of the running announcer (default /run/hapair/hapair-bgp.pid)",
            "  --run     the command ExaBGP runs (default: /usr/bin/hapair-vrrp bgp -f FILE -p PIDFILE)");

    private enum Mode {
        RUN,
        EXABGP_CONF,
        STOP
    }

    private BgpCommand() {}

    public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        // stdout belongs to ExaBGP: every log line goes to stderr (ExaBGP logs it, or journald does)
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        Mode mode = Mode.RUN;
        Path file = null;
        Path pidfile = DEFAULT_PIDFILE;
        String runCommand = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-f", "--use-file", "-p", "--pid", "--run" -> {
                    if (i + 1 >= args.size()) {
                        err.println("hapair-vrrp bgp: option '" + a + "' expects an argument");
                        return 2;
                    }
                    String v = args.get(++i);
                    if (a.equals("--run")) {
                        runCommand = v;
                    } else if (a.startsWith("-f") || a.equals("--use-file")) {
                        file = Path.of(v);
                    } else {
                        pidfile = Path.of(v);
                    }
                }
                case "--exabgp-conf" -> mode = Mode.EXABGP_CONF;
                case "--stop" -> mode = Mode.STOP;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("hapair-vrrp bgp: unknown argument '" + a + "'");
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (file == null) {
            file = dev.hapair.vrrp.runtime.VrrpCommandLine.DEFAULT_CONFIG_FILES.stream()
                    .filter(Files::exists)
                    .findFirst()
                    .orElse(dev.hapair.vrrp.runtime.VrrpCommandLine.DEFAULT_CONFIG_FILES.get(0));
        }
        ConfigResult result = KeepalivedConfigParser.parse(file);
        result.diagnostics().forEach(err::println);
        if (result.hasErrors()) {
            err.println("hapair-vrrp bgp: " + file + ": " + result.errors().size() + " error(s), not started");
            return 1;
        }
        KeepalivedConfig config = result.config().orElseThrow();
        if (config.bgp().announces().isEmpty() || config.bgp().speaker().isEmpty()) {
            err.println("hapair-vrrp bgp: " + file + " has no bgp_speaker and bgp_announce sections");
            return 1;
        }
        return switch (mode) {
            case EXABGP_CONF -> {
                List<String> run = runCommand != null
                        ? List.of(runCommand)
                        : List.of("/usr/bin/hapair-vrrp", "bgp", "-f", file.toString(), "-p", pidfile.toString());
                out.print(ExabgpConfWriter.render(config.bgp().speaker().get(), run, file.toString()));
                yield 0;
            }
            case STOP -> stop(config, pidfile, out, err);
            case RUN -> announce(config, pidfile, stdin, out, err);
        };
    }

    private static int stop(KeepalivedConfig config, Path pidfile, PrintStream out, PrintStream err) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidfile).trim());
        } catch (IOException | NumberFormatException e) {
            out.println("hapair-vrrp bgp --stop: no running announcer (" + pidfile + ": " + e.getMessage() + ")");
            return 0;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            out.println("hapair-vrrp bgp --stop: process " + pid + " is already gone");
            return 0;
        }
        Duration wait = config.bgp().announces().stream()
                .map(a -> a.drainTimeout())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO)
                .plusSeconds(5);
        Path state = stateFile(pidfile);
        p.get().destroy(); // SIGTERM: withdraw, drain, then hold
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String now = readState(state);
            if (now.startsWith("DRAINED") || !p.get().isAlive()) {
                out.println("hapair-vrrp bgp --stop: announcer " + pid + ": "
                        + (now.isEmpty()
                                ? "exited"
                                : now.substring(now.indexOf(' ') + 1).trim()));
                return 0;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        err.println("hapair-vrrp bgp --stop: announcer " + pid + " not drained after " + wait.toSeconds() + " s");
        return 1;
    }

    /** Where the announcer says how a planned stop went: {@code DRAINING}, then {@code DRAINED <what happened>}. */
    public static Path stateFile(Path pidfile) {
        return pidfile.resolveSibling(pidfile.getFileName() + ".state");
    }

    private static String readState(Path state) {
        try {
            return Files.readString(state, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int announce(
            KeepalivedConfig config, Path pidfile, InputStream stdin, PrintStream out, PrintStream err) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, LOOP_THREAD);
            t.setDaemon(true);
            return t;
        });
        ExecutorService io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hapair-bgp-io");
            t.setDaemon(true);
            return t;
        });
        boolean needLinks = config.bgp().announces().stream()
                .anyMatch(a -> !a.trackInterfaces().isEmpty());
        LinuxNetworkOs os = null;
        try (ProcessWatcher watcher = new ProcessWatcher()) {
            if (needLinks) {
                os = LinuxNetworkOs.open();
            }
            writePid(pidfile);
            Files.deleteIfExists(stateFile(pidfile));
            BgpDaemon daemon = new BgpDaemon(
                    config,
                    new ExabgpPipe(out),
                    loop,
                    io,
                    watcher,
                    Optional.ofNullable(os).map(LinuxNetworkOs::links),
                    System::nanoTime);
            CountDownLatch exit = new CountDownLatch(1);
            AtomicReference<String> why = new AtomicReference<>();
            CountDownLatch stdinClosed = new CountDownLatch(1);
            Thread reader = new Thread(
                    () -> {
                        readExabgp(stdin, err);
                        stdinClosed.countDown();
                        why.compareAndSet(null, "EOF");
                        exit.countDown();
                    },
                    "hapair-bgp-stdin");
            reader.setDaemon(true);
            SignalDispositions.unignore(SignalDispositions.SIGINT, SignalDispositions.SIGTERM);
            for (String sig : List.of("TERM", "INT")) {
                Signal.handle(new Signal(sig), s -> {
                    why.compareAndSet(null, "SIG" + sig);
                    exit.countDown();
                });
            }
            daemon.start();
            reader.start();
            err.println("hapair-vrrp bgp: started, " + config.bgp().announces().size() + " bgp_announce block(s)");
            exit.await();
            if (!"EOF".equals(why.get())) {
                err.println("hapair-vrrp bgp: " + why.get() + ": withdrawing and draining");
                Files.writeString(stateFile(pidfile), "DRAINING\n", StandardCharsets.UTF_8);
                String result = daemon.drain(() -> stdinClosed.getCount() == 0);
                err.println("hapair-vrrp bgp: " + result);
                Files.writeString(stateFile(pidfile), "DRAINED " + result + "\n", StandardCharsets.UTF_8);
                // hold: routes stay withdrawn until ExaBGP stops (or a second signal)
                CountDownLatch second = new CountDownLatch(1);
                for (String sig : List.of("TERM", "INT")) {
                    Signal.handle(new Signal(sig), x -> second.countDown());
                }
                while (stdinClosed.getCount() > 0 && second.getCount() > 0) {
                    stdinClosed.await(100, TimeUnit.MILLISECONDS);
                }
            }
            err.println("hapair-vrrp bgp: ExaBGP is stopping (or a second signal): exiting");
            daemon.close();
            return 0;
        } catch (NativeException e) {
            err.println("hapair-vrrp bgp: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("hapair-vrrp bgp: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            loop.shutdownNow();
            io.shutdownNow();
            if (os != null) {
                os.close();
            }
            try {
                Files.deleteIfExists(pidfile);
                Files.deleteIfExists(stateFile(pidfile));
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /**
     * ExaBGP answers each command with "done" or "error" (exabgp.api.ack): an error is worth a log line. It
     * writes "shutdown" when it stops: from then on, like at end of file, there is nobody to announce to.
     */
    private static void readExabgp(InputStream stdin, PrintStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("shutdown")) {
                    return;
                }
                if (line.startsWith("error")) {
                    err.println("hapair-vrrp bgp: ExaBGP refused a command: " + line);
                }
            }
        } catch (IOException e) {
            err.println("hapair-vrrp bgp: reading from ExaBGP: " + e.getMessage());
        }
    }

    private static void writePid(Path pidfile) throws IOException {
        Path dir = pidfile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = pidfile.resolveSibling(pidfile.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(
                tmp,
                pidfile,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
