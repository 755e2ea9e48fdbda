package dev.hapair.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need root, network namespaces or external programs. Outside CI a missing
 * prerequisite skips the test with a message; with {@code CI=true} it fails it, so CI can never go green by
 * silently skipping the suites that matter.
 */
public final class Prerequisites {
    private static final List<String> EXTRA_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static volatile String namespaceProblem;
    private static volatile boolean namespacesProbed;

    private Prerequisites() {}

    /** True when the environment variable {@code CI} is {@code true}. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or under CI fails) the calling test unless we are root and can create network namespaces. */
    public static void assumeNamespaces() {
        Optional<String> problem = namespaceProblem();
        problem.ifPresent(Prerequisites::unavailable);
    }

    /** Whether namespaces work here (root, {@code ip} present, a probe namespace can be created). */
    public static boolean namespacesAvailable() {
        return namespaceProblem().isEmpty();
    }

    /** Skips (or under CI fails) the calling test unless every command is found on PATH or in the sbin dirs. */
    public static void assumeCommands(String... commands) {
        List<String> missing = new ArrayList<>();
        for (String c : commands) {
            if (findCommand(c).isEmpty()) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            unavailable("required command(s) not installed: " + String.join(", ", missing)
                    + " (bin/hapair-test installs them with apt)");
        }
    }

    public static boolean commandAvailable(String command) {
        return findCommand(command).isPresent();
    }

    /** Absolute path of an executable, searched on PATH and then in the usual sbin/bin directories. */
    public static Optional<Path> findCommand(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            Path p = Path.of(d, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips the test with {@code message}, or fails it when {@code CI=true}. */
    public static void unavailable(String message) {
        unavailable(message, isCi());
    }

    static void unavailable(String message, boolean ci) {
        if (ci) {
            Assertions.fail("prerequisite missing under CI=true: " + message);
        }
        Assumptions.abort("skipped: " + message);
    }

    private static Optional<String> namespaceProblem() {
        if (!namespacesProbed) {
            synchronized (Prerequisites.class) {
                if (!namespacesProbed) {
                    namespaceProblem = probeNamespaces();
                    namespacesProbed = true;
                }
            }
        }
        return Optional.ofNullable(namespaceProblem);
    }

    private static String probeNamespaces() {
        if (findCommand("ip").isEmpty()) {
            return "the 'ip' command (iproute2) is not installed";
        }
        ExecResult id;
        try {
            id = Commands.run("id", "-u");
        } catch (RuntimeException e) {
            return "cannot run 'id -u': " + e.getMessage();
        }
        if (!id.ok() || !id.stdout().strip().equals("0")) {
            return "network-namespace tests need root (uid is " + id.stdout().strip() + ")";
        }
        // outside the sweep pattern on purpose: a concurrent sweep must not delete it mid-probe
        String probe = "hptprobe-" + ProcessHandle.current().pid();
        ExecResult add = Commands.run("ip", "netns", "add", probe);
        if (!add.ok()) {
            return "cannot create a network namespace: " + add.stderr().strip();
        }
        try {
            ExecResult veth =
                    Commands.run("ip", "-n", probe, "link", "add", "p0", "type", "veth", "peer", "name", "p1");
            if (!veth.ok()) {
                return "cannot create a veth pair inside a namespace: "
                        + veth.stderr().strip();
            }
            ExecResult br = Commands.run("ip", "-n", probe, "link", "add", "b0", "type", "bridge");
            if (!br.ok()) {
                return "cannot create a bridge inside a namespace: "
                        + br.stderr().strip();
            }
            return null;
        } finally {
            Commands.run("ip", "netns", "del", probe);
        }
    }
}
