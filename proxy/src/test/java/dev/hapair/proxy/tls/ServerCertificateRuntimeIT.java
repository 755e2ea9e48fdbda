package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates of servers ({@code server ... ssl crt FILE}) as entries of the certificate store, as in
 * HAProxy 2.6: a real TLS handshake from hapair's server side to an ssl bind of the same process that asks for
 * a client certificate and returns its SHA-1 ({@code ssl_c_sha1}); {@code set/commit ssl cert} changes the
 * certificate of the next server connection (an idle pooled connection made with the old one is not reused);
 * {@code del server} makes the file unused, {@code add server ... ssl crt FILE} uses the committed
 * certificate, and one the store does not hold is refused. Also {@code ssl-load-extra-del-ext}: a bind's
 * {@code k.crt} with its key in {@code k.key}, replaced by {@code set ssl cert k.crt} then {@code k.key}.
 */
class ServerCertificateRuntimeIT {

    @TempDir
    static Path dir;

    static TlsClients clients;
    static TestCerts certs;
    static TestHttpBackend backend;
    static Process proxy;
    static int plainPort;
    static int tlsPort;
    static int keyPort;
    static Path sock;
    static String c1;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "socat");
        certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("srv", "srv.test", "srv.test");
        certs.bundle("c1", "client one");
        certs.bundle("c2", "client two");
        certs.leaf("k", "k.test", "k.test");
        certs.leaf("k2", "k.test", "k.test");
        c1 = dir.resolve("c1.pem").toString();
        backend = new TestHttpBackend("web");
        plainPort = TlsClients.freePort();
        tlsPort = TlsClients.freePort();
        keyPort = TlsClients.freePort();
        sock = dir.resolve("admin.sock");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    stats socket " + sock + " level admin",
                        "    ssl-load-extra-del-ext",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend f",
                        "    bind 127.0.0.1:" + plainPort,
                        "    bind 127.0.0.1:" + keyPort + " ssl crt " + dir.resolve("k.crt"),
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + tlsPort + " ssl verify none crt " + c1,
                        "listen tls",
                        "    bind 127.0.0.1:" + tlsPort + " ssl crt " + dir.resolve("srv.pem") + " ca-file "
                                + certs.ca() + " verify required",
                        "    http-response set-header x-client-sha1 %[ssl_c_sha1,hex]",
                        "    server web 127.0.0.1:" + backend.port(),
                        ""));
        TlsClients.Run check = clients.check(cfg);
        assertEquals(0, check.exit(), check.out());
        proxy = TlsClients.start(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy);
        if (backend != null) {
            backend.close();
        }
    }

    private static String cli(String input) throws Exception {
        return clients.run(input, "socat", "-t", "30", "-", "UNIX-CONNECT:" + sock)
                .out();
    }

    private static String sha1(String name) throws Exception {
        String out = certs.openssl("x509", "-in", name + ".crt", "-noout", "-fingerprint", "-sha1")
                .strip();
        return out.substring(out.indexOf('=') + 1).replace(":", "").toUpperCase(Locale.ROOT);
    }

    /** The SHA-1 of the client certificate the TLS listener saw for one request through the plain port. */
    private static String sentCertificate() throws Exception {
        TlsClients.Run r = clients.run(
                "", "curl", "-sS", "--max-time", "10", "-D", "-", "-o", "/dev/null", "http://127.0.0.1:" + plainPort);
        for (String line : r.out().split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-client-sha1:")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "(no header) " + r.out();
    }

    @Test
    void serverCertificatesAreStoreEntriesSwappedByCommitAndFollowAddAndDelServer() throws Exception {
        assertEquals(sha1("c1"), sentCertificate());
        String shown = cli("show ssl cert " + c1 + "\n");
        assertTrue(shown.contains("Status: Used"), shown);
        assertTrue(shown.contains("SHA1 FingerPrint: " + sha1("c1")), shown);
        assertTrue(cli("show ssl cert\n").contains(c1 + "\n"));

        // commit: the next server connection sends the new certificate (the pooled one is not reused)
        assertEquals(
                "Transaction created for certificate " + c1 + "!\n\n",
                cli("set ssl cert " + c1 + " <<\n" + Files.readString(dir.resolve("c2.pem")) + "\n"));
        assertEquals("Committing " + c1 + ".\nSuccess!\n\n", cli("commit ssl cert " + c1 + "\n"));
        assertEquals(sha1("c2"), sentCertificate());
        assertEquals(sha1("c2"), sentCertificate());

        // a mismatched pair is refused at commit and changes nothing
        cli("set ssl cert " + c1 + " <<\n" + Files.readString(dir.resolve("c1.crt"))
                + Files.readString(dir.resolve("c2.key")) + "\n");
        assertTrue(cli("commit ssl cert " + c1 + "\n").contains("Can't commit"));
        assertEquals("Transaction aborted for certificate '" + c1 + "'!\n\n", cli("abort ssl cert " + c1 + "\n"));
        assertEquals(sha1("c2"), sentCertificate());

        // del server: the file is no longer used; add server uses the store's (committed) certificate
        cli("disable server bk/s1\n");
        assertEquals("Server deleted.\n\n", cli("del server bk/s1\n"));
        assertTrue(cli("show ssl cert " + c1 + "\n").contains("Status: Unused"));
        assertEquals(
                "New server registered.\n\n",
                cli("add server bk/s1 127.0.0.1:" + tlsPort + " ssl verify none crt " + c1 + "\n"));
        cli("enable server bk/s1\n");
        assertTrue(cli("show ssl cert " + c1 + "\n").contains("Status: Used"));
        assertEquals(sha1("c2"), sentCertificate());

        // the runtime API reads no certificate file: one outside the store is refused
        String refused =
                cli("add server bk/s2 127.0.0.1:" + tlsPort + " ssl verify none crt " + dir.resolve("c2.pem") + "\n");
        assertTrue(refused.contains("not in the certificate store"), refused);
    }

    private static String serial(String name) throws Exception {
        String out =
                certs.openssl("x509", "-in", name + ".crt", "-noout", "-serial").strip();
        return out.substring(out.indexOf('=') + 1).toUpperCase(Locale.ROOT);
    }

    private static String served(int port) throws Exception {
        TlsClients.Run r = clients.run(
                "",
                "sh",
                "-c",
                "openssl s_client -connect 127.0.0.1:" + port
                        + " -servername k.test </dev/null 2>/dev/null | openssl x509 -noout -serial");
        return r.out().strip().replace("serial=", "").toUpperCase(Locale.ROOT);
    }

    @Test
    void aCrtFileWithItsKeyBesideItIsReplacedCertificateThenKey() throws Exception {
        String crt = dir.resolve("k.crt").toString();
        assertEquals(serial("k"), served(keyPort));
        assertEquals(
                "Transaction created for certificate " + crt + "!\n\n",
                cli("set ssl cert " + crt + " <<\n" + Files.readString(dir.resolve("k2.crt")) + "\n"));
        assertEquals(
                "Transaction updated for certificate " + crt + "!\n\n",
                cli("set ssl cert " + dir.resolve("k.key") + " <<\n" + Files.readString(dir.resolve("k2.key")) + "\n"));
        assertEquals("Committing " + crt + ".\nSuccess!\n\n", cli("commit ssl cert " + crt + "\n"));
        assertEquals(serial("k2"), served(keyPort));
    }
}
