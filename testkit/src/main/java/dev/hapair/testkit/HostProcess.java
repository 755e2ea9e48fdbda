package dev.hapair.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process started inside a host with {@link Host#start}. {@code ip netns exec} execs the
 * command in place, so {@link #pid()} is the command's own PID. Standard output and error both go to
 * {@link #logFile()}.
 */
public final class HostProcess {
    /** Grace period {@link #stop()} gives SIGTERM before SIGKILL. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final String host;
    private final List<String> command;
    private final Process process;
    private final Path logFile;

    /** Starts {@code argv} inside {@code namespace} with output appended to {@code logFile}. */
    static HostProcess launch(String label, String namespace, List<String> argv, Path logFile) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(argv);
        try {
            Process p = new ProcessBuilder(full)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new HostProcess(label, argv, p, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv + " in " + namespace, e);
        }
    }

    static Path tempLog(String namespace) {
        try {
            return Files.createTempFile("hapair-" + namespace + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HostProcess(String host, List<String> command, Process process, Path logFile) {
        this.host = host;
        this.command = List.copyOf(command);
        this.process = process;
        this.logFile = logFile;
    }

    public long pid() {
        return process.pid();
    }

    public String host() {
        return host;
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far (stdout and stderr interleaved). */
    public String output() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** Waits until the output contains {@code text}; throws AssertionError (with the output) on timeout. */
    public void awaitOutput(String text, Duration timeout) {
        Wait.until("output of " + this + " to contain '" + text + "'", timeout, () -> output().contains(text));
    }

    /** Waits for the process to exit by itself; empty when it is still running at the timeout. */
    public OptionalInt waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(process.exitValue());
            }
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** SIGTERM, then SIGKILL after {@link #DEFAULT_GRACE}. Returns the exit code. Idempotent. */
    public int stop() {
        return stop(DEFAULT_GRACE);
    }

    /** SIGTERM, then SIGKILL after {@code grace}; children it forked are signalled the same way. */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            if (waitFor(grace).isEmpty()) {
                process.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Sends a signal by name, e.g. {@code signal("HUP")} to make a daemon reload. Returns false when the
     * process is gone.
     */
    public boolean signal(String name) {
        if (!name.matches("[A-Z0-9+-]+")) {
            throw new IllegalArgumentException("signal name like HUP, USR1, TERM: " + name);
        }
        return Commands.run("kill", "-s", name, Long.toString(pid())).ok();
    }

    /** Sends SIGKILL at once (simulates a crash). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "[" + host + " pid " + pid() + "] " + String.join(" ", command);
    }
}
