package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA files and CRL files changed while hapair-proxy runs ({@code set/commit/abort/new/del ssl ca-file|crl-file}),
 * seen by real handshakes: a client certificate of a second CA is refused by {@code openssl s_client} until the
 * bind's CA file is committed with that CA, and not before the commit; a server whose certificate a committed
 * CRL revokes is no longer used (curl gets 503 through the proxy); a CA file in use cannot be deleted.
 */
class CaFileRuntimeIT {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static TestCerts other;
    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static int tlsPort;
    static int clearPort;
    static Path sock;
    static String caFile;
    static String crlFile;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "socat");
        certs = new TestCerts(dir);
        Path otherDir = Files.createDirectories(dir.resolve("other"));
        other = new TestCerts(otherDir); // a second CA, unknown to the bind at start
        clients = new TlsClients(dir, certs);
        certs.bundle("srv", "srv.test", "srv.test");
        certs.bundle("c1", "client one");
        other.bundle("c2", "client two");
        Files.copy(otherDir.resolve("c2.pem"), dir.resolve("c2.pem"));
        Files.copy(otherDir.resolve("c2.crt"), dir.resolve("c2.crt"));
        Files.copy(otherDir.resolve("c2.key"), dir.resolve("c2.key"));
        Files.copy(otherDir.resolve("ca.pem"), dir.resolve("ca2.pem"));
        Files.copy(certs.ca(), dir.resolve("bind-ca.pem"));
        Files.copy(certs.ca(), dir.resolve("server-ca.pem"));
        Files.copy(certs.crl(), dir.resolve("server-crl.pem")); // revokes nothing yet
        caFile = dir.resolve("bind-ca.pem").toString();
        crlFile = dir.resolve("server-crl.pem").toString();
        backend = new TestHttpBackend("web");
        tlsPort = TlsClients.freePort();
        clearPort = TlsClients.freePort();
        sock = dir.resolve("admin.sock");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    stats socket " + sock + " level admin",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend tls",
                        "    bind 127.0.0.1:" + tlsPort + " ssl crt " + dir.resolve("srv.pem") + " ca-file " + caFile
                                + " verify required",
                        "    http-response set-header X-Verify %[ssl_c_verify]",
                        "    default_backend web",
                        "backend web",
                        "    server w 127.0.0.1:" + backend.port(),
                        "listen clear",
                        "    bind 127.0.0.1:" + clearPort,
                        "    server s 127.0.0.1:" + tlsPort + " ssl verify required ca-file "
                                + dir.resolve("server-ca.pem") + " crl-file " + crlFile + " crt "
                                + dir.resolve("c1.pem") + " sni str(srv.test)",
                        ""));
        proxy = clients.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy, backend);
    }

    private static String cli(String input) throws Exception {
        return clients.cli(sock, input);
    }

    /** A full request with client certificate {@code name} ({@code NAME.crt}, {@code NAME.key}) on the TLS bind. */
    private static TlsClients.Run withClientCert(String name) throws Exception {
        return clients.curl(
                "srv.test",
                tlsPort,
                "/",
                "-i",
                "--cert",
                dir.resolve(name + ".crt").toString(),
                "--key",
                dir.resolve(name + ".key").toString());
    }

    @Test
    void committedCaFileVerifiesNewClientsAndNotBeforeTheCommit() throws Exception {
        assertTrue(withClientCert("c1").out().contains("x-verify: 0"), "CA 1's client is accepted");
        assertFalse(withClientCert("c2").out().contains("200"), "CA 2's client is refused at start");
        String both = Files.readString(certs.ca()) + Files.readString(dir.resolve("ca2.pem"));
        assertEquals(
                "transaction created for CA " + caFile + "!\n\n",
                cli("set ssl ca-file " + caFile + " <<\n" + both + "\n"));
        assertTrue(cli("show ssl ca-file\n").startsWith("# transaction\n*" + caFile + " - 2 certificate(s)\n"));
        assertFalse(withClientCert("c2").out().contains("200"), "not before the commit");
        assertEquals("Committing " + caFile + ".\nSuccess!\n\n", cli("commit ssl ca-file " + caFile + "\n"));
        TlsClients.Run r = withClientCert("c2");
        assertTrue(r.out().contains("200") && r.out().contains("x-verify: 0"), r.out());
        TlsClients.Run s = clients.sClient(
                tlsPort,
                "-cert",
                "c2.crt",
                "-key",
                "c2.key",
                "-CAfile",
                certs.ca().toString());
        assertTrue(TlsClients.handshaked(s), s.out());
        assertTrue(cli("show ssl ca-file " + caFile + "\n").startsWith("Filename: " + caFile + "\nStatus: Used\n"));
        assertEquals(
                "Can't remove the CA file: CA file '" + caFile + "' in use, can't be deleted!\n\n\n",
                cli("del ssl ca-file " + caFile + "\n"));
    }

    @Test
    void committedCrlRevokesTheServerForNewConnections() throws Exception {
        TlsClients.Run ok = clients.run("", "curl", "-sS", "-i", "--max-time", "10", "http://127.0.0.1:" + clearPort);
        assertTrue(ok.out().startsWith("HTTP/1.1 200"), ok.out());
        String revoking = Files.readString(certs.crl("srv"));
        assertEquals(
                "transaction created for CRL " + crlFile + "!\n\n",
                cli("set ssl crl-file " + crlFile + " <<\n" + revoking + "\n"));
        String tx = cli("show ssl crl-file *" + crlFile + "\n");
        assertTrue(tx.contains("Revoked Certificates:\n    Serial Number: "), tx);
        assertEquals("Committing " + crlFile + ".\nSuccess!\n\n", cli("commit ssl crl-file " + crlFile + "\n"));
        TlsClients.Run refused =
                clients.run("", "curl", "-sS", "-i", "--max-time", "10", "http://127.0.0.1:" + clearPort);
        assertTrue(refused.out().startsWith("HTTP/1.1 503"), refused.out());
    }

    @Test
    void newAndDelOfAnUnusedFile() throws Exception {
        String name = "spare.pem";
        assertEquals("New CA file created '" + name + "'!\n\n", cli("new ssl ca-file " + name + "\n"));
        assertTrue(cli("show ssl ca-file\n").contains("\n" + name + " - 0 certificate(s)\n"));
        assertEquals("Filename: spare.pem\nStatus: Empty\n\n", cli("show ssl ca-file " + name + "\n"));
        assertEquals("CA file '" + name + "' deleted!\n\n", cli("del ssl ca-file " + name + "\n"));
        assertFalse(cli("show ssl ca-file\n").contains(name));
    }
}
