package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.runtime.ProxyDaemon;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats page in a real headless Chromium: it renders, a stopped server and a backend whose only
 * server stopped show DOWN within {@code fall} checks, and at 200 servers the page stays light. The
 * screenshot is kept as {@code target/stats-page.png}.
 */
class StatsBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final int INTER_MS = 200;
    static final int FALL = 3;

    @TempDir
    Path dir;

    @Test
    void pageRendersAndShowsAStoppedBackendDown() throws Exception {
        Prerequisites.assumeCommands(CHROMIUM.toString());

        List<TestHttpBackend> backends = new ArrayList<>();
        ProxyDaemon proxy = null;
        try {
            for (int i = 1; i <= 4; i++) backends.add(new TestHttpBackend("s" + i));
            StringBuilder big = new StringBuilder();
            for (int i = 1; i <= 200; i++)
                big.append("    server big")
                        .append(i)
                        .append(" 127.0.0.1:")
                        .append(backends.get(0).port())
                        .append('\n');
            String cfg =
                    """
                global
                    maxconn 500
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                    timeout check 1s
                listen stats
                    bind 127.0.0.1:0
                    stats enable
                    stats uri /stats
                    stats refresh 10s
                    stats admin if TRUE
                backend app
                    option httpchk GET /
                    default-server inter %1$d fall %2$d rise 2
                    server s1 127.0.0.1:%3$d check
                    server s2 127.0.0.1:%4$d check
                    server s3 127.0.0.1:%5$d check
                backend solo
                    default-server inter %1$d fall %2$d rise 2
                    server only 127.0.0.1:%6$d check
                backend big
                %7$s"""
                            .formatted(
                                    INTER_MS,
                                    FALL,
                                    backends.get(0).port(),
                                    backends.get(1).port(),
                                    backends.get(2).port(),
                                    backends.get(3).port(),
                                    big);
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, cfg);
            proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
            int port = proxy.server().port("stats");
            String url = "http://127.0.0.1:" + port + "/stats";

            waitForCsv(port, "app/s2", "UP", 5_000); // first checks passed
            proxy.runtime().backend("app").server("s3").setAdmin(dev.hapair.proxy.backend.AdminFlag.MAINT, true);
            long stoppedAt = System.nanoTime();
            backends.get(1).close(); // s2
            backends.get(3).close(); // solo's only server
            long downAfter = waitForCsv(port, "app/s2", "DOWN", 10_000);
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            waitForCsv(port, "solo/BACKEND", "DOWN", 5_000);
            // fall consecutive failures one inter apart, plus one inter of phase and the check timeout as slack
            assertTrue(tookMs <= (FALL + 1) * INTER_MS + 1_000, "DOWN after " + tookMs + " ms");

            long t0 = System.nanoTime();
            String dom = chromium(List.of("--dump-dom", url));
            long domMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(dom.contains("Statistics Report for pid"), "page rendered");
            assertTrue(rowOf(dom, "s2").matches("(?s).*class=\"active_down\".*\\d+s DOWN.*"), rowOf(dom, "s2"));
            assertTrue(rowOf(dom, "s1").contains(" UP"), rowOf(dom, "s1"));
            assertTrue(rowOf(dom, "s1").contains("L7OK/200 in "), rowOf(dom, "s1"));
            assertTrue(rowOf(dom, "s3").contains("MAINT"), rowOf(dom, "s3"));
            assertTrue(rowOf(dom, "only").contains("L4CON"), rowOf(dom, "only"));
            assertTrue(dom.matches("(?s).*id=\"px-solo\".*<tr class=\"backend_down\">.*DOWN.*"), "solo backend DOWN");
            assertEquals(200, count(dom, "name=\"s\" value=\"big"), "one admin check box per big server");

            Path shot = Path.of("target", "stats-page.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium(List.of("--screenshot=" + shot, url));
            byte[] png = Files.readAllBytes(shot);
            assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot is a PNG");
            int pageBytes;
            try (RawHttpClient c = new RawHttpClient(port)) {
                pageBytes = c.get("/stats").body().length;
            }
            System.out.printf(
                    "stats page: s2 DOWN %d ms after stop (fall %d, inter %d ms); page with 206 servers: %d bytes, "
                            + "chromium load+dump %d ms; screenshot %s (%d bytes)%n",
                    tookMs, FALL, INTER_MS, pageBytes, domMs, shot, png.length);
            assertTrue(downAfter > 0);
        } finally {
            if (proxy != null) proxy.stop(Duration.ZERO);
            for (TestHttpBackend b : backends) b.close();
        }
    }

    /** Polls {@code ;csv} until {@code row}'s status is {@code status}; returns the millis it took. */
    private static long waitForCsv(int port, String row, String status, long timeoutMs) throws Exception {
        long t0 = System.nanoTime();
        String last = null;
        while ((System.nanoTime() - t0) / 1_000_000 < timeoutMs) {
            try (RawHttpClient c = new RawHttpClient(port)) {
                var rows = StatsParsing.csv(c.get("/stats;csv").bodyText());
                last = rows.get(row).get("status");
                if (last.equals(status)) return Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(row + " still " + last + " after " + timeoutMs + " ms, wanted " + status);
    }

    private String chromium(List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--window-size=1400,1000"));
        cmd.addAll(extra);
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(dir.resolve("chromium.err")));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }

    /** The table row of server {@code name} in the DOM Chromium built. */
    private static String rowOf(String dom, String name) {
        Matcher m = Pattern.compile(
                        "<tr class=\"[a-z_]+\">(?:(?!</tr>).)*?value=\"" + Pattern.quote(name) + "\".*?</tr>",
                        Pattern.DOTALL)
                .matcher(dom);
        return m.find() ? m.group() : "(no row for " + name + ")";
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
