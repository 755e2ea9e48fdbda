package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bind fd@N} and {@code stats socket fd@N}: hapair-proxy accepts on listening sockets its parent bound,
 * here started the way systemd socket activation starts a service ({@code systemd-socket-activate} binds,
 * waits for the first connection, then execs the proxy with the sockets as fds 3, 4, 5). The connection that
 * triggered the start is served, the sockets survive a reload, and SIGINT ends the process with status 0 (what
 * VTest, which passes its sockets the same way, requires).
 */
@Timeout(180) // interrupts a blocked read: the channels used here are interruptible
class InheritedListenersIT {
    private static final int SIGINT = 2;
    private static final int SIGUSR2 = 12;

    @TempDir
    Path dir;

    private Path config(int backendPort) throws IOException {
        return Files.writeString(
                dir.resolve("h.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    stats socket \"fd@${CLI_TCP}\" level admin",
                        "    stats socket fd@5 level operator",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 30s",
                        "    timeout server 30s",
                        "frontend web",
                        "    bind \"fd@${FE}\"",
                        "    default_backend app",
                        "backend app",
                        "    server web1 127.0.0.1:" + backendPort,
                        ""));
    }

    @Test
    void socketActivatedProxyServesTheTriggeringConnectionReloadsAndStopsWithStatusZeroOnSigint() throws Exception {
        Prerequisites.assumeCommands("systemd-socket-activate");
        try (TestHttpBackend web1 = new TestHttpBackend("web1");
                TestHttpBackend web2 = new TestHttpBackend("web2")) {
            int fe = NginxServer.freePort();
            int cli = NginxServer.freePort();
            Path unixCli = dir.resolve("cli.sock");
            Path cfg = config(web1.port());
            List<String> launcher = List.of(
                    "systemd-socket-activate",
                    "-l",
                    "127.0.0.1:" + fe,
                    "-l",
                    "127.0.0.1:" + cli,
                    "-l",
                    unixCli.toString(),
                    "-E",
                    "FE=3",
                    "-E",
                    "CLI_TCP=4");
            try (ProxyProcess p =
                    ProxyProcess.start(dir.resolve("out.log"), Map.of(), launcher, "-d", "-dM", "-f", cfg.toString())) {
                p.awaitLog("as 5.", 20); // all three sockets bound by the launcher; no proxy yet
                try (RawHttpClient c = new RawHttpClient(fe)) {
                    c.socket().setSoTimeout(60_000); // this request starts the JVM
                    assertEquals("web1\n", c.get("/first").bodyText(), p.log());
                }
                p.awaitLog("started", 30);
                String info = cli(new InetSocketAddress(InetAddress.getLoopbackAddress(), cli), "show info");
                assertTrue(info.contains("Pid: " + p.pid()), info);
                String unixInfo = cli(UnixDomainSocketAddress.of(unixCli), "show info");
                assertTrue(unixInfo.contains("Pid: " + p.pid()), unixInfo);

                config(web2.port());
                p.signal(SIGUSR2);
                p.awaitLog("reloaded", 30);
                String body = "";
                for (int i = 0; i < 100 && !body.equals("web2\n"); i++) {
                    try (RawHttpClient c = new RawHttpClient(fe)) {
                        body = c.get("/after-reload").bodyText();
                    }
                    if (!body.equals("web2\n")) Thread.sleep(100);
                }
                assertEquals("web2\n", body, "the inherited listener serves the reloaded configuration\n" + p.log());

                p.signal(SIGINT);
                // the stop closes the inherited sockets and the event loops; on a loaded machine that is slow
                boolean stopped = p.waitFor(30);
                assertTrue(stopped, "SIGINT stops the proxy\n" + p.log() + "\n" + threadDump(p.pid()));
                assertEquals(0, p.exitValue(), p.log());
            }
        }
    }

    @Test
    void anFdThatIsNotAnInheritedListeningSocketIsAnErrorAtItsBindLine() throws Exception {
        Path cfg = Files.writeString(
                dir.resolve("bad.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "    mode tcp",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "listen l",
                        "    bind fd@100000",
                        "    server s 127.0.0.1:9",
                        ""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ProxyDaemon.start(
                        new HaproxyConfigLoader(Map.of()).load(cfg), Optional.empty(), new PrintStream(err, true)));
        String msg = e.diagnostics().get(0).format();
        assertTrue(
                msg.startsWith(cfg + ":7")
                        && msg.contains("cannot listen on 'fd@100000'")
                        && msg.contains("not an open file descriptor"),
                msg);
    }

    @Test
    void daemonModeRefusesInheritedSocketsItsBackgroundCopyCouldNotHave() throws Exception {
        Path cfg = Files.writeString(
                dir.resolve("d.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    daemon",
                        "    stats socket fd@4 level admin",
                        "defaults",
                        "    mode tcp",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "listen l",
                        "    bind fd@3",
                        "    server s 127.0.0.1:9",
                        ""));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(err, true));
            rc = ProxyMain.run(new String[] {"-f", cfg.toString()});
        } finally {
            System.setErr(saved);
        }
        String out = err.toString();
        assertEquals(1, rc, out);
        assertTrue(out.contains("[ALERT] " + cfg + ":10: 'fd@3' cannot be used in daemon mode"), out);
        assertTrue(out.contains("[ALERT] " + cfg + ":3: 'fd@4' cannot be used in daemon mode"), out);
    }

    /** One command on a stats socket (TCP or unix); the socket answers and closes. */
    private static String cli(java.net.SocketAddress address, String command) throws IOException {
        try (SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open()) {
            ch.connect(address);
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The stuck process's threads, for the failure message (jstack from the JDK running the tests). */
    private static String threadDump(long pid) {
        try {
            Process j = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jstack")
                                    .toString(),
                            String.valueOf(pid))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            j.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
