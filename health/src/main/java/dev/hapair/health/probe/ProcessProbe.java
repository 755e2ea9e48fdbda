package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Process liveness without forking: the {@code killall -0 haproxy} of keepalived configs, done by reading
 * {@code /proc} and {@code pidfd_open}. PROCOK when the process runs, PROCERR (with the reason in the
 * detail) when it does not; zombies count as dead. The check only reads procfs, so it completes at once on
 * the calling thread; to be told the moment a process dies, use {@link ProcessWatcher}.
 */
public final class ProcessProbe implements Probe {

    private enum Kind {
        PID,
        PID_FILE,
        NAME
    }

    private final Kind kind;
    private final long pid;
    private final Path pidFile;
    private final String name;
    private final ProcessTable table;

    private ProcessProbe(Kind kind, long pid, Path pidFile, String name, ProcessTable table) {
        this.kind = kind;
        this.pid = pid;
        this.pidFile = pidFile;
        this.name = name;
        this.table = table;
    }

    /** Checks one pid. */
    public static ProcessProbe ofPid(long pid) {
        return new ProcessProbe(Kind.PID, pid, null, null, new ProcessTable());
    }

    /** Checks the pid written in {@code pidFile}, re-read at every run (daemons rewrite it on restart). */
    public static ProcessProbe ofPidFile(Path pidFile) {
        return new ProcessProbe(Kind.PID_FILE, 0, Objects.requireNonNull(pidFile, "pidFile"), null, new ProcessTable());
    }

    /** Passes when at least one process matches {@code name} like {@code killall -0 name} would. */
    public static ProcessProbe ofName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("process name must not be empty");
        }
        return new ProcessProbe(Kind.NAME, 0, null, name, new ProcessTable());
    }

    @Override
    public CompletableFuture<CheckResult> run(Duration timeout) {
        long start = System.nanoTime();
        CheckResult r;
        try {
            r = check(start);
        } catch (RuntimeException e) {
            r = CheckResult.of(CheckStatus.UNK, took(start), String.valueOf(e));
        }
        return CompletableFuture.completedFuture(r);
    }

    private CheckResult check(long start) {
        switch (kind) {
            case PID:
                return byPid(pid, start, "");
            case PID_FILE: {
                long p;
                try {
                    p = ProcessTable.readPidFile(pidFile);
                } catch (NoSuchFileException e) {
                    return CheckResult.of(CheckStatus.PROCERR, took(start), "pid file " + pidFile + " not found");
                } catch (IOException | NumberFormatException e) {
                    return CheckResult.of(
                            CheckStatus.PROCERR, took(start), "pid file " + pidFile + ": " + e.getMessage());
                }
                return byPid(p, start, " (from " + pidFile + ")");
            }
            case NAME: {
                List<Long> pids = table.pidsByName(name);
                if (pids.isEmpty()) {
                    return CheckResult.of(CheckStatus.PROCERR, took(start), "no process named " + name);
                }
                return CheckResult.of(
                        CheckStatus.PROCOK,
                        took(start),
                        name + " running, pid " + pids.get(0)
                                + (pids.size() > 1 ? " and " + (pids.size() - 1) + " more" : ""));
            }
            default:
                throw new IllegalStateException();
        }
    }

    private CheckResult byPid(long p, long start, String suffix) {
        if (table.alive(p)) {
            return CheckResult.of(CheckStatus.PROCOK, took(start), "pid " + p + " running" + suffix);
        }
        boolean zombie = table.stat(p).map(ProcStat::deadOrZombie).orElse(false);
        return CheckResult.of(
                CheckStatus.PROCERR, took(start), "pid " + p + (zombie ? " is a zombie" : " not running") + suffix);
    }

    /**
     * The live pids this probe matches right now (one for a pid or pid file, all matches for a name), for
     * handing to {@link ProcessWatcher#watch}. Empty when nothing runs or the pid file is unreadable.
     */
    public List<Long> currentPids() {
        switch (kind) {
            case PID:
                return table.alive(pid) ? List.of(pid) : List.of();
            case PID_FILE:
                try {
                    long p = ProcessTable.readPidFile(pidFile);
                    return table.alive(p) ? List.of(p) : List.of();
                } catch (IOException | NumberFormatException e) {
                    return List.of();
                }
            case NAME:
                return table.pidsByName(name);
            default:
                throw new IllegalStateException();
        }
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String describe() {
        return switch (kind) {
            case PID -> "process pid " + pid;
            case PID_FILE -> "process pidfile " + pidFile;
            case NAME -> "process " + name;
        };
    }
}
