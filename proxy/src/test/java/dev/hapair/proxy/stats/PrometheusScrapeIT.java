package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes hapair-proxy's {@code /metrics} and the installed HAProxy's
 * exporter in one run, on loopback: both targets are up, and a dashboard query over the shared names returns a
 * series from each job.
 */
class PrometheusScrapeIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy", "prometheus");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    @Test
    void prometheusScrapesBothExporters() throws Exception {
        try (TestHttpBackend backend = new TestHttpBackend("web")) {
            int ourWeb = freePort(), ourStats = freePort(), theirWeb = freePort(), prom = freePort();
            String common = String.join(
                    "\n",
                    "defaults",
                    "    mode http",
                    "    timeout connect 1s",
                    "    timeout client 5s",
                    "    timeout server 5s",
                    "backend bk",
                    "    server s1 127.0.0.1:" + backend.port(),
                    "");
            Path ourCfg = Files.writeString(
                    dir.resolve("hapair.cfg"),
                    common
                            + String.join(
                                    "\n",
                                    "frontend fe",
                                    "    bind 127.0.0.1:" + ourWeb,
                                    "    default_backend bk",
                                    "listen stats",
                                    "    bind 127.0.0.1:" + ourStats,
                                    "    stats enable",
                                    "    stats uri /",
                                    ""));
            Path theirCfg = Files.writeString(
                    dir.resolve("haproxy.cfg"),
                    common
                            + String.join(
                                    "\n",
                                    "frontend fe",
                                    "    bind 127.0.0.1:" + theirWeb,
                                    "    http-request use-service prometheus-exporter if { path /metrics }",
                                    "    default_backend bk",
                                    ""));
            Path promCfg = Files.writeString(
                    dir.resolve("prometheus.yml"),
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  scrape_timeout: 1s",
                            "scrape_configs:",
                            "  - job_name: hapair",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + ourStats + "']",
                            "  - job_name: haproxy",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + theirWeb + "']",
                            ""));
            Process ours = new ProcessBuilder(ProxyProcess.launcher().toString(), "-db", "-f", ourCfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("hapair.log").toFile())
                    .start();
            Process theirs = new ProcessBuilder("haproxy", "-db", "-f", theirCfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.log").toFile())
                    .start();
            Process prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + promCfg,
                            "--storage.tsdb.path=" + dir.resolve("tsdb"),
                            "--web.listen-address=127.0.0.1:" + prom)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                ProxyProcess.awaitStarted(dir.resolve("hapair.log"), ours);
                HttpClient http = HttpClient.newHttpClient();
                String query = "http://127.0.0.1:" + prom + "/api/v1/query?query="
                        + URLEncoder.encode("count by (job) (haproxy_process_uptime_seconds)", StandardCharsets.UTF_8);
                String targets = "", result = "";
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    get(http, "http://127.0.0.1:" + ourWeb + "/");
                    get(http, "http://127.0.0.1:" + theirWeb + "/");
                    targets = get(http, "http://127.0.0.1:" + prom + "/api/v1/targets");
                    result = get(http, query);
                    if (targets.split("\"health\":\"up\"", -1).length - 1 == 2
                            && result.contains("\"job\":\"hapair\"")
                            && result.contains("\"job\":\"haproxy\"")) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertTrue(
                        targets.split("\"health\":\"up\"", -1).length - 1 == 2,
                        "both targets up: " + targets + "\n" + Files.readString(dir.resolve("prometheus.log")));
                assertTrue(
                        result.contains("\"job\":\"hapair\"") && result.contains("\"job\":\"haproxy\""),
                        "one query answers for both: " + result);
                String servers = get(
                        http,
                        "http://127.0.0.1:" + prom + "/api/v1/query?query="
                                + URLEncoder.encode(
                                        "count by (job) (haproxy_server_bytes_out_total)", StandardCharsets.UTF_8));
                assertTrue(servers.contains("\"job\":\"hapair\"") && servers.contains("\"job\":\"haproxy\""), servers);
            } finally {
                for (Process p : new Process[] {prometheus, ours, theirs}) p.destroy();
                for (Process p : new Process[] {prometheus, ours, theirs}) {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
                }
            }
        }
    }
}
