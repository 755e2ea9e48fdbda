package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.testing.ProxyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side termination causes with a scripted server: each broken response ends in HAProxy's status and
 * two-letter termination state in the log, and the broken server connection is never reused.
 */
class ServerSideTerminationIT {
    private static final Timeouts T = new Timeouts(500, 3000, 600, 3000, 0, 1000, 0);
    private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile byte[] script;
    private volatile boolean closeAfter;
    private ServerSocket server;
    private ProxyServer proxy;
    private BackendRuntime be;

    @BeforeEach
    void start() throws Exception {
        server = ProxyFixture.scriptedServer(s -> {
            accepted.incrementAndGet();
            serve(s);
        });
        be = ProxyFixture.backend(
                "be", BackendSettings.http(T), List.of(ProxyFixture.server("s1", server.getLocalPort())));
        proxy = ProxyFixture.start(
                FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), T)
                        .withLog(LogFormat.HTTPLOG),
                be,
                (sev, line) -> logs.add(line));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    /** Answers each request head with the script; keeps the connection unless told to close. */
    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    head.reset();
                    byte[] out = script;
                    if (out != null) {
                        // PAUSE splits the answer into two sends 300 ms apart: the proxy reads them separately
                        String text = new String(out, StandardCharsets.ISO_8859_1);
                        int cut = text.indexOf(PAUSE);
                        if (cut >= 0) {
                            s.getOutputStream().write(text.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1));
                            s.getOutputStream().flush();
                            Thread.sleep(300);
                            text = text.substring(cut + PAUSE.length());
                        }
                        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
                        s.getOutputStream().flush();
                    }
                    if (closeAfter) return;
                }
            }
        } catch (IOException e) {
            // proxy closed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String PAUSE = "<pause>";

    private String exchange(String scriptText, boolean close) throws Exception {
        return exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n", scriptText, close);
    }

    /** The client sends {@code request}; the server answers its head with {@code scriptText}. */
    private String exchange(String request, String scriptText, boolean close) throws Exception {
        script = scriptText == null ? null : scriptText.getBytes(StandardCharsets.ISO_8859_1);
        closeAfter = close;
        int before = logs.size();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port("fe"))) {
            // generous: the first exchange of a cold JVM on a loaded CI machine can take seconds
            c.setSoTimeout(10_000);
            c.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = c.getInputStream().read(buf)) > 0) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\nok")) break;
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // closed or silent: what the client saw is returned
            }
            long until = System.currentTimeMillis() + 5000;
            while (logs.size() == before && System.currentTimeMillis() < until) Thread.sleep(10);
            return got.toString(StandardCharsets.ISO_8859_1) + "\nLOG "
                    + (logs.size() > before ? logs.get(before) : "none");
        }
    }

    @Test
    void invalidResponseHeadIs502WithPHAndTheConnectionIsNotReused() throws Exception {
        String r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nok", false);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains(" 502 ") && r.contains(" PH-- "), r);
        assertEquals(1, be.servers().get(0).counters().responseErrors());
        assertTrue(be.lastInvalidResponse() != null);
        String ok = exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        assertTrue(ok.startsWith("HTTP/1.1 200 "), ok);
        assertEquals(2, accepted.get(), "the broken connection was closed, a fresh one served the next request");
    }

    @Test
    void invalidChunkInTheHeadsReadIs502PHAsInHaproxy() throws Exception {
        // HAProxy 2.6 parses what its buffer received with the head before forwarding any of it (haproxy 2.6.12:
        // 502, PH); hapair relayed the head and cut the connection
        String r = exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n", false);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains(" PH-- "), r);
        assertTrue(!r.contains("zz"), r);
        assertTrue(be.lastInvalidResponse().text().contains("zz"), "show errors holds the bad chunk");
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        assertEquals(2, accepted.get(), "the broken connection was never pooled");
    }

    @Test
    void invalidChunkAfterTheHeadIsPDAndNoTerminatorIsInvented() throws Exception {
        String r =
                exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n" + PAUSE + "zz\r\n", false);
        assertTrue(r.startsWith("HTTP/1.1 200 "), r);
        // the head went out before the bad chunk arrived; the read holding it is not forwarded at all
        assertTrue(
                !r.contains("0\r\n\r\n") && !r.contains("zz"), "no last chunk invented, nothing invalid relayed: " + r);
        assertTrue(r.contains(" PD-- "), r);
        exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
        assertEquals(2, accepted.get(), "the broken connection was never pooled");
    }

    @Test
    void serverClosingMidBodyIsSD() throws Exception {
        String r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true);
        assertTrue(r.contains(" SD-- "), r);
    }

    @Test
    void serverClosingBeforeAnyResponseIs502SH() throws Exception {
        String r = exchange(null, true);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains(" SH-- "), r);
    }

    @Test
    void silentServerIs504sH() throws Exception {
        String r = exchange(null, false);
        assertTrue(r.startsWith("HTTP/1.1 504 "), r);
        assertTrue(r.contains(" sH-- "), r);
    }

    @Test
    void unsolicited101Is502() throws Exception {
        String r = exchange(
                "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n", false);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains(" PH-- "), r);
    }

    @Test
    void a101WithoutConnectionUpgradeIs502AsInHaproxy() throws Exception {
        // HAProxy 2.6 switches only when the request and the response both say Connection: upgrade
        String upgrade = "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n";
        String r = exchange(upgrade, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\n\r\n", false);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains(" PH-- "), r);
        String ok = exchange(upgrade, "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n", true);
        assertTrue(ok.startsWith("HTTP/1.1 101 "), ok);
    }

    @Test
    void anErrorPageAnsweringAHeadRequestIsItsHeadOnly() throws Exception {
        // a body after it would be read by the client as the start of its next response
        String r = exchange("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", "this is not http\r\n\r\n", false);
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
        assertTrue(r.contains("\r\ncontent-length: 107\r\n"), r);
        assertTrue(r.substring(0, r.indexOf("\nLOG ")).endsWith("\r\n\r\n"), "no body: " + r);
    }

    @Test
    void closeDelimitedBodyIsRelayedAsSuchAndTheClientConnectionEnds() throws Exception {
        String r = exchange("HTTP/1.1 200 OK\r\n\r\nok until close", true);
        assertTrue(r.startsWith("HTTP/1.1 200 "), r);
        assertTrue(r.contains("Connection: close\r\n") && !r.contains("Transfer-Encoding"), r);
        assertTrue(r.contains(" ---- "), r);
    }
}
