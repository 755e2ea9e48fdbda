package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.lb.LbAlgorithm;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * HAProxy pauses a server's checks in maintenance and restarts the rise/fall counter at {@code rise} when it ends
 * ("start OK but check immediately", src/server.c srv_update_status) and checks at once: that run moves the
 * counter, so {@code option log-health-checks} reports it, and {@code show servers state} reads {@code rise} until
 * then (haproxy 2.6.12: "set server bk/s1 state ready; show servers state bk" shows srv_check_health 2).
 * Compared with haproxy 2.6.12 (same backend, inter 300 rise 2 fall 3, set server state maint / ready): its lines
 * after leaving are "Server bk/s1 is UP/READY (leaving forced maintenance)." then "Health check for server bk/s1
 * succeeded, reason: Layer4 check passed, check duration: 0ms, status: 3/3 UP.".
 */
class HealthChecksMaintenanceTest {

    @Test
    void theFirstCheckAfterMaintenanceIsReported() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket ignored = listener.accept()) {
                        // a TCP check only connects
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HaproxyConfig c = new HaproxyConfigLoader(java.util.Map.of())
                    .parse(
                            "t.cfg",
                            "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
                                    + "backend bk\n  option log-health-checks\n"
                                    + "  server s1 127.0.0.1:" + listener.getLocalPort()
                                    + " check inter 2000 rise 2 fall 3\n");
            ProxyConfig p = c.backend("bk").orElseThrow();
            ServerRuntime s1 = new ServerRuntime(
                    "s1",
                    "127.0.0.1",
                    listener.getLocalPort(),
                    new ServerOptions(1, 0, 0, false, null, true, false, 64, 1),
                    System::currentTimeMillis);
            s1.resolve();
            s1.logHealthChecks(true);
            s1.checkHealthBeforeRuns(2);
            BackendRuntime be = new BackendRuntime(
                    "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1), LbAlgorithm.DEFAULT, false);
            List<String> lines = new CopyOnWriteArrayList<>();
            be.setEventSink(l -> lines.add(l.text().replaceAll("check duration: \\d+ms", "check duration: Nms")));
            NioEventLoopGroup group = new NioEventLoopGroup(1);
            HealthChecks checks = new HealthChecks();
            int listenersBefore = s1.eventListenerCount();
            try {
                checks.add(group, p, p.servers().get(0), s1);
                checks.start();
                String passed = "Health check for server bk/s1 succeeded, reason: Layer4 check passed,"
                        + " check duration: Nms, status: 3/3 UP.";
                for (int i = 0; i < 200 && !lines.contains(passed); i++) Thread.sleep(20);
                assertEquals(List.of(passed), lines, "the first run: 2 -> 4");
                s1.setAdmin(AdminFlag.MAINT, true);
                assertEquals(0, s1.checkHealth(), "HAProxy zeroes the counter in maintenance");
                s1.setAdmin(AdminFlag.MAINT, false);
                // HAProxy checks at once then, not an inter (2 s) later
                for (int i = 0; i < 50 && lines.size() < 5; i++) Thread.sleep(20);
                assertEquals(
                        List.of(
                                passed,
                                "Server bk/s1 is going DOWN for maintenance. 0 active and 0 backup servers left."
                                        + " 0 sessions active, 0 requeued, 0 remaining in queue.",
                                "backend bk has no server available!",
                                "Server bk/s1 is UP/READY (leaving forced maintenance).",
                                passed),
                        lines);
                assertEquals(4, s1.checkHealth());
                assertTrue(s1.usable());
                // a reload that builds a new check for this kept server stops this one: its listener goes too
                HealthChecks next = new HealthChecks();
                checks.stopAllBut(next);
                assertEquals(listenersBefore, s1.eventListenerCount(), "the stopped check's listener is removed");
            } finally {
                checks.close();
                group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                        .await(5_000);
            }
        }
    }
}
