package dev.hapair.vrrp.runtime;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real keepalived (Debian package) inside a testkit host, VRRP subsystem only:
 * {@code ip netns exec NS keepalived -n -l -D -P -f CONF -p PID -r VRRPPID}. Every file (config, pid files,
 * log) is its own under {@code dir}, so several run side by side; it is stopped by its PIDs only.
 */
public final class KeepalivedNode {
    private final Host host;
    private final Path dir;
    private final Path config;
    private HostProcess process;
    private final List<ProcessHandle> killed = new ArrayList<>();

    public KeepalivedNode(Host host, Path dir, String configText) {
        this.host = host;
        this.dir = dir;
        this.config = dir.resolve("keepalived-real-" + host.name() + ".conf");
        try {
            Files.writeString(config, configText, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Host host() {
        return host;
    }

    public Path pidfile() {
        return dir.resolve("keepalived-" + host.name() + ".pid");
    }

    public Path vrrpPidfile() {
        return dir.resolve("keepalived-vrrp-" + host.name() + ".pid");
    }

    public Path log() {
        return dir.resolve("keepalived-" + host.name() + ".log");
    }

    /** Starts keepalived and waits until its VRRP child has written its pid file. */
    public KeepalivedNode start() {
        try {
            Files.deleteIfExists(pidfile());
            Files.deleteIfExists(vrrpPidfile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = host.start(
                List.of(
                        "keepalived",
                        "-n",
                        "-l",
                        "-D",
                        "-P",
                        "-f",
                        config.toString(),
                        "-p",
                        pidfile().toString(),
                        "-r",
                        vrrpPidfile().toString()),
                log());
        Wait.until(
                "keepalived VRRP child on " + host.name(),
                Duration.ofSeconds(10),
                () -> vrrpPid().isPresent() || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("keepalived on " + host.name() + " exited:\n" + output());
        }
        return this;
    }

    public Optional<Long> vrrpPid() {
        try {
            String s = Files.readString(vrrpPidfile()).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void awaitState(String state, Duration timeout) {
        process.awaitOutput("Entering " + state + " STATE", timeout);
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    /**
     * A crash of the whole keepalived: SIGSTOP of the parent (so it cannot respawn its VRRP child), SIGKILL of
     * the VRRP child, then of the parent. Killing the parent first would not do: its children get SIGTERM on
     * its death (PR_SET_PDEATHSIG) and shut down in order. keepalived leaves its VIPs behind; the caller
     * removes them.
     *
     * @return System.nanoTime() just before the VRRP child got SIGKILL (when the adverts stop)
     */
    public long kill9() {
        if (process == null) {
            throw new IllegalStateException("keepalived on " + host.name() + " was not started");
        }
        List<ProcessHandle> children = new ArrayList<>(ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants)
                .toList());
        vrrpPid().flatMap(ProcessHandle::of).filter(p -> !children.contains(p)).ifPresent(children::add);
        process.signal("STOP");
        Wait.until(
                "keepalived on " + host.name() + " stopped",
                Duration.ofSeconds(5),
                () -> procState(process.pid()) == 'T');
        long killedAt = System.nanoTime();
        children.forEach(ProcessHandle::destroyForcibly); // zombies until the parent is gone
        process.kill();
        killed.addAll(children);
        return killedAt;
    }

    /** After {@link #kill9()}: waits until the parent and its children are gone (not timed by takeovers). */
    public void awaitGone() {
        process.waitFor(Duration.ofSeconds(5));
        Wait.until("keepalived children on " + host.name() + " reaped", Duration.ofSeconds(10), () -> killed.stream()
                .noneMatch(ProcessHandle::isAlive));
    }

    /** The state letter of /proc/PID/stat ('R', 'S', 'T', 'Z', ...), '?' when gone. */
    static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }

    /** SIGTERM (keepalived sends priority 0 and removes its VIPs), SIGKILL after 10 s; idempotent. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = new ArrayList<>(ProcessHandle.of(process.pid()).stream()
                .flatMap(ProcessHandle::descendants)
                .toList());
        vrrpPid().flatMap(ProcessHandle::of).ifPresent(children::add);
        process.stop(Duration.ofSeconds(10));
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "keepalived@" + host.name();
    }
}
