package dev.hapair.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.runtime.ProxyMain;
import dev.hapair.proxy.runtime.SignalSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hapair-proxy child process started from the test classpath ({@code java -cp ... ProxyMain}), its
 * output in a log file; signalled and stopped by its own PID only. Also the helpers for tests that run the
 * proxy through its launcher ({@link #launcher}, {@link #awaitStarted}).
 */
public final class ProxyProcess implements AutoCloseable {
    /**
     * The memory and compilation flags of the shipped launcher ({@code bin/hapair-jvm}; LauncherFlagsTest checks they are
     * there), so what the ITs measure (RSS under slow clients) is what a user runs.
     */
    public static final List<String> LAUNCHER_JVM_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-Xms15m",
            "-Xmx256m",
            "-XX:NewSize=1m",
            "-XX:MaxNewSize=16m",
            "-XX:NewRatio=1",
            "-XX:Tier3InvocationThreshold=4000",
            "-XX:Tier3MinInvocationThreshold=2000",
            "-XX:Tier3CompileThreshold=40000",
            "-XX:Tier3BackEdgeThreshold=1200000",
            "-XX:TrimNativeHeapInterval=2000",
            "-XX:FreqInlineSize=200",
            "-XX:MaxInlineLevel=9",
            "--add-opens=java.base/java.nio=ALL-UNNAMED");

    private final Process process;
    private final Path log;

    private ProxyProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The launcher as operators run it ({@code bin/hapair-proxy}, found from the module's directory). */
    public static Path launcher() {
        return Path.of("../bin/hapair-proxy").toAbsolutePath().normalize();
    }

    /**
     * Waits for the proxy's start-up line in its log: a loaded machine can take many seconds to start a JVM,
     * so tests wait for the event, not a fixed time (60 s at most).
     */
    public static void awaitStarted(Path log, Process p) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log) && Files.readString(log).contains(" started ")) return;
            assertTrue(p.isAlive(), "exited: " + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(50);
        }
        throw new AssertionError("not started within 60 s: " + Files.readString(log));
    }

    /**
     * Checks {@code cfg} through the launcher ({@code -c}: must exit 0 within 60 s, its output in the failure),
     * then starts the proxy on it ({@link #startThroughLauncher}).
     */
    public static Process checkAndStart(Path cfg, Path log) throws Exception {
        // output to a file, not a pipe read to EOF first: a check that hangs still meets the bound
        Path out = log.resolveSibling(log.getFileName() + ".check");
        Process check = new ProcessBuilder(launcher().toString(), "-c", "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        check.getOutputStream().close();
        boolean ended = check.waitFor(60, TimeUnit.SECONDS);
        if (!ended) check.destroyForcibly();
        assertTrue(ended, "-c did not end within 60 s: " + Files.readString(out));
        assertTrue(check.exitValue() == 0, "-c exit " + check.exitValue() + ": " + Files.readString(out));
        return startThroughLauncher(cfg, log);
    }

    /** Starts the proxy on {@code cfg} through the launcher in the foreground ({@code -db}), output in {@code log}. */
    public static Process startThroughLauncher(Path cfg, Path log) throws Exception {
        Process p = new ProcessBuilder(launcher().toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitStarted(log, p);
        return p;
    }

    public static ProxyProcess start(Path log, Map<String, String> env, String... args) throws IOException {
        return start(log, env, List.of(), args);
    }

    /** As {@link #start(Path, Map, String...)}, run through {@code launcher} (a command that execs its arguments). */
    public static ProxyProcess start(Path log, Map<String, String> env, List<String> launcher, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(LAUNCHER_JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ProxyMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as bin/hapair-jvm
        pb.environment().putAll(env);
        return new ProxyProcess(pb.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the log contains {@code text}; fails with the log otherwise. */
    public void awaitLog(String text, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (log().contains(text)) return;
            if (!process.isAlive()) break;
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' from pid " + pid() + " within " + seconds + "s; log:\n" + log());
    }

    /** Waits until {@code text} occurs at least {@code n} times in the log. */
    public void awaitCount(String text, int n, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (count(text) >= n) return;
            Thread.sleep(50);
        }
        throw new AssertionError(n + " x '" + text + "' expected from pid " + pid() + "; log:\n" + log());
    }

    /** Counts occurrences of {@code text} in the log. */
    public int count(String text) {
        String l = log();
        int n = 0;
        for (int i = l.indexOf(text); i >= 0; i = l.indexOf(text, i + 1)) n++;
        return n;
    }

    public void signal(int sig) {
        if (!SignalSender.send((int) pid(), sig)) throw new AssertionError("cannot signal " + pid());
    }

    public boolean waitFor(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public static void awaitPort(int port, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("port " + port + " not listening after " + seconds + "s");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
