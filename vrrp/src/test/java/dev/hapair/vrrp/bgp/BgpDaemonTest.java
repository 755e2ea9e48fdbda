package dev.hapair.vrrp.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.probe.ProcessWatcher;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with real trackers and a real unix socket standing in for the proxy's stats socket (no root):
 * a tracked process dying withdraws within milliseconds (pidfd), nbsrv reaching 0 withdraws at the next poll,
 * a drain withdraws and waits for the sessions.
 */
class BgpDaemonTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, BgpCommand.LOOP_THREAD));
    final ExecutorService io = Executors.newCachedThreadPool();
    final ProcessWatcher watcher = new ProcessWatcher();
    Process tracked;
    BgpDaemon daemon;
    FakeStats stats;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (tracked != null) {
            tracked.destroyForcibly();
        }
        if (stats != null) {
            stats.close();
        }
        watcher.close();
        loop.shutdownNow();
        io.shutdownNow();
    }

    /** Answers every connection with the current CSV, like a proxy's stats socket answering show stat. */
    static final class FakeStats implements AutoCloseable {
        final ServerSocketChannel server;
        final AtomicReference<String> csv = new AtomicReference<>();
        final Thread thread;

        FakeStats(Path path, String initial) throws IOException {
            csv.set(initial);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            thread = new Thread(() -> {
                while (server.isOpen()) {
                    try (SocketChannel c = server.accept()) {
                        c.read(ByteBuffer.allocate(256));
                        c.write(ByteBuffer.wrap(csv.get().getBytes(StandardCharsets.US_ASCII)));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static String csv(String serverStatus, int sessions) {
        return "# pxname,svname,qcur,qmax,scur,status\nfe,FRONTEND,,," + sessions + ",OPEN\nweb,s1,0,0,0,"
                + serverStatus + "\nweb,BACKEND,0,0,0,UP\n";
    }

    KeepalivedConfig config(String announceExtra) throws IOException {
        Path pidfile = dir.resolve("proxy.pid");
        String text = "vrrp_track_process proxy {\n    pidfile " + pidfile + "\n}\n"
                + "bgp_speaker {\n    exabgp /bin/sh\n    router_id 10.1.0.11\n    local_as 65001\n"
                + "    neighbor 10.1.0.1 {\n        peer_as 65000\n    }\n}\n"
                + "bgp_announce web {\n    vip 192.0.2.10/32\n    next_hop self\n    track_process {\n        proxy\n    }\n"
                + "    interval 0.1\n" + announceExtra + "}\n";
        var r = KeepalivedConfigParser.parse(text, "k.conf");
        assertEquals(List.of(), r.diagnostics());
        return r.config().orElseThrow();
    }

    void startTracked() throws IOException {
        tracked = new ProcessBuilder("sleep", "60").start();
        Files.writeString(dir.resolve("proxy.pid"), tracked.pid() + "\n");
    }

    void start(KeepalivedConfig c) {
        daemon = new BgpDaemon(
                c,
                new ExabgpPipe(new PrintStream(sent, true, StandardCharsets.UTF_8)),
                loop,
                io,
                watcher,
                Optional.empty(),
                System::nanoTime);
        daemon.start();
    }

    String sent() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    long millisUntil(String text, long t0, long maxMillis) throws InterruptedException {
        while ((System.nanoTime() - t0) / 1_000_000 < maxMillis) {
            if (sent().contains(text)) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("'" + text + "' not sent within " + maxMillis + " ms; sent:\n" + sent());
    }

    @Test
    void announcesWhileTheProcessLivesAndWithdrawsTheMomentItDies() throws Exception {
        startTracked();
        start(config(""));
        millisUntil("announce route 192.0.2.10/32 next-hop self\n", System.nanoTime(), 3000);
        long t0 = System.nanoTime();
        tracked.destroyForcibly();
        long took = millisUntil("withdraw route 192.0.2.10/32 next-hop self\n", t0, 1000);
        System.out.println("[hapair-bgp] tracked process killed -> withdraw written: " + took + " ms");
        assertTrue(took < 100, "withdraw took " + took + " ms (pidfd: expected well under 100 ms)");
        assertEquals(Map.of("web", AnnounceState.WITHDRAWN), daemon.states());
        assertEquals(
                "announce route 192.0.2.10/32 next-hop self\nwithdraw route 192.0.2.10/32 next-hop self\n",
                sent(),
                "one announce, one withdraw, nothing repeated");
        startTracked();
        millisUntil("withdraw route 192.0.2.10/32 next-hop self\nannounce route", System.nanoTime(), 3000);
    }

    @Test
    void noUsableServerWithdrawsAndAMissingAnswerNeverAnnounces() throws Exception {
        startTracked();
        Path sock = dir.resolve("stats.sock");
        start(config("    proxy_backend web\n    proxy_stats_socket " + sock + "\n"));
        Thread.sleep(400);
        assertEquals(
                "withdraw route 192.0.2.10/32 next-hop self\n",
                sent(),
                "nothing announced while the stats socket does not answer; what an earlier run left is withdrawn");
        stats = new FakeStats(sock, csv("UP", 0));
        millisUntil("announce route", System.nanoTime(), 2000);
        stats.csv.set(csv("DOWN", 0));
        millisUntil("announce route 192.0.2.10/32 next-hop self\nwithdraw route", System.nanoTime(), 1000);
        stats.csv.set(csv("no check", 0));
        millisUntil("self\nwithdraw route 192.0.2.10/32 next-hop self\nannounce route", System.nanoTime(), 1000);
    }

    @Test
    void drainWithdrawsThenWaitsForSessionsBounded() throws Exception {
        startTracked();
        Path sock = dir.resolve("stats.sock");
        stats = new FakeStats(sock, csv("UP", 2));
        start(config("    proxy_backend web\n    proxy_stats_socket " + sock + "\n    drain_timeout 0.6\n"));
        millisUntil("announce route", System.nanoTime(), 2000);
        long t0 = System.nanoTime();
        String result = daemon.drain(() -> false);
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(sent().endsWith("withdraw route 192.0.2.10/32 next-hop self\n"), sent());
        assertTrue(result.contains("2 session(s) still open"), result);
        assertTrue(took >= 600 && took < 2000, "bounded by drain_timeout: " + took + " ms");
        assertEquals(Map.of("web", AnnounceState.DRAINING), daemon.states());

        stats.csv.set(csv("UP", 0));
        assertTrue(daemon.drain(() -> false).contains("sessions drained after"));
        Thread.sleep(300);
        assertEquals(1, sent().split("announce route", -1).length - 1, "never announced again while draining");
    }
}
