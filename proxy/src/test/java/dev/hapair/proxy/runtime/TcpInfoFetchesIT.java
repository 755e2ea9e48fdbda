package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client connection's TCP_INFO fetches and {@code fc_http_major} on real sockets: an HTTP/1 and an h2c
 * client each get back what the fetches read from their own connection.
 */
class TcpInfoFetchesIT {
    private static final Pattern ANSWER =
            Pattern.compile("rtt_us=(\\d+) rtt_ms=(\\d+) rttvar_us=(\\d+) unacked=(\\d+) retrans=(\\d+)"
                    + " lost=(\\d+) reordering=(\\d+) major=(\\d)");

    @TempDir
    static Path dir;

    static ProxyDaemon proxy;
    static int h1;
    static int h2;

    @BeforeAll
    static void start() throws Exception {
        int[] ports = NginxServer.freePorts(2); // distinct, held together
        h1 = ports[0];
        h2 = ports[1];
        String cfg = "defaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
                + "frontend fe\n  bind 127.0.0.1:" + h1 + "\n  bind 127.0.0.1:" + h2 + " proto h2\n"
                + "  http-request return status 200 content-type text/plain lf-string \"rtt_us=%[fc_rtt(us)]"
                + " rtt_ms=%[fc_rtt] rttvar_us=%[fc_rttvar(us)] unacked=%[fc_unacked] retrans=%[fc_retrans]"
                + " lost=%[fc_lost] reordering=%[fc_reordering] major=%[fc_http_major]\"\n";
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
    }

    private static Matcher parse(String body) {
        Matcher m = ANSWER.matcher(body);
        assertTrue(m.find(), body);
        return m;
    }

    @Test
    void http1ClientSeesItsOwnConnectionsCounters() throws Exception {
        try (RawHttpClient c = new RawHttpClient(h1)) {
            RawHttpClient.Response r =
                    c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(200, r.status());
            Matcher m = parse(r.bodyText());
            long us = Long.parseLong(m.group(1));
            // the kernel has measured the handshake: a positive RTT, the ms figure is the us one truncated
            assertTrue(us > 0, r.bodyText());
            assertEquals(us / 1000, Long.parseLong(m.group(2)), r.bodyText());
            // the kernel's initial reordering metric is 3 (net.ipv4.tcp_reordering), never 0 on TCP
            assertTrue(Long.parseLong(m.group(7)) > 0, r.bodyText());
            assertEquals("1", m.group(8));
        }
    }

    @Test
    void h2ClientReadsTheSocketUnderItsStream() throws Exception {
        Prerequisites.assumeCommands("curl");
        Process p = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--max-time",
                        "10",
                        "--http2-prior-knowledge",
                        "-w",
                        "|%{http_version}",
                        "http://127.0.0.1:" + h2 + "/")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String body = out.toString(StandardCharsets.UTF_8);
        assertTrue(body.endsWith("|2"), body);
        Matcher m = parse(body);
        assertTrue(Long.parseLong(m.group(1)) > 0, body);
        assertEquals("2", m.group(8));
    }
}
