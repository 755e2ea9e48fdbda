package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.io.InputStream;
import java.net.InetAddress;
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
 * 504 and the log blamed the server (sH) that had answered at once.
 */
class H2ZeroWindowIT {
    @TempDir
    Path dir;

    @Test
    void theResponseHeadReachesAClientWhoseWindowIsZero() throws Exception {
        int[] ports = NginxServer.freePorts(1);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            Process proxy = H2TestProxy.start(
                    dir, "2s", "127.0.0.1:" + server.getLocalPort(), "127.0.0.1:" + ports[0] + " proto h2");
            try (RawH2Client c = new RawH2Client(ports[0])) {
                c.frame(RawH2Client.SETTINGS, 0, 0, new byte[] {0, 4, 0, 0, 0, 0}); // INITIAL_WINDOW_SIZE 0
                c.headers(
                        1,
                        new DefaultHttp2Headers()
                                .method("GET")
                                .scheme("http")
                                .path("/")
                                .authority("x"),
                        true);
                c.flush();
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    byte[] head = new byte[4];
                    int got = 0;
                    while (got < 4 && in.read(head, got, 1) == 1) got++;
                    assertEquals("GET ", new String(head, StandardCharsets.US_ASCII));
                    s.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                                    .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    RawH2Client.Frame answer = c.await(RawH2Client.HEADERS);
                    assertTrue(answer != null && answer.stream() == 1, "the response HEADERS of stream 1");
                    assertEquals(
                            "200",
                            c.decode(answer).status().toString(),
                            "the server's answer, not a 504 after timeout server");
                }
            } finally {
                H2TestProxy.stop(proxy);
            }
        }
    }
}
