package dev.hapair.proxy.runtime.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.runtime.SignalSender;
import dev.hapair.proxy.testing.ProxyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hapair-proxy -W -S <sock> -f cfg} as an operator runs it: the master starts one worker which
 * serves; the master CLI lists both ({@code show proc}), forwards {@code @1} commands, reloads through
 * {@code reload} and SIGUSR2 without a failed request; SIGTERM stops both; a worker that dies makes the
 * master exit non-zero.
 */
class MasterWorkerIT {
    private static final Pattern WORKER = Pattern.compile("(?m)^(\\d+)\\s+worker\\s+(\\d+)\\s");

    @TempDir
    Path dir;

    private Process master;

    @AfterEach
    void stop() throws Exception {
        if (master != null && master.isAlive()) {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int port;

    private Process start() throws Exception {
        MasterWorkerFixture.Config c = MasterWorkerFixture.config(dir);
        port = c.port();
        Path cfg = c.file();
        Path log = dir.resolve("proxy.log");
        master = new ProcessBuilder(
                        ProxyProcess.launcher().toString(),
                        "-W",
                        "-S",
                        dir.resolve("master.sock") + ",mode,600",
                        "-p",
                        dir.resolve("proxy.pid").toString(),
                        "-f",
                        cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log)
                    && Files.readString(log).contains(": worker ")
                    && Files.readString(log).contains(" ready")) {
                return master;
            }
            assertTrue(master.isAlive(), "exited: " + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("master-worker not ready within 60 s: " + Files.readString(log));
    }

    private String cli(String line) throws IOException {
        return MasterWorkerFixture.cli(dir.resolve("master.sock"), line);
    }

    private String get() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private Matcher worker(String showProc) {
        Matcher m = WORKER.matcher(showProc);
        assertTrue(m.find(), showProc);
        return m;
    }

    @Test
    void masterSupervisesOneWorkerThroughReloadsAndStop() throws Exception {
        start();
        long masterPid = master.pid();
        assertEquals(
                masterPid + "",
                Files.readString(dir.resolve("proxy.pid")).strip(),
                "the pid file holds the master's pid");
        assertTrue(get().startsWith("HTTP/1.0 200") || get().startsWith("HTTP/1.1 200"));
        assertTrue(get().endsWith("served"));

        String proc = cli("show proc");
        assertTrue(
                proc.startsWith("#<PID>          <type>          <reloads>       <uptime>        <version>\n"), proc);
        assertTrue(
                Pattern.compile("(?m)^" + masterPid + "\\s+master\\s+0 \\[failed: 0\\]\\s+\\d+d\\d\\dh\\d\\dm\\d\\ds")
                        .matcher(proc)
                        .find(),
                proc);
        long workerPid = Long.parseLong(worker(proc).group(1));
        assertNotEquals(masterPid, workerPid);
        Optional<ProcessHandle> w = ProcessHandle.of(workerPid);
        assertEquals(
                Optional.of(masterPid),
                w.flatMap(ProcessHandle::parent).map(ProcessHandle::pid),
                "the worker is the master's child");

        String info = cli("@1 show info");
        assertTrue(info.contains("Pid: " + workerPid), info);
        assertTrue(cli("@!" + workerPid + " show info").contains("Pid: " + workerPid));
        assertTrue(cli("@!1 show info").startsWith("Can't find the target PID"));
        // interactive mode: the prompt names the context; @1 alone switches to the worker, @ back, quit ends
        String session = cli("prompt\n@1\nshow info\n@\nshow proc\nquit");
        assertTrue(session.startsWith("master> " + workerPid + "> "), session);
        assertTrue(session.contains("Pid: " + workerPid + "\n"), session);
        assertTrue(session.contains("\n" + workerPid + "> master> #<PID>"), session);

        // reloads (master CLI, then SIGUSR2 to the master) while a client keeps sending: nothing fails
        AtomicInteger ok = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread client = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (failure.get() == null
                    && !Thread.currentThread().isInterrupted()
                    && System.nanoTime() < end
                    && ok.get() < 100_000) {
                try {
                    String r = get();
                    if (!r.endsWith("served")) failure.set(r);
                    else ok.incrementAndGet();
                } catch (IOException e) {
                    failure.set(e.toString());
                }
            }
        });
        client.start();
        try {
            assertEquals("", cli("reload"));
            awaitWorkerReloads(1);
            assertTrue(SignalSender.send((int) masterPid, SignalSender.SIGUSR2));
            awaitWorkerReloads(2);
        } finally {
            client.interrupt();
            client.join(10_000);
        }
        assertEquals(null, failure.get(), "a request failed during the reloads");
        assertTrue(ok.get() > 0);
        proc = cli("show proc");
        assertEquals(workerPid, Long.parseLong(worker(proc).group(1)), "the worker reloads in place: " + proc);
        assertTrue(proc.contains(" master          2 [failed: 0]"), proc);

        assertTrue(SignalSender.send((int) masterPid, SignalSender.SIGTERM));
        assertTrue(master.waitFor(30, TimeUnit.SECONDS), "the master did not exit");
        assertEquals(0, master.exitValue(), Files.readString(dir.resolve("proxy.log")));
        for (int i = 0; i < 100 && w.get().isAlive(); i++) Thread.sleep(100);
        assertFalse(w.get().isAlive(), "the worker outlived its master");
        assertFalse(Files.exists(dir.resolve("master.sock")));
    }

