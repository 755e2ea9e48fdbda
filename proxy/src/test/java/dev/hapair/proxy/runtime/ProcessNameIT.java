package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides' liveness checks run verbatim against hapair-proxy started by its launcher: {@code killall -0
 * hapair-proxy} in normal mode; {@code killall -0 haproxy} and {@code ps ax | grep -w [h]aproxy} with the
 * compatibility name. Each check must succeed while the proxy lives and fail once it is killed — the failure
 * is what moves the VIP.
 */
class ProcessNameIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("killall", "ps", "pgrep", "pidof");
    }

    private static Path launcher() {
        Path p = Path.of("../bin/hapair-proxy").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(p), "launcher missing: " + p);
        return p;
    }

    private Path config() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("proxy.cfg"); // not haproxy.cfg: ps ax | grep -w haproxy would match the path
        Files.writeString(
                cfg,
                String.join(
                        "\n",
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "frontend f",
                        "    bind 127.0.0.1:" + port,
                        "    default_backend b",
                        "backend b",
                        "    server s1 127.0.0.1:9",
                        ""));
        return cfg;
    }

    private static int sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "check script hung: " + script);
        return p.exitValue();
    }

    private Process start(String compatName) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "-db", "-f", config().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("proxy.log").toFile());
        if (compatName != null) {
            pb.environment().put("HAPAIR_PROXY_NAME", compatName);
        }
        Process p = pb.start();
        String expected = compatName == null ? "hapair-proxy" : compatName;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path comm = Path.of("/proc/" + p.pid() + "/comm");
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(comm)
                    && Files.readString(comm, StandardCharsets.US_ASCII).strip().equals(expected)
                    && Files.readString(dir.resolve("proxy.log")).contains("started")) {
                return p;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError(
                "proxy did not start as '" + expected + "': " + Files.readString(dir.resolve("proxy.log")));
    }

    private static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void normalNameIsSeenByKillallPidofAndPgrep() throws Exception {
        Process p = start(null);
        try {
            assertEquals(0, sh("killall -0 hapair-proxy"));
            assertEquals(0, sh("pidof hapair-proxy | grep -qw " + p.pid()));
            assertEquals(0, sh("pgrep -x hapair-proxy | grep -qx " + p.pid()));
            assertEquals(0, sh("ps -o args= -p " + p.pid() + " | grep -qw '^hapair-proxy'"));
        } finally {
            kill9(p);
        }
        assertEquals(1, sh("pgrep -x hapair-proxy | grep -qx " + p.pid()), "a dead proxy must not be found");
    }

    @Test
    void compatibilityNameKeepsTheGuidesChecksWorking() throws Exception {
        // The guides' chk_haproxy scripts, verbatim. They match any process of that name, so the proxy and the
        // checks run in a PID namespace of their own (unshare --mount-proc): a real haproxy elsewhere on the
        // machine can neither make them pass nor fail.
        Prerequisites.assumeNamespaces();
        Prerequisites.assumeCommands("unshare");
        String script = String.join(
                "\n",
                "HAPAIR_PROXY_NAME=haproxy \"$1\" -db -f \"$2\" > \"$3\" 2>&1 &",
                "pid=$!",
                "i=0; until grep -q started \"$3\" || [ $i -ge 600 ]; do sleep 0.1; i=$((i+1)); done",
                "killall -0 haproxy; a=$?",
                "ps ax | grep -w [h]aproxy > /dev/null; b=$?",
                "[ \"$(cat /proc/$pid/comm)\" = haproxy ]; c=$?",
                "kill -9 $pid; wait $pid 2>/dev/null",
                "killall -0 haproxy 2>/dev/null; d=$?",
                "ps ax | grep -w [h]aproxy > /dev/null; e=$?",
                "echo \"$a $b $c $d $e\"");
        // from a file, not sh -c: the script's own text names haproxy, and ps ax would show it
        Path checks = Files.writeString(dir.resolve("checks.sh"), script + "\n");
        Process p = new ProcessBuilder(
                        "unshare",
                        "--pid",
                        "--fork",
                        "--mount-proc",
                        "sh",
                        checks.toString(),
                        launcher().toString(),
                        config().toString(),
                        dir.resolve("proxy.log").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // live: killall, ps|grep and comm find it (0 0 0); killed: both checks fail (1 1)
        assertEquals(
                "0 0 0 1 1",
                out.lines().reduce((a, b) -> b).orElse(""),
                out + "\n" + Files.readString(dir.resolve("proxy.log")));
    }

    @Test
    void launcherRefusesANameTheKernelWouldTruncate() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "-v").redirectErrorStream(true);
        pb.environment().put("HAPAIR_PROXY_NAME", "a-name-longer-than-15");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("HAPAIR_PROXY_NAME"), out);
    }
}
