package dev.hapair.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records which process owns each run id, one file {@code <dir>/<id>.owner} per run, so a later sweep can tell
 * leftovers of dead runs from namespaces of runs still going (maybe in another JVM). The owner's start time
 * from {@code /proc/PID/stat} guards against a recycled PID. Shared with {@code bin/hapair-netns}, which writes
 * {@code pid=manual} for topologies a human asked for (those survive a plain sweep).
 */
public final class RunRegistry {
    /** Default directory; tmpfs, so a reboot clears it together with the namespaces. */
    public static final Path DEFAULT_DIR = Path.of("/run/hapair-testkit");

    static final String MANUAL = "manual";

    private final Path dir;

    public RunRegistry(Path dir) {
        this.dir = dir;
    }

    public static RunRegistry standard() {
        return new RunRegistry(DEFAULT_DIR);
    }

    public Path dir() {
        return dir;
    }

    Path ownerFile(String runId) {
        return dir.resolve(RunNames.requireRunId(runId) + ".owner");
    }

    /**
     * Claims {@code runId} for the current process. Returns false when the id is already claimed (the caller
     * picks another); creation is atomic, so two JVMs can never share an id.
     */
    boolean claim(String runId) {
        ProcessHandle self = ProcessHandle.current();
        String content =
                "pid=" + self.pid() + "\nstart=" + startTime(self.pid()).orElse("?") + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    ownerFile(runId),
                    content,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run registry in " + dir, e);
        }
    }

    /** Writes an owner record for {@code runId} naming an arbitrary PID (tests fake dead runs with it). */
    void record(String runId, String pid, String start) {
        try {
            Files.createDirectories(dir);
            Files.writeString(ownerFile(runId), "pid=" + pid + "\nstart=" + start + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run registry in " + dir, e);
        }
    }

    void release(String runId) {
        try {
            Files.deleteIfExists(ownerFile(runId));
        } catch (IOException e) {
            // a stale owner file only costs a later sweep a look; never fail a close over it
        }
    }

    boolean isClaimed(String runId) {
        return Files.exists(ownerFile(runId));
    }

    /** Owner of a run as recorded: alive, dead (or unknown), or manual. */
    enum Owner {
        ALIVE,
        DEAD,
        MANUAL
    }

    Owner owner(String runId) {
        Path f = ownerFile(runId);
        if (!Files.exists(f)) {
            return Owner.DEAD;
        }
        Map<String, String> kv = new HashMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            return Owner.ALIVE; // unreadable: be conservative, never delete what might be someone's live run
        }
        return classify(kv.get("pid"), kv.get("start"), RunRegistry::startTime);
    }

    /** Pure decision, unit-tested: is the recorded owner still the same living process? */
    static Owner classify(
            String pid, String recordedStart, java.util.function.Function<Long, Optional<String>> startOf) {
        if (MANUAL.equals(pid)) {
            return Owner.MANUAL;
        }
        long p;
        try {
            p = Long.parseLong(pid);
        } catch (NumberFormatException | NullPointerException e) {
            return Owner.DEAD;
        }
        Optional<String> now = startOf.apply(p);
        if (now.isEmpty()) {
            return Owner.DEAD;
        }
        if (recordedStart == null || "?".equals(recordedStart)) {
            return Owner.ALIVE;
        }
        return now.get().equals(recordedStart) ? Owner.ALIVE : Owner.DEAD;
    }

    /** Start time (clock ticks since boot, field 22 of /proc/PID/stat) of a live process, empty if gone. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return parseStartTime(stat);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> parseStartTime(String stat) {
        // comm (field 2) may contain spaces and parentheses; fields after the last ')' start at field 3
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        int index = 22 - 3;
        if (rest.length <= index) {
            return Optional.empty();
        }
        // a zombie still has /proc/PID/stat but is dead for our purposes
        if (rest[0].equals("Z") || rest[0].equals("X")) {
            return Optional.empty();
        }
        return Optional.of(rest[index]);
    }
}