    private void awaitWorkerReloads(int n) throws Exception {
        String proc = "";
        for (int i = 0; i < 600; i++) {
            proc = cli("show proc");
            if (Integer.parseInt(worker(proc).group(2)) >= n) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the worker did not reload " + n + " times: " + proc);
    }

    @Test
    void aWorkerThatDiesMakesTheMasterFail() throws Exception {
        start();
        long workerPid = Long.parseLong(worker(cli("show proc")).group(1));
        ProcessHandle.of(workerPid).orElseThrow().destroyForcibly();
        assertTrue(master.waitFor(30, TimeUnit.SECONDS), "the master did not exit");
        assertNotEquals(0, master.exitValue(), Files.readString(dir.resolve("proxy.log")));
        assertTrue(Files.readString(dir.resolve("proxy.log")).contains("exited on its own"));
    }

    @Test
    void aBrokenConfigurationStopsTheMasterBeforeAnyWorker() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.cfg"), "frontend f\n    bind 127.0.0.1:1\n    frobnicate\n");
        Process p = new ProcessBuilder(
                        ProxyProcess.launcher().toString(),
                        "-W",
                        "-S",
                        dir.resolve("master.sock").toString(),
                        "-f",
                        cfg.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("bad.cfg:3") && out.contains("frobnicate"), out);
        assertFalse(out.contains("worker"), out);
        assertFalse(Files.exists(dir.resolve("master.sock")));
    }

    /**
     * The master CLI's levels and modes answer as the installed HAProxy's ({@code haproxy -W -S}), command line
     * for command line: {@code operator}/{@code user} lower the level, never raise it, {@code show cli level},
     * {@code reload} refused to a user, a worker command runs at the session's level, {@code expert-mode} needs
     * admin, and what 2.6 does not have ({@code show startup-logs}, {@code @@1}) is unknown on both.
     */
    @Test
    void levelsAnswerAsHaproxysMasterCli() throws Exception {
        dev.hapair.testkit.Prerequisites.assumeCommands("haproxy");
        start();
        Path theirs = dir.resolve("haproxy-master.sock");
        int haproxyPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            haproxyPort = free.getLocalPort();
        }
        Path cfg = Files.writeString(
                dir.resolve("haproxy.cfg"),
                Files.readString(dir.resolve("proxy.cfg")).replace(":" + port, ":" + haproxyPort));
        Process haproxy = new ProcessBuilder("haproxy", "-W", "-S", theirs.toString(), "-f", cfg.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        try {
            // the master listens before its worker runs: wait for the worker in its show proc
            String proc = "";
            for (int i = 0; i < 200 && !WORKER.matcher(proc).find(); i++) {
                Thread.sleep(50);
                try {
                    proc = MasterWorkerFixture.cli(theirs, "show proc");
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            assertTrue(WORKER.matcher(proc).find(), proc + Files.readString(dir.resolve("haproxy.log")));
            for (String line : java.util.List.of(
                    "show cli level",
                    "operator; show cli level",
                    "user; show cli level; operator",
                    "user; reload",
                    "operator; @1 show cli level",
                    "user; @1 show cli level",
                    "user; expert-mode on",
                    "expert-mode on; @1 show cli level",
                    "@1 operator; @1 show cli level",
                    "show cli sockets",
                    "show startup-logs",
                    "@@1 show info")) {
                String our = cli(line), their = MasterWorkerFixture.cli(theirs, line);
                if (their.startsWith("Unknown command, but maybe")) {
                    // HAProxy's near matches are fuzzier than ours: the same kind of answer
                    assertTrue(our.startsWith("Unknown command, but maybe"), line + ": " + our);
                } else {
                    assertEquals(their, our, line);
                }
            }
            assertTrue(cli("show version").matches("\\S+\n\n"), cli("show version"));
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
