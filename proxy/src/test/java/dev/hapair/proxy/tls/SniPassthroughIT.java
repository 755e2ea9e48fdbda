package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.runtime.ProxyDaemon;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNI routing of TLS passthrough in {@code mode tcp}: a frontend without any certificate waits for the
 * ClientHello ({@code tcp-request inspect-delay}, {@code req.ssl_hello_type 1}) and picks the backend from
 * {@code req.ssl_sni}, statically and through a map; the TLS servers behind it (two hapair {@code bind ssl}
 * listeners, each with its own certificate) terminate TLS, so curl verifying each name against the test CA
 * proves the bytes went through untouched to the right one.
 */
class SniPassthroughIT {
    @TempDir
    static Path dir;

    static TestCerts certs;
    static TlsClients clients;
    static ProxyDaemon proxy;
    static int sni;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl");
        certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("a", "a.example");
        certs.bundle("b", "b.example");
        int a = NginxServer.freePort();
        int b = NginxServer.freePort();
        sni = NginxServer.freePort();
        Path map = dir.resolve("sni.map");
        Files.writeString(map, "b.example be_b\n");
        String cfg = "defaults\n  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n"
                + "frontend tls_a\n  mode http\n  bind 127.0.0.1:" + a + " ssl crt " + dir.resolve("a.pem") + "\n"
                + "  http-request return status 200 content-type text/plain string backend-a\n"
                + "frontend tls_b\n  mode http\n  bind 127.0.0.1:" + b + " ssl crt " + dir.resolve("b.pem") + "\n"
                + "  http-request return status 200 content-type text/plain string backend-b\n"
                + "frontend sni\n  mode tcp\n  bind 127.0.0.1:" + sni + "\n"
                + "  tcp-request inspect-delay 5s\n"
                + "  tcp-request content reject if { req.ssl_sni -i blocked.example }\n"
                + "  tcp-request content accept if { req.ssl_hello_type 1 }\n"
                + "  use_backend be_a if { req.ssl_sni -i a.example }\n"
                + "  use_backend %[req.ssl_sni,lower,map(" + map + ")]\n"
                + "  default_backend be_a\n"
                + "backend be_a\n  mode tcp\n  server s 127.0.0.1:" + a + "\n"
                + "backend be_b\n  mode tcp\n  server s 127.0.0.1:" + b + "\n";
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
    }

    private static TlsClients.Run curl(String name) throws Exception {
        return clients.curl(name, sni, "/");
    }

    @Test
    void staticSniRuleReachesTheFirstTlsServer() throws Exception {
        assertEquals(new TlsClients.Run(0, "backend-a"), curl("A.Example"));
    }

    @Test
    void sniMapReachesTheSecondTlsServer() throws Exception {
        assertEquals(new TlsClients.Run(0, "backend-b"), curl("b.example"));
    }

    @Test
    void opensslSClientSeesTheCertificateOfTheServerItsNameRoutesTo() throws Exception {
        TlsClients.Run r = clients.sClient(
                sni, "-servername", "b.example", "-CAfile", certs.ca().toString(), "-verify_return_error");
        assertTrue(r.out().contains("CN = b.example") || r.out().contains("CN=b.example"), r.out());
        assertTrue(r.out().contains("Verify return code: 0 (ok)"), r.out());
    }

    @Test
    void aRejectedNameGetsNoHandshake() throws Exception {
        TlsClients.Run r = clients.sClient(sni, "-servername", "blocked.example");
        assertFalse(r.out().contains("New, TLSv1."), r.out());
        assertTrue(proxy.runtime().frontend("sni").counters().deniedRequests() >= 1);
    }
}
