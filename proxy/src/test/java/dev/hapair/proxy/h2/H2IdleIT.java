package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle close of an HTTP/2 client connection ({@code timeout client} 1 s here) counts from its last stream
 * frame. Before the fix it was a timer that nothing restarted (Netty's idle handler sat behind the codec, which
 * passes no read or write on): every second, a connection caught between two requests got a GOAWAY, however busy.
 */
class H2IdleIT {
    @TempDir
    Path dir;

    @Test
    void aConnectionBusyWithRequestsGetsNoGoAway() throws Exception {
        int[] ports = NginxServer.freePorts(2);
        Process proxy = H2TestProxy.start(
                dir,
                "1s",
                "2s",
                "127.0.0.1:" + ports[1],
                List.of("bind 127.0.0.1:" + ports[0] + " proto h2", "http-request deny"));
        try (RawH2Client c = new RawH2Client(ports[0])) {
            // 12 requests, one every 250 ms: 3 s, three idle timeouts, never 1 s without a stream frame
            for (int i = 0; i < 12; i++) {
                int stream = 1 + 2 * i;
                c.headers(stream, RawH2Client.get("/"), true);
                c.flush();
                RawH2Client.Frame f;
                do {
                    f = c.read();
                    assertTrue(f != null, "the connection stays open (request " + i + ")");
                    assertNotEquals(RawH2Client.GOAWAY, f.type(), "no GOAWAY while busy (request " + i + ")");
                } while (!(f.type() == RawH2Client.HEADERS && f.stream() == stream));
                assertEquals("403", c.decode(f).status().toString());
                Thread.sleep(250); // the gap between two requests: well under timeout client
            }
        } finally {
            H2TestProxy.stop(proxy);
        }
    }
}
