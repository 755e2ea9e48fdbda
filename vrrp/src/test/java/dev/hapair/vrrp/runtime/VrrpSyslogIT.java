package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Wait;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hapair-vrrp's transitions reach a syslog listener in keepalived's words with the facility {@code -S} chose,
 * and an interface that disappears at run time is a FAULT that recovers when the interface comes back: in a
 * test-made namespace the instance's interface (a veth pair of its own) is deleted and created again; the
 * daemon goes MASTER, FAULT, BACKUP, MASTER, and adverts leave on the new interface (tcpdump sees them).
 */
class VrrpSyslogIT {
    static Segment net;
    static Host lb;

    @TempDir
    Path dir;

    @BeforeAll
    static void network() {
        Prerequisites.assumeCommands("socat", "tcpdump");
        net = Segment.create();
        lb = net.add("lb1", "10.215.0.11/24");
    }

    @AfterAll
    static void teardown() {
        Segment.close(net);
    }

    private static void createInterface() {
        lb.exec("ip", "link", "add", "vx0", "type", "veth", "peer", "name", "vx1")
                .orThrow();
        lb.exec("ip", "addr", "add", "10.216.0.1/24", "dev", "vx0").orThrow();
        lb.exec("ip", "link", "set", "vx0", "up").orThrow();
        lb.exec("ip", "link", "set", "vx1", "up").orThrow();
    }

    /** The datagrams received so far (they carry no separator: each starts with its {@code <PRI>}). */
    private static List<String> datagrams(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        Matcher m = Pattern.compile("<\\d{1,3}>").matcher(Files.readString(file, StandardCharsets.UTF_8));
        int start = -1;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        while (m.find()) {
            if (start >= 0) out.add(text.substring(start, m.start()));
            start = m.start();
        }
        if (start >= 0) out.add(text.substring(start));
        return out;
    }

    private static long count(List<String> lines, String suffix) {
        return lines.stream().filter(l -> l.endsWith(suffix)).count();
    }

    private static List<String> await(Path file, String suffix, long n, HostProcess daemon) throws Exception {
        List<String> lines = List.of();
        for (int i = 0; i < 300; i++) { // 30 s
            lines = datagrams(file);
            if (count(lines, suffix) >= n) return lines;
            Thread.sleep(100);
        }
        throw new AssertionError(n + " x '" + suffix + "' expected in syslog:\n" + String.join("\n", lines)
                + "\n--- daemon output:\n" + daemon.output());
    }

