package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar started as an operator would: {@code user}/{@code group}/{@code chroot} are given up after
 * the listeners are bound (checked in /proc), and {@code daemon} detaches into the background while the
 * command returns 0 once it serves.
 */
class PrivilegesIT {
    @TempDir
    Path dir;

    private static Path jar() {
        Path p = Path.of("target/hapair-proxy.jar");
        if (!Files.isRegularFile(p)) p = Path.of("proxy/target/hapair-proxy.jar");
        assertTrue(Files.isRegularFile(p), "shaded jar missing: run mvn verify (package precedes integration tests)");
        return p;
    }

    private static String config(int port, String... global) {
        return "global\n"
                + String.join(
                        "", List.of(global).stream().map(g -> "    " + g + "\n").toList())
                + "defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
                + "listen health\n    bind 127.0.0.1:" + port + "\n    monitor-uri /healthz\n";
    }

    private static int status(int port) throws Exception {
        HttpClient c =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return c.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void awaitServing(int port, ProcessHandle p) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                if (status(port) == 200) return;
            } catch (IOException e) {
                if (!p.isAlive()) throw new AssertionError("proxy " + p.pid() + " exited");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("proxy never served on " + port);
    }

    private static String statusLine(long pid, String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith(field + ":"))
                return l.substring(field.length() + 1).trim().replaceAll("\\s+", " ");
        }
        throw new AssertionError(field + " missing in /proc/" + pid + "/status");
    }

    @Test
    void userGroupAndChrootAreGivenUpAfterBinding() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.unavailable("dropping privileges needs root");
        }
        int nobody = Privileges.Accounts.SYSTEM.uid("nobody").orElseThrow();
        int nogroup = Privileges.Accounts.SYSTEM.gid("nogroup").orElseThrow();
        Path jail = Files.createDirectories(dir.resolve("jail"));
        int port = NginxServer.freePort();
        Path cfg =
                Files.writeString(dir.resolve("p.cfg"), config(port, "user nobody", "group nogroup", "chroot " + jail));
        Process p = new ProcessBuilder("java", "-Xmx96m", "-jar", jar().toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        try {
            awaitServing(port, p.toHandle());
            String who = Files.readString(dir.resolve("out.log"));
            assertEquals(nobody + " " + nobody + " " + nobody + " " + nobody, statusLine(p.pid(), "Uid"), who);
            assertEquals(nogroup + " " + nogroup + " " + nogroup + " " + nogroup, statusLine(p.pid(), "Gid"), who);
            assertEquals(
                    String.valueOf(nogroup), statusLine(p.pid(), "Groups"), "root's supplementary groups are gone");
            assertEquals(
                    jail.toRealPath(), Path.of("/proc/" + p.pid() + "/root").toRealPath());
            // every thread, event loops included, lost root (glibc applies setuid to all of them)
            try (var tasks = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
                for (Path t : tasks.toList()) {
                    String uid = Files.readAllLines(t.resolve("status")).stream()
                            .filter(l -> l.startsWith("Uid:"))
                            .findFirst()
                            .orElseThrow();
                    assertTrue(
                            uid.matches("Uid:\\s+" + nobody + "\\s+" + nobody + "\\s+" + nobody + "\\s+" + nobody),
                            t + ": " + uid);
                }
            }
            assertEquals(200, status(port), "the listener bound as root still serves");
        } finally {
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void statsSocketUserAndGroupOwnTheSocketFile() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Prerequisites.unavailable("changing a file's owner needs root");
        }
        Path sock = dir.resolve("admin.sock");
        Path cfg = Files.writeString(
                dir.resolve("s.cfg"),
                config(
                        NginxServer.freePort(),
                        "stats socket " + sock + " mode 660 level admin user nobody group nogroup"));
        ProxyDaemon d = ProxyDaemon.start(
                new dev.hapair.proxy.config.HaproxyConfigLoader().load(cfg), java.util.Optional.empty(), System.err);
        try {
            assertEquals("nobody", Files.getOwner(sock).getName());
            assertEquals(
                    "nogroup",
                    Files.readAttributes(sock, java.nio.file.attribute.PosixFileAttributes.class)
                            .group()
                            .getName());
        } finally {
            d.stop(Duration.ZERO);
        }
    }

    @Test
    void unknownUserFailsTheStartWithFileAndLine() throws Exception {
        int port = NginxServer.freePort();
        Path cfg = Files.writeString(dir.resolve("u.cfg"), config(port, "user hapair-no-such-user"));
        Process p = new ProcessBuilder("java", "-Xmx96m", "-jar", jar().toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains(cfg + ":2: cannot find user id for 'hapair-no-such-user'"), out);
    }

    @Test
    void daemonDetachesAndTheCommandReturnsOnceServing() throws Exception {
        int port = NginxServer.freePort();
        Path pid = dir.resolve("h.pid");
        Path cfg = Files.writeString(dir.resolve("d.cfg"), config(port, "daemon", "pidfile " + pid));
        Process launcher = new ProcessBuilder("java", "-Xmx96m", "-jar", jar().toString(), "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile())
                .start();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the command returns once the daemon serves");
        String log = Files.readString(dir.resolve("launcher.log"));
        assertEquals(0, launcher.exitValue(), log);
        long daemonPid = Long.parseLong(Files.readString(pid).trim());
        ProcessHandle d =
                ProcessHandle.of(daemonPid).orElseThrow(() -> new AssertionError("daemon not running: " + log));
        try {
            assertNotEquals(launcher.pid(), daemonPid);
            assertEquals(200, status(port), "serving as soon as the command returned");
            String[] stat = Files.readString(Path.of("/proc/" + daemonPid + "/stat"))
                    .replaceAll("^.*\\) ", "")
                    .split(" ");
            assertEquals(String.valueOf(daemonPid), stat[3], "session leader (setsid): no controlling terminal");
            assertEquals("0", stat[4], "no controlling terminal");
            for (int fd = 0; fd <= 2; fd++) {
                assertEquals(
                        Path.of("/dev/null"),
                        Files.readSymbolicLink(Path.of("/proc/" + daemonPid + "/fd/" + fd)),
                        "stdio fd " + fd + " detached");
            }
        } finally {
            d.destroy();
            d.onExit().get(20, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(pid), "the daemon removes its pid file when it stops");
    }
}
