package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hapair.testkit.ExecResult;
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

/**
 * One hapair-vrrp daemon inside a testkit host, run from the shaded jar as a child JVM
 * ({@code ip netns exec NS java -jar target/hapair-vrrp.jar -l -f CONF -p PIDFILE}). For ITs of the daemon and
 * of everything built on it (interop, watch). The log, pid file and SIGUSR1 dump live in {@code dir}.
 */
public final class VrrpNode {
    /** JVM flags that shorten start-up (the ITs run on 2 cores in CI). */
    public static final List<String> JVM_FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m");

    private final Host host;
    private final Path dir;
    private final Path config;
    private HostProcess process;

    public VrrpNode(Host host, Path dir, String configText) {
        this.host = host;
        this.dir = dir;
        this.config = dir.resolve("keepalived-" + host.name() + ".conf");
        writeConfig(configText);
    }

    /** The shaded jar built by {@code mvn package} (verify runs package before the ITs). */
    public static Path jar() {
        Path jar = Path.of("target/hapair-vrrp.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("needs " + jar + " (run the ITs through 'mvn verify', which packages first)");
        }
        return jar;
    }

    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    public Host host() {
        return host;
    }

    public Path config() {
        return config;
    }

    public Path pidfile() {
        return dir.resolve("vrrp-" + host.name() + ".pid");
    }

    public Path dumpFile() {
        return DaemonProcess.dumpFileFor(java.util.Optional.of(pidfile()));
    }

    public Path log() {
        return dir.resolve("vrrp-" + host.name() + ".log");
    }

    /** Replaces the config file atomically (a daemon reading it on SIGHUP never sees half a file). */
    public void writeConfig(String text) {
        try {
            Path tmp = dir.resolve(config.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    config,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the daemon and waits until it logs that it runs. */
    public VrrpNode start() {
        return start(java.util.Map.of());
    }

    /** As {@link #start()} with extra environment variables (e.g. {@code NOTIFY_SOCKET}). */
    public VrrpNode start(java.util.Map<String, String> env) {
        return start(env, List.of());
    }

    /**
     * As {@link #start()}, but the daemon inherits {@code signals} (e.g. {@code INT}) ignored, as a background job of
     * a non-interactive shell inherits SIGINT ignored: the shell ignores them, then execs the JVM in its place.
     */
    public VrrpNode startIgnoring(String... signals) {
        return start(
                java.util.Map.of(),
                List.of("sh", "-c", "trap '' " + String.join(" ", signals) + "; exec \"$@\"", "sh"));
    }

    private VrrpNode start(java.util.Map<String, String> env, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        if (!env.isEmpty()) {
            cmd.add("env");
            env.forEach((k, v) -> cmd.add(k + "=" + v));
        }
        cmd.addAll(command("-l", "-f", config.toString(), "-p", pidfile().toString()));
        process = host.start(cmd, log());
        process.awaitOutput("hapair-vrrp running", Duration.ofSeconds(20));
        return this;
    }

    public HostProcess process() {
        return process;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    /** SIGKILL: a crash, nothing cleaned up. */
    public void kill9() {
        process.kill();
        process.waitFor(Duration.ofSeconds(10));
    }

    public boolean signal(String name) {
        return process.signal(name);
    }

    /** SIGTERM and wait for the exit code. */
    public int terminate() {
        process.signal("TERM");
        return process.waitFor(Duration.ofSeconds(15))
                .orElseThrow(() -> new AssertionError(
                        "hapair-vrrp on " + host.name() + " did not exit after SIGTERM:\n" + output()));
    }

    /** Stops the daemon if it still runs (cleanup). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    /** SIGUSR1 and read the dump it writes. */
    public String dump() {
        try {
            Files.deleteIfExists(dumpFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A daemon still starting ignores USR1 (it logs so), and a loaded CI machine can be slow: re-signal
        // each second rather than trusting one signal.
        boolean written = false;
        for (int attempt = 0; attempt < 15 && !written; attempt++) {
            signal("USR1");
            written = Wait.poll(Duration.ofSeconds(1), () -> Files.exists(dumpFile()));
        }
        if (!written) {
            throw new AssertionError("no state dump at " + dumpFile() + " after 15 SIGUSR1s:\n" + output());
        }
        try {
            return Files.readString(dumpFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code hapair-vrrp --release -f CONF} inside the host. */
    public ExecResult release() {
        return host.exec(command("--release", "-f", config.toString()), Duration.ofSeconds(30));
    }

    public boolean holds(String vip) {
        return host.hasAddress("eth0", vip);
    }

    @Override
    public String toString() {
        return "hapair-vrrp@" + host.name();
    }
}
