package dev.hapair.health.probe;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the process table without forking: {@code /proc} for names and states, {@code pidfd_open(2)} +
 * {@code poll(2)} for liveness, {@code kill(pid, 0)} only as the last fallback (it reports zombies alive).
 */
public final class ProcessTable {

    /** Kernel TASK_COMM_LEN - 1: longer names are truncated in /proc/PID/comm and stat. */
    static final int COMM_MAX = 15;

    private final Path proc;

    public ProcessTable() {
        this(Path.of("/proc"));
    }

    /** @param procRoot usually /proc; tests may point elsewhere for name matching */
    public ProcessTable(Path procRoot) {
        this.proc = procRoot;
    }

    /** Parsed {@code /proc/PID/stat}, empty if there is no such process. */
    public Optional<ProcStat> stat(long pid) {
        try {
            String s = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
            return Optional.of(ProcStat.parse(s.trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when {@code pid} names a running (not zombie) process. Order: pidfd_open + poll (a pidfd polls
     * readable once the process has exited, zombie or not), then /proc state, then kill(pid, 0).
     */
    public boolean alive(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return false;
        }
        LibC c = LibC.INSTANCE;
        if (c != null) {
            int fd = pidfdOpen(pid);
            if (fd >= 0) {
                try {
                    return !pollReadable(fd, 0);
                } finally {
                    c.close(fd);
                }
            }
            int err = Native.getLastError();
            if (err == LibC.ESRCH) {
                return false;
            }
        }
        Optional<ProcStat> st = stat(pid);
        if (st.isPresent()) {
            return !st.get().deadOrZombie();
        }
        if (Files.isDirectory(proc)) {
            return false;
        }
        if (c != null) {
            if (c.kill((int) pid, 0) == 0) {
                return true;
            }
            return Native.getLastError() == LibC.EPERM;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Pids whose process matches {@code name} the way {@code killall} matches, zombies excluded. */
    public List<Long> pidsByName(String name) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                if (f.isEmpty() || !Character.isDigit(f.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(f);
                } catch (NumberFormatException e) {
                    continue;
                }
                Optional<ProcStat> st = stat(pid);
                if (st.isEmpty() || st.get().deadOrZombie()) {
                    continue;
                }
                if (matches(name, st.get().comm(), () -> argv0(pid))) {
                    out.add(pid);
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /**
     * killall semantics: the kernel's comm equals the name; names longer than comm can hold match when
     * the truncated comm agrees and argv[0]'s basename equals the full name.
     */
    static boolean matches(String name, String comm, java.util.function.Supplier<String> argv0) {
        if (name.length() <= COMM_MAX) {
            return comm.equals(name);
        }
        if (!comm.equals(name.substring(0, COMM_MAX))) {
            return false;
        }
        String a0 = argv0.get();
        return a0 != null && (a0.equals(name) || a0.endsWith("/" + name));
    }

    private String argv0(long pid) {
        try {
            byte[] b = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the first integer of a pid file, as written by haproxy -p or keepalived --pid. */
    public static long readPidFile(Path pidFile) throws IOException {
        String s = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IOException("pid file " + pidFile + " does not start with a pid");
        }
        return Long.parseLong(s.substring(0, end));
    }

    /** pidfd_open(pid, 0), or -1 (errno in Native.getLastError()) */
    static int pidfdOpen(long pid) {
        LibC c = LibC.INSTANCE;
        if (c == null) {
            return -1;
        }
        return c.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
    }

    /** True when pidfd support is usable on this kernel (pidfd_open of our own pid succeeds). */
    public static boolean pidfdSupported() {
        int fd = pidfdOpen(ProcessHandle.current().pid());
        if (fd < 0) {
            return false;
        }
        LibC.INSTANCE.close(fd);
        return true;
    }

    static boolean pollReadable(int fd, int timeoutMillis) {
        try (Memory m = new Memory(8)) {
            m.setInt(0, fd);
            m.setShort(4, LibC.POLLIN);
            m.setShort(6, (short) 0);
            int r = LibC.INSTANCE.poll(m, 1, timeoutMillis);
            return r > 0 && m.getShort(6) != 0;
        }
    }
}
