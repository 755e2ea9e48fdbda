package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directives of issue 10 that hapair now implements, end to end: {@code http-request auth} answers
 * 401 (HAProxy's), and {@code del-header NAME -m beg|reg} deletes every matching header before the server
 * sees the request.
 */
class FailClosedIT {
    @TempDir
    Path dir;

    @Test
    void authAnswers401AndPrefixDeleteRemovesTheHeaders() throws Exception {
        try (TestHttpBackend backend = new TestHttpBackend("web1")) {
            int port = NginxServer.freePort();
            Path cfg = Files.writeString(
                    dir.resolve("f.cfg"),
                    String.join(
                            "\n",
                            "defaults",
                            "    mode http",
                            "    timeout connect 1s",
                            "    timeout client 5s",
                            "    timeout server 5s",
                            "frontend f",
                            "    bind 127.0.0.1:" + port,
                            "    http-request auth realm Private if { path_beg /private }",
                            "    http-request del-header x-internal- -m beg",
                            "    http-request del-header ^x-sec.*-id$ -m reg",
                            "    default_backend b",
                            "backend b",
                            "    server s1 127.0.0.1:" + backend.port(),
                            ""));
            ProxyDaemon proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
            try {
                try (RawHttpClient c = new RawHttpClient(port)) {
                    RawHttpClient.Response r = c.get("/private/x");
                    assertEquals(401, r.status());
                    assertEquals("Basic realm=\"Private\"", r.header("WWW-Authenticate"));
                    assertTrue(r.bodyText().contains("401 Unauthorized"), r.bodyText());
                }
                assertEquals(0, backend.requests.get(), "the protected request never reached the server");
                try (RawHttpClient c = new RawHttpClient(port)) {
                    c.send("GET /public HTTP/1.1\r\nHost: x\r\nX-Internal-User: bob\r\nx-internal-role: admin\r\n"
                            + "X-Secret-Id: 7\r\nX-Keep: 1\r\nX-Not-Internal-Really: 2\r\nConnection: close\r\n\r\n");
                    assertEquals(200, c.read().status());
                }
                assertFalse(backend.lastHeaders.containsKey("x-internal-user"), backend.lastHeaders.toString());
                assertFalse(backend.lastHeaders.containsKey("x-internal-role"), backend.lastHeaders.toString());
                assertFalse(backend.lastHeaders.containsKey("x-secret-id"), backend.lastHeaders.toString());
                assertEquals("1", backend.lastHeaders.get("x-keep"));
                assertEquals("2", backend.lastHeaders.get("x-not-internal-really"), "a prefix match, not a substring");
                // at reload: a configuration asking for what hapair does not do is refused, the old one serves on
                Files.writeString(cfg, Files.readString(cfg) + "    server s2 127.0.0.1:1 ssl verify none npn h2\n");
                java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
                ConfigReloader reloader = reloader(proxy, cfg, err);
                assertFalse(reloader.reload());
                assertTrue(
                        err.toString(java.nio.charset.StandardCharsets.UTF_8)
                                .contains(cfg + ":14: 'npn' is not supported by hapair-proxy"),
                        err.toString());
                try (RawHttpClient c = new RawHttpClient(port)) {
                    assertEquals(401, c.get("/private/y").status(), "the running configuration still enforces auth");
                }
            } finally {
                proxy.stop(Duration.ZERO);
            }
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a -db start that succeeds never returns
    void startRefusesWhatIsNotImplemented() throws Exception {
        Path cfg = Files.writeString(
                dir.resolve("s.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "frontend f",
                        "    bind 127.0.0.1:" + NginxServer.freePort(),
                        "    tcp-request connection track-sc0 src",
                        "    default_backend b",
                        "backend b",
                        "    server s1 127.0.0.1:1 ssl verify none npn h2",
                        ""));
        Exit exit = runMain("-db", "-f", cfg.toString());
        String text = exit.stderr();
        assertEquals(1, exit.code(), text);
        assertTrue(text.contains(cfg + ":11: 'npn' is not supported by hapair-proxy"), text);
        assertTrue(
                text.contains(cfg + ":8: 'tcp-request connection track-sc0' is not supported by hapair-proxy"), text);
    }
    /**
     * A setting refused by a check that needs the runtime's knowledge (here: choosing HTTP/1.1 or HTTP/2 per
     * server connection from the ALPN answer) is refused at start and at reload too, not only by {@code -c}.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a -db start that succeeds never returns
    void startAndReloadRefuseWhatOnlyTheRuntimeCheckKnows() throws Exception {
        int port = NginxServer.freePort();
        String head = String.join(
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
                "    server s1 127.0.0.1:1",
                "");
        String refused = "    server s2 127.0.0.1:2 ssl verify none alpn h2,http/1.1 proto h1\n";
        Path bad = Files.writeString(dir.resolve("bad.cfg"), head + refused);
        Exit exit = runMain("-db", "-f", bad.toString());
        String text = exit.stderr();
        assertEquals(1, exit.code(), text);
        assertTrue(text.contains(bad + ":11: server 's2'"), text);
        assertTrue(text.contains("'alpn h2,http/1.1'"), text);

        Path cfg = Files.writeString(dir.resolve("good.cfg"), head);
        ProxyDaemon proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(cfg), Optional.empty(), System.err);
        try {
            Files.writeString(cfg, head + refused);
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            ConfigReloader reloader = reloader(proxy, cfg, err);
            assertFalse(reloader.reload(), err.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(
                    err.toString(java.nio.charset.StandardCharsets.UTF_8).contains(cfg + ":11: server 's2'"),
                    err.toString(java.nio.charset.StandardCharsets.UTF_8));
            try (RawHttpClient c = new RawHttpClient(port)) {
                assertEquals(503, c.get("/").status(), "the running configuration (s1 only, down) still serves");
            }
        } finally {
            proxy.stop(Duration.ZERO);
        }
    }

    /** What {@link ProxyMain#run} returned and wrote to standard error. */
    record Exit(int code, String stderr) {}

    /** Runs hapair-proxy's main in this JVM, capturing its standard error. */
    static Exit runMain(String... args) {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = ProxyMain.run(args);
            return new Exit(code, err.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    /** A reloader of {@code proxy} from {@code cfg}, as SIGUSR2 would run it, writing its verdict to {@code err}. */
    static ConfigReloader reloader(ProxyDaemon proxy, Path cfg, java.io.ByteArrayOutputStream err) {
        return new ConfigReloader(
                proxy,
                java.util.List.of(cfg),
                new HaproxyConfigLoader(),
                new dev.hapair.common.process.SdNotify(null),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    }
}
