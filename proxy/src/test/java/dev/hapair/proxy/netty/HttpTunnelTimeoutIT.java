package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.testing.ProxyFixture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code timeout tunnel} in HTTP mode: once a 101 has switched the exchange to a tunnel, the tunnel's inactivity
 * timeout replaces timeout client and timeout server (HAProxy 2.6: "used when a connection is upgraded"), and it
 * still ends an idle tunnel.
 */
class HttpTunnelTimeoutIT {
    @Test
    void anUpgradedExchangeLivesByTimeoutTunnel() throws Exception {
        Timeouts t = new Timeouts(2_000, 400, 400, 2_000, 0, 0, 0, 2_500);
        try (ServerSocket ss = ProxyFixture.scriptedServer(sock -> {
            try (sock) {
                InputStream in = sock.getInputStream();
                readHead(in);
                OutputStream o = sock.getOutputStream();
                o.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                o.flush();
                for (int b; (b = in.read()) >= 0; ) {
                    o.write(b);
                    o.flush();
                }
            } catch (Exception ignored) {
                // the proxy closed: the assertions say so
            }
        })) {
            try (ProxyServer proxy = ProxyFixture.start(
                            FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), t),
                            ProxyFixture.backend(
                                    "be",
                                    BackendSettings.http(t),
                                    List.of(ProxyFixture.server("s", ss.getLocalPort()))),
                            (s, l) -> {});
                    Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port("fe"))) {
                c.setSoTimeout(10_000);
                OutputStream o = c.getOutputStream();
                InputStream in = c.getInputStream();
                o.write("GET /t HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                o.write('a');
                assertEquals('a', in.read());
                Thread.sleep(1_200); // three times timeout client/server, inside timeout tunnel
                o.write('b');
                assertEquals('b', in.read(), "the tunnel outlived timeout client and timeout server");
                long idleFrom = System.nanoTime();
                assertEquals(-1, in.read(), "timeout tunnel ends an idle tunnel");
                long idleMs = (System.nanoTime() - idleFrom) / 1_000_000;
                assertTrue(idleMs >= 2_000 && idleMs < 8_000, "closed after " + idleMs + " ms");
            }
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = 0;
        for (int c; (c = in.read()) >= 0; ) {
            b.write(c);
            n = (c == '\n' || c == '\r') ? n + 1 : 0;
            if (n == 4) break;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
