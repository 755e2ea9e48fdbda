package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.process.SdNotify;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload as a diff, in-process: listeners that stay are untouched, new ones open, removed ones drain. */
class ListenerDiffIT {
    @TempDir
    Path dir;

    private String config(int backendPort, int... frontPorts) {
        StringBuilder b = new StringBuilder("defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n"
                + "    timeout server 10s\n");
        for (int i = 0; i < frontPorts.length; i++) {
            if (frontPorts[i] == 0) continue;
            b.append("frontend f")
                    .append(i)
                    .append("\n    bind 127.0.0.1:")
                    .append(frontPorts[i])
                    .append("\n    default_backend app\n");
        }
        b.append("# a comment moves the server line: still the same server\n".repeat(frontPorts.length));
        b.append("backend app\n    server s1 127.0.0.1:").append(backendPort).append(" check inter 200ms\n");
        return b.toString();
    }

    private ProxyDaemon.ReloadSummary reload(ProxyDaemon d, Path cfg, String text) throws Exception {
        Files.writeString(cfg, text);
        return d.reload(new HaproxyConfigLoader().load(cfg), System.err);
    }

    @Test
    void addingAndRemovingFrontendsTouchesOnlyThoseListeners() throws Exception {
        int pa = NginxServer.freePort();
        int pb = NginxServer.freePort();
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(app.port(), pa));
            ProxyDaemon d = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
            try (RawHttpClient onA = new RawHttpClient(pa)) {
                assertEquals(200, onA.get("/").status());
                ServerRuntime s1 = d.runtime().backend("app").server("s1");
                Thread.sleep(500); // a few checks ran

                ProxyDaemon.ReloadSummary add = reload(d, cfg, config(app.port(), pa, pb));
                assertEquals(
                        List.of(new InetSocketAddress("127.0.0.1", pb)),
                        add.listeners().opened());
                assertEquals(
                        List.of(new InetSocketAddress("127.0.0.1", pa)),
                        add.listeners().kept());
                assertEquals(List.of(), add.listeners().closed());
                assertEquals(200, onA.get("/").status(), "the established connection on the kept listener goes on");
                try (RawHttpClient onB = new RawHttpClient(pb)) {
                    assertEquals(200, onB.get("/").status());
                }
                assertSame(s1, d.runtime().backend("app").server("s1"), "unchanged server carried over (moved line)");
                assertTrue(
                        s1.counters().totalSessions() >= 3,
                        "counters survive: " + s1.counters().totalSessions());
                assertEquals(1, d.checks().schedulers().size());
                assertTrue(d.checks().schedulers().get(0).runsCompleted() > 0, "the running check went on");

                ProxyDaemon.ReloadSummary remove = reload(d, cfg, config(app.port(), 0, pb));
                assertEquals(
                        List.of(new InetSocketAddress("127.0.0.1", pa)),
                        remove.listeners().closed());
                assertThrows(
                        ConnectException.class,
                        () -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress("127.0.0.1", pa), 1000);
                            }
                        },
                        "a removed frontend stops accepting");
                assertEquals(200, onA.get("/").status(), "its established connection drains on the old config");
                try (RawHttpClient onB = new RawHttpClient(pb)) {
                    assertEquals(200, onB.get("/").status());
                }
            } finally {
                d.stop(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void invalidConfigIsRefusedWithFileAndLineAndOldOneKeepsServing() throws Exception {
        int pa = NginxServer.freePort();
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(app.port(), pa));
            HaproxyConfigLoader loader = new HaproxyConfigLoader();
            ProxyDaemon d = ProxyDaemon.start(loader.load(cfg), Optional.empty(), System.err);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ConfigReloader reloader =
                    new ConfigReloader(d, List.of(cfg), loader, new SdNotify(null), new PrintStream(log, true));
            try {
                Files.writeString(
                        cfg, config(app.port(), pa).replace("backend app\n", "backend app\n    balanse roundrobin\n"));
                assertEquals(false, reloader.reload());
                String text = log.toString();
                assertTrue(
                        text.contains(cfg + ":") && text.contains("balanse") && text.contains("reload refused"), text);
                try (RawHttpClient c = new RawHttpClient(pa)) {
                    assertEquals(200, c.get("/").status());
                }
                Files.writeString(cfg, config(app.port(), pa));
                assertTrue(reloader.reload(), log.toString());
            } finally {
                d.stop(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void reloadThatCannotBindKeepsTheRunningConfiguration() throws Exception {
        int pa = NginxServer.freePort();
        try (TestHttpBackend app = new TestHttpBackend("app");
                java.net.ServerSocket taken =
                        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(app.port(), pa));
            ProxyDaemon d = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
            try {
                var before = d.runtime();
                assertThrows(ConfigException.class, () -> reload(d, cfg, config(app.port(), pa, taken.getLocalPort())));
                assertSame(before, d.runtime());
                try (RawHttpClient c = new RawHttpClient(pa)) {
                    assertEquals(200, c.get("/").status());
                }
            } finally {
                d.stop(Duration.ofSeconds(1));
            }
        }
    }
}
