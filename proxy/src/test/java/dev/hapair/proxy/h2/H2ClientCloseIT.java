package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 client that sends a complete request and closes its connection at once (as reg-test
 * h2_desync_attacks' c6 does): without {@code option abortonclose} the request still reaches the server, as
 * with HAProxy. The request is made to wait in the server's queue ({@code maxconn 1}, the slot held by an
 * HTTP/1 request) so the client's close is surely seen before the request can leave: before the fix the
 * stream was aborted with its connection and the server never saw it.
 */
class H2ClientCloseIT {
    @TempDir
    Path dir;

    @Test
    void aCompleteRequestStillReachesTheServerAfterTheClientClosed() throws Exception {
        int[] ports = NginxServer.freePorts(2);
        try (ServerSocket server = H2TestProxy.server()) {
            Path log = dir.resolve("out.log");
            Process proxy = H2TestProxy.start(
                    dir,
                    "10s",
                    "127.0.0.1:" + server.getLocalPort() + " maxconn 1",
                    "127.0.0.1:" + ports[0],
                    "127.0.0.1:" + ports[1] + " proto h2");
            RawH2Client closed = null;
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
                first.setSoTimeout(10_000);
                first.getOutputStream()
                        .write("GET /first HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (Socket held = server.accept()) {
                    held.setSoTimeout(10_000);
                    assertTrue(H2TestProxy.readHead(held.getInputStream()).startsWith("GET /first "));

                    RawH2Client c = new RawH2Client(ports[1]);
                    c.headers(1, RawH2Client.get("/second"), true);
                    // the client's close, as a FIN (a close() with unread frames would be a reset); the request
                    // waits in s1's queue
                    c.shutdownOutput();
                    closed = c;
                    Thread.sleep(500); // the proxy reads the FIN well within this; the request is still queued

                    OutputStream o = held.getOutputStream();
                    o.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    o.flush();
                }
                String status = H2TestProxy.readHead(first.getInputStream());
                assertTrue(status.startsWith("HTTP/1.1 200"), status);

                String second;
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    second = H2TestProxy.readHead(s.getInputStream());
                    s.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (SocketTimeoutException e) {
                    second = "nothing within 10 s";
                }
                assertTrue(
                        second.startsWith("GET /second "),
                        "the queued request of the closed HTTP/2 client reaches the server; got: " + second);
                // the client, which only closed its sending side, still gets the answer; then the connection
                // closes, its last stream ended
                RawH2Client.Frame answer = closed.await(RawH2Client.HEADERS);
                assertTrue(answer != null && answer.stream() == 1, "the response HEADERS of stream 1");
                assertEquals("200", closed.decode(answer).status().toString());
                assertTrue(closed.closedByServer(), "the connection closes after its last stream");
            } finally {
                if (closed != null) closed.close();
                H2TestProxy.stop(proxy);
            }
            assertEquals(0, countLines(log, "Exception"), Files.readString(log));
        }
    }

    /** The head of an HTTP/1 message (up to the empty line), as text. */
    private static long countLines(Path log, String word) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(word)).count();
    }
}