    @Test
    void transitionsInKeepalivedsWordsAndTheInterfaceComesBack() throws Exception {
        createInterface();
        Path conf = Files.writeString(
                dir.resolve("keepalived.conf"),
                String.join(
                        "\n",
                        "global_defs {",
                        "    enable_script_security",
                        "}",
                        "vrrp_instance VI_1 {",
                        "    state BACKUP",
                        "    interface vx0",
                        "    virtual_router_id 51",
                        "    priority 100",
                        "    advert_int 1",
                        "    virtual_ipaddress {",
                        "        10.216.0.100/24",
                        "    }",
                        "}",
                        ""));
        Path sock = dir.resolve("log.sock");
        Path received = dir.resolve("syslog.txt");
        HostProcess listener = lb.start(
                List.of("socat", "-u", "UNIX-RECV:" + sock, "OPEN:" + received + ",creat,append"),
                dir.resolve("socat.log"));
        for (int i = 0; i < 100 && !Files.exists(sock); i++) Thread.sleep(50);
        assertTrue(Files.exists(sock), "syslog listener up");
        List<String> cmd = VrrpNode.command(
                "-l",
                "-S",
                "local3",
                "--syslog-socket",
                sock.toString(),
                "-f",
                conf.toString(),
                "-p",
                dir.resolve("vrrp.pid").toString());
        HostProcess daemon = lb.start(cmd, dir.resolve("vrrp.log"));
        try {
            // local3 (19) and info (6): PRI 158, tag and pid as syslog(3) writes them
            List<String> lines = await(received, ") Entering MASTER STATE", 1, daemon);
            assertTrue(
                    lines.stream()
                            .anyMatch(l -> l.matches(
                                    "<158>[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d hapair-vrrp\\[\\d+\\]: "
                                            + "\\(VI_1\\) Entering BACKUP STATE \\(init\\)")),
                    String.join("\n", lines));
            assertTrue(lines.stream()
                    .anyMatch(l -> l.startsWith("<158>") && l.endsWith(": (VI_1) Entering MASTER STATE")));

            // the interface disappears: FAULT, with the reason in the log
            lb.exec("ip", "link", "del", "vx0").orThrow();
            lines = await(received, ": (VI_1) Entering FAULT STATE", 1, daemon);
            assertTrue(daemon.output().contains("VI_1: vx0 is down"), daemon.output());
            // and in keepalived's words (2.2.7 logs "Netlink reports vx0 down", FAULT, "Interface vx0 deleted")
            Wait.until("'Interface vx0 deleted' logged", Duration.ofSeconds(5), () -> daemon.output()
                    .contains("Interface vx0 deleted"));
            String out = daemon.output();
            assertTrue(out.contains("] Netlink reports vx0 down"), out);
            assertTrue(
                    out.indexOf("Netlink reports vx0 down") < out.indexOf("Interface vx0 deleted"),
                    "down reported, then the deletion, as keepalived logs them: " + out);

            // it comes back (a new interface, another index): BACKUP, then MASTER again, adverts on the wire
            createInterface();
            await(received, ": (VI_1) Entering MASTER STATE", 2, daemon);
            assertTrue(daemon.output().contains("vx0 was re-created"), daemon.output());
            assertTrue(daemon.output().contains("] Netlink reports vx0 up"), daemon.output());
            ExecResult seen = lb.exec(
                    Duration.ofSeconds(15), "timeout", "10", "tcpdump", "-c", "2", "-ni", "vx1", "ip proto 112");
            assertTrue(seen.stderr().contains("2 packets captured"), seen + "\n" + daemon.output());
            assertTrue(daemon.isAlive(), daemon.output());
        } finally {
            daemon.stop();
            listener.kill();
        }
    }
    /**
     * A real rsyslogd (Debian's) with hapair's shipped rule ({@code deploy/rsyslog/49-hapair.conf}, paths moved
     * under the test's directory) and a catch-all file after it, as Debian's rsyslog.conf has: hapair-vrrp's
     * transitions land in {@code hapair-vrrp.log}; under the compatibility name ({@code Keepalived_vrrp}, the
     * tag keepalived uses) in the catch-all file, where Debian files keepalived's.
     */
    @Test
    void transitionsLandInTheFilesOfTheShippedRsyslogRule() throws Exception {
        Prerequisites.assumeCommands("rsyslogd");
        lb.exec("ip", "link", "add", "vy0", "type", "veth", "peer", "name", "vy1")
                .orThrow();
        lb.exec("ip", "addr", "add", "10.217.0.1/24", "dev", "vy0").orThrow();
        lb.exec("ip", "link", "set", "vy0", "up").orThrow();
        lb.exec("ip", "link", "set", "vy1", "up").orThrow();
        Path conf = Files.writeString(
                dir.resolve("keepalived.conf"),
                String.join(
                        "\n",
                        "vrrp_instance VI_2 {",
                        "    state BACKUP",
                        "    interface vy0",
                        "    virtual_router_id 52",
                        "    priority 100",
                        "    advert_int 1",
                        "    virtual_ipaddress {",
                        "        10.217.0.100/24",
                        "    }",
                        "}",
                        ""));
        Path sock = dir.resolve("dev/log");
        String rules = "$AddUnixListenSocket " + sock + "\n"
                + dev.hapair.testkit.Rsyslog.privateCopy(Path.of("../deploy/rsyslog/49-hapair.conf"), dir) + "\n"
                + "*.* " + dir.resolve("var/log/syslog") + "\n";
        Path own = dir.resolve("var/log/hapair-vrrp.log");
        Path catchAll = dir.resolve("var/log/syslog");
        try (dev.hapair.testkit.Rsyslog rsyslog = dev.hapair.testkit.Rsyslog.start(dir, rules)) {
            for (String name : List.of("hapair-vrrp", "keepalived")) {
                List<String> cmd = new ArrayList<>(VrrpNode.command(
                        "-S",
                        "local3",
                        "--syslog-socket",
                        sock.toString(),
                        "-f",
                        conf.toString(),
                        "-p",
                        dir.resolve(name + ".pid").toString()));
                cmd.add(1, "-Dhapair.process.name=" + name);
                HostProcess daemon = lb.start(cmd, dir.resolve(name + ".out"));
                try {
                    String tag = name.equals("keepalived") ? "Keepalived_vrrp[" : "hapair-vrrp[";
                    Path file = name.equals("keepalived") ? catchAll : own;
                    assertTrue(
                            dev.hapair.testkit.Rsyslog.await(
                                    file, tag + daemon.pid() + "]: (VI_2) Entering MASTER STATE", 30_000),
                            name + ": " + dev.hapair.testkit.Rsyslog.lines(file) + "\n" + rsyslog.output() + "\n"
                                    + daemon.output());
                } finally {
                    daemon.stop();
                }
            }
            // the rule's "stop": hapair-vrrp's lines are not in the catch-all file too
            for (String l : dev.hapair.testkit.Rsyslog.lines(catchAll)) {
                assertTrue(!l.contains(" hapair-vrrp["), "in the catch-all file: " + l);
            }
        } finally {
            lb.exec("ip", "link", "del", "vy0");
        }
    }
}
