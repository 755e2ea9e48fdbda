package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes hapair-proxy's and the installed HAProxy's exporter ({@code
 * use-service prometheus-exporter}, one configuration) in one run, on loopback: both targets are up, and a dashboard query over the shared names returns a
 * series from each job.
 */
class PrometheusScrapeIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy", "prometheus");
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
            Map<String, Integer> ports =
                    Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
            int ourWeb = ports.get(SideBySide.HAPAIR), theirWeb = ports.get(SideBySide.HAPROXY);
            int prom = SideBySide.freePort();
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
                            "      - targets: ['127.0.0.1:" + ourWeb + "']",
                            "  - job_name: haproxy",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + theirWeb + "']",
                            ""));
            try (SideBySide both =
                    SideBySide.start(dir, side -> PrometheusParityIT.config(ports.get(side), backend.port()))) {
                Process prometheus = new ProcessBuilder(
                                "prometheus",
                                "--config.file=" + promCfg,
                                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + prom)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
                try {
                    HttpClient http = HttpClient.newHttpClient();
                    String query = "http://127.0.0.1:" + prom + "/api/v1/query?query="
                            + URLEncoder.encode(
                                    "count by (job) (haproxy_process_uptime_seconds)", StandardCharsets.UTF_8);
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
                    assertTrue(
                            servers.contains("\"job\":\"hapair\"") && servers.contains("\"job\":\"haproxy\""), servers);
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(10, TimeUnit.SECONDS)) prometheus.destroyForcibly();
                }
            }
        }
    }
}
