package dev.hapair.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Prerequisites;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log /dev/log local0 notice err}: RFC 3164 datagrams on a unix socket, levels filtered and capped. */
class UnixSyslogTest {
    @TempDir
    Path dir;

    @Test
    void linesReachAUnixDatagramSocket() throws Exception {
        Prerequisites.assumeCommands("socat");
        Path sock = dir.resolve("log");
        Process socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + sock, "STDOUT").start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(sock) && System.nanoTime() < until) Thread.sleep(20);
            assertTrue(Files.exists(sock), "socat did not bind " + sock);
            ZonedDateTime t = ZonedDateTime.of(2026, 1, 5, 9, 3, 7, 0, ZoneOffset.UTC);
            // notice (5) and more severe are sent; err (3) caps them: emerg goes out as err
            try (SyslogLogSink s = new SyslogLogSink(
                    SyslogLogSink.Destination.unix(sock.toString()), 16, 5, 3, "hapair-proxy[7]", () -> t)) {
                s.log(6, "info is filtered");
                s.log(0, "emerg capped");
                s.log(5, "notice kept");
            }
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[4096];
                try {
                    while (!sb.toString().contains("notice kept")) {
                        int n = in.read(buf);
                        if (n < 0) break;
                        sb.append(buf, 0, n);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return sb.toString();
            });
            String text = got.get(10, TimeUnit.SECONDS);
            assertEquals(
                    "<131>Jan  5 09:03:07 hapair-proxy[7]: emerg capped"
                            + "<133>Jan  5 09:03:07 hapair-proxy[7]: notice kept",
                    text);
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
