package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server answers completely before the client has sent its request body (RFC 9113 8.1): the response reaches
 * the client whole, and the client is then asked to stop sending "without error" — RST_STREAM with NO_ERROR,
 * not CANCEL, which would tell it that its exchange failed.
 */
class H2EarlyResponseIT {
    @TempDir
    Path dir;

    @Test
    void aCompleteAnswerBeforeTheRequestBodyStopsTheClientWithoutError() throws Exception {
        int[] ports = NginxServer.freePorts(1);
        try (ServerSocket server = H2TestProxy.server()) {
            Process proxy = H2TestProxy.start(
                    dir, "5s", "127.0.0.1:" + server.getLocalPort(), "127.0.0.1:" + ports[0] + " proto h2");
            try (RawH2Client c = new RawH2Client(ports[0])) {
                c.headers(
                        1,
                        new DefaultHttp2Headers()
                                .method("POST")
                                .scheme("http")
                                .path("/upload")
                                .authority("x")
                                .add("content-length", "100000"),
                        false); // the body never comes
                c.flush();
                try (Socket s = server.accept()) {
                    s.setSoTimeout(10_000);
                    String head = H2TestProxy.readHead(s.getInputStream());
                    assertTrue(head.startsWith("POST /upload "), head);
                    s.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                                    .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    RawH2Client.Frame answer = c.await(RawH2Client.HEADERS);
                    assertNotNull(answer);
                    assertEquals("200", c.decode(answer).status().toString());
                    StringBuilder body = new StringBuilder();
                    boolean ended = false;
                    RawH2Client.Frame f;
                    while ((f = c.read()) != null && f.type() != RawH2Client.RST_STREAM) {
                        if (f.type() == RawH2Client.DATA && f.stream() == 1) {
                            body.append(new String(f.payload(), StandardCharsets.US_ASCII));
                            ended |= (f.flags() & RawH2Client.END_STREAM) != 0;
                        }
                    }
                    assertEquals("hello", body.toString());
                    assertTrue(ended, "the response ended with END_STREAM");
                    assertNotNull(f, "the client, still sending, is told to stop");
                    assertEquals(1, f.stream());
                    assertEquals(0L, f.errorCode(), "RST_STREAM NO_ERROR (RFC 9113 8.1), not CANCEL (8)");
                }
            } finally {
                H2TestProxy.stop(proxy);
            }
        }
    }
}
