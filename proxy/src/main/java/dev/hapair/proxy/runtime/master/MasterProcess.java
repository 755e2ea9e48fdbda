package dev.hapair.proxy.runtime.master;

import dev.hapair.common.process.SdNotify;
import dev.hapair.proxy.runtime.SignalSender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import sun.misc.Signal;

/**
 * The master of {@code -W}/{@code -Ws}: starts one worker (this program again, in the foreground, with a
 * private admin stats socket), forwards SIGUSR2/SIGHUP (reload), SIGUSR1 (soft stop) and SIGTERM/SIGINT
 * (stop) to it, serves the master CLI ({@code -S}), writes the pid file ({@code -p}, else the configuration's
 * {@code pidfile}) with its own pid, tells systemd
 * READY/RELOADING/STOPPING with {@code -Ws}, and exits once the worker has exited: with the worker's
 * status after a stop it forwarded, non-zero when the worker died on its own.
 *
 * <p>Deliberate difference: HAProxy's master re-executes itself on reload and starts a new worker; hapair's
 * worker reloads in place without losing a connection, so the master only forwards the signal and the
 * worker's pid stays the same.
 */
public final class MasterProcess {
    /** Longest master CLI command line read. */
    static final int MAX_LINE = 16 * 1024;

    private final boolean systemd;
    private final Optional<MasterCliAddress> cliAddress;
    private final Optional<Path> pidfile;
    private final boolean quiet;
    private final String version;
    private final PrintStream err;
    private final SdNotify notify;
    private final Instant started = Instant.now();
    private final AtomicInteger reloadsAsked = new AtomicInteger();
    private final AtomicInteger reloadsDone = new AtomicInteger();
    private final AtomicInteger reloadsFailed = new AtomicInteger();
    /** The last reload the worker reported failed: the prompt says {@code master[ReloadFailed]>}, as HAProxy's. */
    private volatile boolean lastReloadFailed;

    private volatile boolean stopRequested;
    /** Set once the worker serves: before, it has no handler for SIGUSR2 yet and the signal would kill it. */
    private volatile boolean workerReady;

    private volatile boolean reloadPending;
    private volatile Process worker;
    private volatile Instant workerStarted;
    private Path runDir;
    private Path workerSocket;
    private ServerSocketChannel cli;

    public MasterProcess(
            boolean systemd,
            Optional<MasterCliAddress> cliAddress,
            Optional<Path> pidfile,
            boolean quiet,
            String version,
            PrintStream err) {
        this.systemd = systemd;
        this.cliAddress = cliAddress;
        this.pidfile = pidfile;
        this.quiet = quiet;
        this.version = version;
        this.err = err;
        this.notify = systemd ? SdNotify.fromEnvironment() : SdNotify.fromEnvironment(java.util.Map.of());
    }

