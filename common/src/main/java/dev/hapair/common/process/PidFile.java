package dev.hapair.common.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The daemons' pid file: our pid and a newline, parent directories created. Removal only when the file
 * still holds our pid: during a reload or binary upgrade a newer process may already have written its own,
 * and deleting that would leave systemd and init scripts blind.
 */
public final class PidFile {
    private PidFile() {}

    /** Writes this process's pid to {@code file}. */
    public static void write(Path file) throws IOException {
        write(file, ProcessHandle.current().pid());
    }

    /**
     * Writes {@code pid} to {@code file} atomically: into a temporary file beside it, renamed over it, so a reader
     * (systemd's PIDFile=, an init script, a test) never sees the file created but still empty.
     */
    public static void write(Path file, long pid) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = abs.resolveSibling(
                "." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes {@code file} if it holds this process's pid; returns whether it did. */
    public static boolean removeIfOurs(Path file) throws IOException {
        String mine = Long.toString(ProcessHandle.current().pid());
        if (Files.exists(file)
                && Files.readString(file, StandardCharsets.US_ASCII).trim().equals(mine)) {
            return Files.deleteIfExists(file);
        }
        return false;
    }
}
