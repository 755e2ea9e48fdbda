package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 client that lets no DATA come (SETTINGS_INITIAL_WINDOW_SIZE 0): the response HEADERS are not
 * flow-controlled, so the server's answer reaches it at once, as with HAProxy. Before the fix the server's
 * connection was not even read while the stream was not writable: after {@code timeout server} the client got a
 * 504 and the log blamed the server (sH) that had answered at once. The body waits for the client's window, and
 * meanwhile the exchange is judged on {@code timeout client}: the server is paused for the client's sake.
 */
class H2ZeroWindowIT {
    @TempDir
    Path dir;

    /** What the server does once the request reached it, and what the client then checks. */
    private interface Scenario {
        void run(RawH2Client client, OutputStream server) throws Exception;
    }

    private void withZeroWindow(String timeoutServer, Scenario scenario) throws Exception {
        int[] ports = NginxServer.freePorts(1);
        try (ServerSocket server = H2TestProxy.server()) {
            Process proxy = H2TestProxy.start(
                    dir, timeoutServer, "127.0.0.1:" + server.getLocalPort(), "127.0.0.1:" + ports[0] + " proto h2");
            try (RawH2Client c = new RawH2Client(ports[0])) {
                c.frame(RawH2Client.SETTINGS, 0, 0, new byte[] {0, 4, 0, 0, 0, 0}); // INITIAL_WINDOW_SIZE 0
                c.headers(1, RawH2Client.get("/"), true);
                c.flush();
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    byte[] head = new byte[4];
                    int got = 0;
                    while (got < 4 && in.read(head, got, 1) == 1) got++;
                    assertEquals("GET ", new String(head, StandardCharsets.US_ASCII));
                    scenario.run(c, s.getOutputStream());
                }
            } finally {
                H2TestProxy.stop(proxy);
            }
        }
    }

    private static void send(OutputStream server, String bytes) throws Exception {
        server.write(bytes.getBytes(StandardCharsets.US_ASCII));
        server.flush();
    }

    private static void assertStatus200(RawH2Client c, String why) throws Exception {
        RawH2Client.Frame answer = c.await(RawH2Client.HEADERS);
        assertTrue(answer != null && answer.stream() == 1, "the response HEADERS of stream 1");
        assertEquals("200", c.decode(answer).status().toString(), why);
    }

    @Test
    void theResponseHeadReachesAClientWhoseWindowIsZero() throws Exception {
        withZeroWindow("2s", (c, server) -> {
            send(server, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
            assertStatus200(c, "the server's answer, not a 504 after timeout server");
        });
    }

    /**
     * A head that comes in two reads: the server was paused after the first (the client not writable), so the
     * rest was never read and the client got a 504 after {@code timeout server}.
     */
    @Test
    void aResponseHeadInTwoPiecesReachesAClientWhoseWindowIsZero() throws Exception {
        withZeroWindow("2s", (c, server) -> {
            send(server, "HTTP/1.1 200 OK\r\n");
            Thread.sleep(300); // a separate read of the proxy (if not, the test passes without testing anything)
            send(server, "Content-Length: 5\r\n\r\nhello");
            assertStatus200(c, "the server's whole head, not a 504 after timeout server");
        });
    }

    /**
     * A body held by the client's window: the server is paused for the client, so the exchange waits up to
     * {@code timeout client} (10 s), not {@code timeout server} (1 s), for the client to open its window.
     */
    @Test
    void aBodyWaitingForTheClientsWindowWaitsOnTimeoutClient() throws Exception {
        withZeroWindow("1s", (c, server) -> {
            send(server, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
            assertStatus200(c, "the head at once");
            Thread.sleep(2_500); // past timeout server, well within timeout client
            c.frame(RawH2Client.WINDOW_UPDATE, 0, 1, new byte[] {0, 0, 0, 100});
            c.flush();
            send(server, "world");
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            while (!ended) {
                RawH2Client.Frame f = c.read();
                assertTrue(f != null, "the connection stays open; got so far: " + body);
                assertTrue(f.type() != RawH2Client.RST_STREAM, "stream reset (timeout server?); got: " + body);
                if (f.type() == RawH2Client.DATA && f.stream() == 1) {
                    body.append(new String(f.payload(), StandardCharsets.US_ASCII));
                    ended = (f.flags() & RawH2Client.END_STREAM) != 0;
                }
            }
            assertEquals("helloworld", body.toString());
        });
    }
}
