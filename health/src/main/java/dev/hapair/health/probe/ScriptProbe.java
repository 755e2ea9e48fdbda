package dev.hapair.health.probe;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import dev.hapair.health.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command as a check, like keepalived's {@code vrrp_script} and HAProxy's external check:
 * exit 0 = PROCOK; non-zero = PROCERR with the exit code and captured output in the detail; still running
 * at the timeout = PROCTOUT after the whole process tree has been killed.
 *
 * <p>No shell is involved (the string form is split by {@link CommandLine#split}). The command runs in its
 * own session ({@code setsid}) so the kill at timeout reaches grandchildren through the process group;
 * with a {@code user} different from ours it runs via {@code runuser -u USER --} (or {@code setpriv}),
 * which needs root. stdout and stderr go to a temp file, so no thread reads pipes; completion is observed
 * through {@link Process#onExit()}, so no event-loop thread waits for the script.
 */
public final class ScriptProbe implements Probe {

    private static final Logger log = LoggerFactory.getLogger(ScriptProbe.class);
    /** Output kept for the log: enough for an error message, bounded for a chatty script. */
    static final int MAX_OUTPUT = 4096;

    private static final Duration REAP_GRACE = Duration.ofSeconds(2);

    private final List<String> argv;
    private final String user;
    private final String group;

    private ScriptProbe(List<String> argv, String user, String group) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
        this.user = user;
        this.group = group;
    }

    /** A keepalived-style command string, e.g. {@code killall -0 haproxy} or {@code "/etc/chk.sh" 'a b'}. */
    public static ScriptProbe of(String command) {
        return new ScriptProbe(CommandLine.split(Objects.requireNonNull(command, "command")), null, null);
    }

    public static ScriptProbe of(List<String> argv) {
        return new ScriptProbe(Objects.requireNonNull(argv, "argv"), null, null);
    }

    /** Runs as {@code user} ({@code script_user} / {@code external-check} user); null = as ourselves. */
    public ScriptProbe asUser(String user) {
        return asUser(user, null);
    }

    /** keepalived's {@code user USERNAME [GROUPNAME]}: group null = the user's primary group. */
    public ScriptProbe asUser(String user, String group) {
        return new ScriptProbe(
                argv, user == null || user.isEmpty() ? null : user, group == null || group.isEmpty() ? null : group);
    }

    public List<String> argv() {
        return argv;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    @Override
    public CompletableFuture<CheckResult> run(Duration timeout) {
        long start = System.nanoTime();
        CompletableFuture<CheckResult> out = new CompletableFuture<>();
        List<String> cmd;
        try {
            cmd = commandLine();
        } catch (IllegalStateException e) {
            out.complete(CheckResult.of(CheckStatus.PROCERR, took(start), e.getMessage()));
            return out;
        }
        Path output;
        Process p;
        try {
            output = Files.createTempFile("hapair-check", ".out");
        } catch (IOException e) {
            out.complete(
                    CheckResult.of(CheckStatus.PROCERR, took(start), "cannot create output file: " + e.getMessage()));
            return out;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(devNull()));
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(output);
            out.complete(CheckResult.of(
                    CheckStatus.PROCERR, took(start), "cannot run " + argv.get(0) + ": " + e.getMessage()));
            return out;
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        // Completed once nothing of the script is left: at once on a normal exit, after the kill otherwise.
        CompletableFuture<Void> treeGone = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS)
                .execute(() -> {
                    if (p.isAlive() && timedOut.compareAndSet(false, true)) {
                        killTree(p).whenComplete((v, e) -> treeGone.complete(null));
                    }
                });
        p.onExit().whenComplete((proc, ex) -> {
            if (!timedOut.get()) {
                treeGone.complete(null);
            }
            treeGone.whenComplete((v, e) -> {
                String text = readOutput(output);
                deleteQuietly(output);
                Duration took = took(start);
                if (timedOut.get()) {
                    out.complete(CheckResult.of(
                            CheckStatus.PROCTOUT,
                            took,
                            "timed out after " + timeout.toMillis() + "ms, killed"
                                    + (text.isEmpty() ? "" : ": " + text)));
                    return;
                }
                int code = p.exitValue();
                if (code == 0) {
                    out.complete(CheckResult.of(CheckStatus.PROCOK, took, text));
                } else {
                    out.complete(CheckResult.of(
                            CheckStatus.PROCERR, took, "exit " + code + (text.isEmpty() ? "" : ": " + text)));
                }
            });
        });
        return out;
    }

    /** The argv actually executed: setsid, then the user switch if needed, then the command. */
    List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        if (user != null && (group != null || !user.equals(currentUserName()))) {
            if (!isRoot()) {
                throw new IllegalStateException("cannot run as user " + user + ": not running as root");
            }
            Users.Entry e = Users.lookup(user).orElseThrow(() -> new IllegalStateException("unknown user " + user));
            Integer gid = group == null
                    ? Integer.valueOf(e.gid())
                    : Users.groupId(group).orElse(null);
            if (gid == null) {
                throw new IllegalStateException("unknown group " + group);
            }
            Path runuser = firstExecutable("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");
            if (runuser != null) {
                cmd.addAll(List.of(runuser.toString(), "-u", user));
                if (group != null) {
                    cmd.addAll(List.of("-g", group));
                }
                cmd.add("--");
            } else {
                Path setpriv = firstExecutable("/usr/bin/setpriv", "/bin/setpriv");
                if (setpriv == null) {
                    throw new IllegalStateException(
                            "cannot run as user " + user + ": neither runuser nor setpriv found");
                }
                cmd.addAll(List.of(setpriv.toString(), "--reuid=" + e.uid(), "--regid=" + gid, "--init-groups", "--"));
            }
        }
        cmd.addAll(argv);
        return cmd;
    }

    /**
     * Kills the script and everything it started: SIGKILL to its process group (it is a session leader
     * thanks to setsid), then to every descendant still known, since a child may have left the group.
     */
    static CompletableFuture<Void> killTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        LibC c = LibC.INSTANCE;
        if (c != null) {
            c.kill((int) -p.pid(), LibC.SIGKILL);
        }
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        p.destroyForcibly();
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(exits)
                .orTimeout(REAP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    log.warn(
                            "script pid {} killed, but some of its descendants were still running {} later",
                            p.pid(),
                            REAP_GRACE);
                    return null;
                });
    }

    private static String readOutput(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_OUTPUT);
            String s = new String(b, StandardCharsets.UTF_8).strip();
            return b.length == MAX_OUTPUT ? s + "..." : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale temp file is harmless
        }
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static Path firstExecutable(String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static boolean isRoot() {
        LibC c = LibC.INSTANCE;
        if (c != null) {
            return c.getuid() == 0;
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static String currentUserName() {
        return System.getProperty("user.name");
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String describe() {
        return "script " + String.join(" ", argv)
                + (user != null ? " (user " + user + (group != null ? ":" + group : "") + ")" : "");
    }
}