    /** Runs the master until the worker exits; {@code mainArgs} are this process's own arguments. */
    public int run(List<String> mainArgs) {
        long self = ProcessHandle.current().pid();
        try {
            runDir = Files.createTempDirectory(
                    privateDirParent(),
                    "hapair-master-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            workerSocket = runDir.resolve("worker.sock");
            Path internal =
                    Files.writeString(runDir.resolve("master-worker.cfg"), WorkerCommand.internalConfig(workerSocket));
            List<String> command = javaCommand(mainArgs);
            command.addAll(WorkerCommand.arguments(mainArgs, internal, runDir.resolve("worker.pid")));
            if (cliAddress.isPresent()) cli = bindCli(cliAddress.get());
            if (pidfile.isPresent()) dev.hapair.common.process.PidFile.write(pidfile.get(), self);
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put(WorkerLink.ENV, Long.toString(self));
            pb.environment().remove("NOTIFY_SOCKET"); // NotifyAccess=main: only the master talks to systemd
            worker = pb.start();
            workerStarted = Instant.now();
        } catch (IOException | IllegalStateException e) {
            err.println("[ALERT] hapair-proxy master: " + e.getMessage());
            cleanUp();
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Process w = worker;
                            if (w != null && w.isAlive()) SignalSender.send((int) w.pid(), SignalSender.SIGTERM);
                        },
                        "hapair-master-stop"));
        for (String s : List.of("USR2", "HUP", "USR1", "TERM", "INT")) {
            MasterSignals.Action a = MasterSignals.forSignal(s).orElseThrow();
            Signal.handle(new Signal(s), sig -> act(a));
        }
        Thread out = new Thread(this::readWorkerOutput, "hapair-master-worker-out");
        out.setDaemon(true);
        out.start();
        if (cli != null) {
            Thread t = new Thread(this::serveCli, "hapair-master-cli");
            t.setDaemon(true);
            t.start();
        }
        int status;
        try {
            status = worker.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        int exit = MasterSignals.masterExitStatus(stopRequested, status);
        if (!stopRequested) {
            err.println("[ALERT] hapair-proxy master " + self + ": worker " + worker.pid()
                    + " exited on its own with status " + status + "; exiting with status " + exit);
        } else if (!quiet) {
            err.println("[NOTICE] hapair-proxy master " + self + ": worker " + worker.pid() + " exited with status "
                    + status + "; exiting");
        }
        try {
            out.join(2000); // the worker's last output lines
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanUp();
        return exit;
    }

    /** What a signal to the master does: forwarded to the worker. */
    void act(MasterSignals.Action a) {
        Process w = worker;
        if (w == null) return;
        if (a.stops()) {
            stopRequested = true;
            notify.stopping();
        } else {
            reloadsAsked.incrementAndGet();
            notify.reloading();
            synchronized (this) {
                if (!workerReady) {
                    reloadPending = true; // sent once the worker is ready
                    return;
                }
            }
        }
        if (!SignalSender.send((int) w.pid(), a.workerSignal())) {
            err.println("[WARNING] hapair-proxy master: cannot signal worker " + w.pid());
        }
    }

    /** systemd's {@code RuntimeDirectory=} when writable (the unit's sandbox), else the temporary directory. */
    static Path privateDirParent() {
        String rd = System.getenv("RUNTIME_DIRECTORY");
        if (rd != null && !rd.isEmpty()) {
            Path p = Path.of(rd.split(":")[0]);
            if (Files.isDirectory(p) && Files.isWritable(p)) return p;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The java command line of this process, without its program arguments. */
    static List<String> javaCommand(List<String> mainArgs) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> all = info.arguments().map(List::of).orElse(List.of());
        if (info.command().isEmpty()
                || all.size() < mainArgs.size()
                || !all.subList(all.size() - mainArgs.size(), all.size()).equals(mainArgs)) {
            throw new IllegalStateException("cannot find this process's java command line to start the worker");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(info.command().get());
        cmd.addAll(all.subList(0, all.size() - mainArgs.size()));
        return cmd;
    }

    private void readWorkerOutput() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(WorkerLink.READY) && !ready) {
                    ready = true;
                    notify.ready();
                    synchronized (this) {
                        workerReady = true;
                        if (reloadPending) SignalSender.send((int) worker.pid(), SignalSender.SIGUSR2);
                    }
                    if (!quiet) {
                        err.println("[NOTICE] hapair-proxy master "
                                + ProcessHandle.current().pid() + ": worker " + worker.pid() + " ready");
                    }
                } else if (line.startsWith(WorkerLink.RELOADED)) {
                    lastReloadFailed = !line.endsWith(" ok");
                    (line.endsWith(" ok") ? reloadsDone : reloadsFailed).incrementAndGet();
                    notify.ready();
                } else {
                    System.out.println(line);
                }
            }
        } catch (IOException e) {
            // the worker is gone: run() reports its status
        }
    }

    private static ServerSocketChannel bindCli(MasterCliAddress a) throws IOException {
        ServerSocketChannel ch;
        if (a.unixPath().isPresent()) {
            Path p = a.unixPath().get();
            if (Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p)) Files.delete(p); // stale socket
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(a.address());
            if (a.mode().isPresent())
                Files.setPosixFilePermissions(p, permissions(a.mode().get()));
        } else {
            ch = ServerSocketChannel.open();
            ch.bind(a.address());
        }
        return ch;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int i = 8; i >= 0; i--) s.append((mode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
        return PosixFilePermissions.fromString(s.toString());
    }

    private void serveCli() {
        while (cli.isOpen()) {
            SocketChannel c;
            try {
                c = cli.accept();
            } catch (IOException e) {
                return; // closed at exit
            }
            Thread t = new Thread(() -> answer(c), "hapair-master-cli-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void answer(SocketChannel c) {
        MasterCommands.Session session = new MasterCommands.Session();
        LineReader in = new LineReader(c);
        try (c) {
            MasterCommands.Master master = new MasterCommands.Master() {
                @Override
                public String showProc() {
                    Process w = worker;
                    Instant now = Instant.now();
                    ShowProc.Proc m = new ShowProc.Proc(
                            ProcessHandle.current().pid(), reloadsAsked.get(), Duration.between(started, now));
                    ShowProc.Proc wp = w == null || !w.isAlive()
                            ? null
                            : new ShowProc.Proc(w.pid(), reloadsDone.get(), Duration.between(workerStarted, now));
                    return ShowProc.format(m, reloadsFailed.get(), wp, version);
                }

                @Override
                public void reload() {
                    act(MasterSignals.Action.RELOAD);
                }

                @Override
                public long workerPid() {
                    Process w = worker;
                    return w == null || !w.isAlive() ? -1 : w.pid();
                }

                @Override
                public String toWorker(String command) {
                    return forward(command);
                }

                @Override
                public String version() {
                    return version;
                }
            };
            // one command line, or in interactive mode (prompt) one after the other until quit or end of input
            String line;
            while ((line = in.readLine()) != null) {
                String reply = MasterCommands.execute(line, master, session);
                if (session.prompt() && !session.quit()) {
                    reply += session.promptText(master.workerPid(), lastReloadFailed);
                }
                c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                if (!session.prompt() || session.quit()) return;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Lines from a client connection (without their newline), each bounded by {@code MAX_LINE}. */
    private static final class LineReader {
        private final SocketChannel c;
        private final ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        private boolean eof;

        LineReader(SocketChannel c) {
            this.c = c;
        }

        /** The next line, what came before end of input, or null at the end. */
        String readLine() throws IOException {
            while (true) {
                for (int i = 0; i < buf.position(); i++) {
                    if (buf.get(i) == '\n') {
                        String line = new String(buf.array(), 0, i, StandardCharsets.UTF_8).strip();
                        buf.flip().position(i + 1);
                        buf.compact();
                        return line;
                    }
                }
                if (eof || !buf.hasRemaining()) {
                    if (buf.position() == 0) return null;
                    String rest = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
                    buf.clear();
                    eof = true;
                    return rest;
                }
                if (c.read(buf) < 0) eof = true;
            }
        }
    }

    /** Sends one command to the worker's private stats socket and returns its whole answer. */
    private String forward(String command) {
        try (SocketChannel w = SocketChannel.open(UnixDomainSocketAddress.of(workerSocket))) {
            w.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            return new String(Channels.newInputStream(w).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Can't connect to the worker's CLI: " + e.getMessage() + "\n\n";
        }
    }

    private void cleanUp() {
        try {
            if (cli != null) cli.close();
            if (cliAddress.flatMap(MasterCliAddress::unixPath).isPresent()) {
                Files.deleteIfExists(cliAddress.get().unixPath().get());
            }
            if (pidfile.isPresent()) Files.deleteIfExists(pidfile.get());
            if (runDir != null) {
                try (Stream<Path> s = Files.walk(runDir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            err.println("[WARNING] hapair-proxy master: clean-up: " + e.getMessage());
        }
    }
}
