package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Rsyslog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server events reach the files an operator's rsyslog puts them in: a private Debian rsyslogd runs Debian's
 * haproxy rule ({@code /etc/rsyslog.d/49-haproxy.conf} of the haproxy package) and hapair's own
 * ({@code deploy/rsyslog/49-hapair.conf}), their paths moved under the test's directory, with a catch-all file
 * after them. hapair-proxy under its own name, hapair-proxy under the compatibility name {@code haproxy} and the
 * installed HAProxy log to the rule's socket; the server goes down and comes back.
 */
class RsyslogIT {
    private static final Path DEBIAN_RULE = Path.of("/etc/rsyslog.d/49-haproxy.conf");

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("rsyslogd", "haproxy");
        if (!Files.exists(DEBIAN_RULE)) Prerequisites.unavailable(DEBIAN_RULE + " (haproxy package) missing");
    }

    private Path config(String name, Path socket, int backendPort) throws Exception {
        return Files.writeString(
                dir.resolve(name + ".cfg"), ServerEventsSyslogIT.config(name, socket.toString(), backendPort));
    }

    private static Process start(Path log, List<String> env, String... command) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String e : env) pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        return pb.start();
    }

    @Test
    void serverEventsLandInTheFilesOfDebiansRules() throws Exception {
        String rules = Rsyslog.privateCopy(DEBIAN_RULE, dir) + "\n"
                + Rsyslog.privateCopy(Path.of("../deploy/rsyslog/49-hapair.conf"), dir) + "\n"
                + "*.* " + dir.resolve("var/log/syslog") + "\n";
        Path socket = dir.resolve("var/lib/haproxy/dev/log");
        Path haproxyLog = dir.resolve("var/log/haproxy.log");
        Path hapairLog = dir.resolve("var/log/hapair-proxy.log");
        Path syslog = dir.resolve("var/log/syslog");
        String launcher = ProxyProcess.launcher().toString();
        List<Process> started = new ArrayList<>();
        try (Rsyslog rsyslog = Rsyslog.start(dir, rules);
                ServerEventsSyslogIT.Backend backend = new ServerEventsSyslogIT.Backend()) {
            // hapair under its own name, hapair under the compatibility name, HAProxy
            Process own = null, compat = null, haproxy = null;
            for (String name : List.of("own", "compat", "haproxy")) {
                Process p = start(
                        dir.resolve(name + ".out"),
                        name.equals("compat") ? List.of("HAPAIR_PROXY_NAME=haproxy") : List.of(),
                        name.equals("haproxy") ? "haproxy" : launcher,
                        "-db",
                        "-f",
                        config(name, socket, backend.port).toString());
                started.add(p);
                if (name.equals("own")) own = p;
                else if (name.equals("compat")) compat = p;
                else haproxy = p;
            }
            ProxyProcess.awaitStarted(dir.resolve("own.out"), own);
            ProxyProcess.awaitStarted(dir.resolve("compat.out"), compat);
            for (int i = 0; i < 600; i++) { // every proxy's checks pass before the server goes
                if (backend.answered.size() == 3) break;
                Thread.sleep(50);
            }
            assertTrue(
                    backend.answered.size() == 3,
                    "checks of all three: " + backend.answered.keySet() + "\n"
                            + Files.readString(dir.resolve("haproxy.out")));
            backend.stop();
            String down = "]: Server bk/s1 is DOWN, reason: "; // the words themselves: ServerEventsSyslogIT
            assertTrue(
                    Rsyslog.await(hapairLog, "hapair-proxy[" + own.pid() + down, 20_000),
                    "hapair-proxy.log: " + Rsyslog.lines(hapairLog) + "\n" + rsyslog.output());
            assertTrue(
                    Rsyslog.await(haproxyLog, "haproxy[" + compat.pid() + down, 20_000),
                    "haproxy.log (hapair as haproxy): " + Rsyslog.lines(haproxyLog));
            assertTrue(
                    Rsyslog.await(haproxyLog, "haproxy[" + haproxy.pid() + down, 20_000),
                    "haproxy.log (HAProxy): " + Rsyslog.lines(haproxyLog));
            backend.start();
            String up = "]: Server bk/s1 is UP, reason: Layer7 check passed, code: 200";
            assertTrue(Rsyslog.await(hapairLog, "hapair-proxy[" + own.pid() + up, 20_000), "hapair-proxy.log");
            assertTrue(Rsyslog.await(haproxyLog, "haproxy[" + compat.pid() + up, 20_000), "haproxy.log (compat)");
            assertTrue(Rsyslog.await(haproxyLog, "haproxy[" + haproxy.pid() + up, 20_000), "haproxy.log");
            // the rules' "stop": none of them reached the catch-all file
            for (String l : Rsyslog.lines(syslog)) {
                assertTrue(!l.contains("Server bk/s1"), "in the catch-all file: " + l);
            }
            assertTrue(
                    Rsyslog.lines(hapairLog).stream().noneMatch(l -> l.contains(" haproxy[")),
                    "HAProxy-tagged lines stay out of hapair-proxy.log");
        } finally {
            for (Process p : started) p.destroy();
            for (Process p : started) p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
