package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.RawHttpClient;
import dev.hapair.proxy.testing.TestHttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server without a port is reached on the port the request was addressed to, {@code set-dst-port} included,
 * also when the client connection's previous request took an idle server connection (its ended server attempt
 * is kept for the next request: the next one's destination port must not be the previous one's).
 */
@Timeout(60)
class SpareAttemptDestinationIT {
    @TempDir
    Path dir;

    @Test
    void aServerWithoutPortIsReachedOnTheRequestsDestinationPortAfterAnIdleConnectionWasTaken() throws Exception {
        try (TestHttpBackend one = new TestHttpBackend("one");
                TestHttpBackend two = new TestHttpBackend("two")) {
            int fe = NginxServer.freePort();
            String cfg = "defaults\n  mode http\n  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
                    + "frontend fe\n  bind 127.0.0.1:" + fe + "\n"
                    // a request that came back to this frontend (sent to its port) is refused
                    + "  http-request deny if { req.hdr(x-looped) -m found }\n"
                    + "  http-request set-dst-port int(" + two.port() + ") if { path_beg /two }\n"
                    + "  use_backend be_two if { path_beg /two }\n"
                    + "  default_backend be_one\n"
                    + "backend be_one\n  server s 127.0.0.1:" + one.port() + "\n"
                    + "backend be_two\n  http-request set-header x-looped 1\n  server s 127.0.0.1\n";
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, cfg);
            ProxyDaemon proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
            try (RawHttpClient c = new RawHttpClient(proxy.server().port("fe"))) {
                assertEquals("one\n", c.get("/one").bodyText()); // a new server connection
                assertEquals("one\n", c.get("/one").bodyText()); // the same one, idle in between: taken at once
                RawHttpClient.Response r = c.get("/two");
                assertEquals(200, r.status(), "set-dst-port's port, not the previous request's: " + r.statusLine());
                assertEquals("two\n", r.bodyText());
                assertEquals(1, two.requests.get());
            } finally {
                proxy.stop(java.time.Duration.ZERO);
            }
        }
    }
}
