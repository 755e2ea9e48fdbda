package dev.hapair.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The process name ({@code comm}) the usual tools match: {@code killall -0 hapair-proxy}, {@code pidof},
 * {@code pgrep -x}. A JVM's process is named {@code java}, so a guide's {@code chk_haproxy} could never see
 * a dead proxy. The name lives in the thread-group leader's {@code comm}; Linux lets any thread of the
 * process rewrite it through {@code /proc/self/task/<pid>/comm} (prctl(PR_SET_NAME) would rename only the
 * calling thread, which is not the leader in a JVM). The launcher sets {@code argv[0]} to the same name, so
 * {@code ps ax | grep -w NAME} matches too.
 */
public final class ProcessName {
    /** System property set by bin/hapair-jvm: the name chosen for this daemon (its own, or a compat name). */
    public static final String PROPERTY = "hapair.process.name";
    /** The kernel keeps 15 bytes of a comm (TASK_COMM_LEN 16 with the NUL). */
    public static final int MAX_LENGTH = 15;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private ProcessName() {}

    /** True for a name the kernel keeps whole and the usual tools can match exactly. */
    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The name to use: the launcher's property when valid, else {@code fallback}. */
    public static String chosen(String fallback) {
        String p = System.getProperty(PROPERTY);
        return valid(p) ? p : fallback;
    }

    /**
     * Renames this process; returns the problem when it could not (not Linux, /proc not mounted). Never
     * throws: a daemon runs on whatever its name is.
     */
    public static Optional<String> apply(String name) {
        if (!valid(name)) {
            return Optional.of("invalid process name '" + name + "'");
        }
        long pid = ProcessHandle.current().pid();
        Path comm = Path.of("/proc/self/task/" + pid + "/comm");
        try {
            Files.write(comm, name.getBytes(StandardCharsets.US_ASCII));
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.of("cannot set the process name: " + e.getMessage());
        }
    }

    /** The current name of this process as the kernel reports it. */
    public static Optional<String> current() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/self/comm"), StandardCharsets.US_ASCII)
                    .strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
