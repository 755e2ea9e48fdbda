package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real hapair-proxy whose RSA handshake signatures are made by the system's OpenSSL 3 ({@link LibcryptoSigner}),
 * against {@code openssl s_client} and {@code curl}: TLS 1.3 (RSA-PSS), TLS 1.2 (PKCS#1 and PSS, and the RSA key
 * exchange), an ECDSA certificate (BoringSSL signs), what the start-up log and {@code show info} say, and a
 * certificate replaced with a new key over the runtime API: the client verifies each signature against the
 * certificate it received, so a handshake signed with the old key after the commit would fail.
 */
class LibcryptoSignerIT {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static TlsClients clients;
    static TestHttpBackend backend;
    static Process proxy;
    static int rsaPort;
    static int ecPort;
    static Path sock;
    static Path log;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "socat");
        certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("r", "rsa.site", "site.test");
        certs.bundle("r2", "rsa2.site", "site.test");
        certs.ecBundle("e", "ecdsa.site", "site.test");
        backend = new TestHttpBackend("web");
        rsaPort = TlsClients.freePort();
        ecPort = TlsClients.freePort();
        sock = dir.resolve("admin.sock");
        log = dir.resolve("out.log");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    stats socket " + sock + " level admin",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend rsa",
                        "    bind 127.0.0.1:" + rsaPort + " ssl crt r.pem alpn http/1.1",
                        "    default_backend bk",
                        "frontend ec",
                        "    bind 127.0.0.1:" + ecPort + " ssl crt e.pem alpn http/1.1",
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        ""));
        proxy = clients.checkAndStart(cfg, log);
    }

    @AfterAll
    static void stop() throws Exception {
        TlsClients.stop(proxy, backend);
    }

    /** The CN s_client got and the signature scheme it saw ("" when the handshake failed). */
    private static String handshake(int port, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("-servername", "site.test", "-CAfile", certs.ca().toString()));
        cmd.addAll(List.of(options));
        TlsClients.Run r = clients.sClient(port, cmd.toArray(String[]::new));
        if (!TlsClients.handshaked(r)) return "";
        String cn = null;
        String type = null;
        String digest = null;
        for (String line : r.out().split("\n")) {
            if (line.startsWith("subject="))
                cn = line.substring(line.indexOf("CN = ") + 5).strip();
            // "Peer signature type: RSA-PSS" and "Peer signing digest: SHA256" (OpenSSL 3.0)
            if (line.startsWith("Peer signature type: "))
                type = line.substring(21).strip();
            if (line.startsWith("Peer signing digest: "))
                digest = line.substring(21).strip();
        }
        assertTrue(r.out().contains("Verify return code: 0 (ok)"), r.out());
        return cn + " " + type + "+" + digest;
    }

    @Test
    void theStartUpLogAndShowInfoNameTheSigner() throws Exception {
        String out = Files.readString(log);
        assertTrue(out.contains("TLS by the OpenSSL provider (BoringSSL); RSA signatures by OpenSSL 3."), out);
        String info = clients.cli(sock, "show info\n");
        assertTrue(info.contains("\nTls_provider: OpenSSL provider (BoringSSL); RSA signatures by OpenSSL 3."), info);
    }

    @Test
    void rsaHandshakesInEveryScheme() throws Exception {
        assertEquals("rsa.site RSA-PSS+SHA256", handshake(rsaPort, "-tls1_3"));
        assertEquals("rsa.site RSA-PSS+SHA384", handshake(rsaPort, "-tls1_3", "-sigalgs", "RSA-PSS+SHA384"));
        assertEquals("rsa.site RSA+SHA256", handshake(rsaPort, "-tls1_2", "-sigalgs", "RSA+SHA256"));
        assertEquals("rsa.site RSA+SHA512", handshake(rsaPort, "-tls1_2", "-sigalgs", "RSA+SHA512"));
        assertEquals("rsa.site RSA-PSS+SHA512", handshake(rsaPort, "-tls1_2", "-sigalgs", "RSA-PSS+SHA512"));
        // the RSA key exchange: no signature, libcrypto decrypts the premaster secret
        assertTrue(handshake(rsaPort, "-tls1_2", "-cipher", "AES128-GCM-SHA256").startsWith("rsa.site "));
        TlsClients.Run curl = clients.curl("site.test", rsaPort, "/");
        assertEquals(0, curl.exit(), curl.out());
        assertTrue(curl.out().contains("web"), curl.out());
    }

    @Test
    void ecdsaHandshakesStayWithBoringSsl() throws Exception {
        assertEquals("ecdsa.site ECDSA+SHA256", handshake(ecPort, "-tls1_3"));
        assertEquals("ecdsa.site ECDSA+SHA384", handshake(ecPort, "-tls1_2", "-sigalgs", "ECDSA+SHA384"));
        TlsClients.Run curl = clients.curl("site.test", ecPort, "/");
        assertEquals(0, curl.exit(), curl.out());
    }

    @Test
    void aCommittedCertificateSignsWithItsNewKey() throws Exception {
        String file = dir.resolve("r.pem").toString();
        String before = handshake(rsaPort, "-tls1_3");
        String next = before.startsWith("rsa.site") ? "r2" : "r";
        String expected = next.equals("r2") ? "rsa2.site" : "rsa.site";
        assertEquals(
                "Transaction created for certificate " + file + "!\n\n",
                clients.cli(
                        sock, "set ssl cert " + file + " <<\n" + Files.readString(dir.resolve(next + ".pem")) + "\n"));
        String commit = clients.cli(sock, "commit ssl cert " + file + "\n");
        assertTrue(commit.startsWith("Committing " + file) && commit.endsWith("\nSuccess!\n\n"), commit);
        // new key, new signatures: s_client checks them against the new certificate's public key
        assertEquals(expected + " RSA-PSS+SHA256", handshake(rsaPort, "-tls1_3"));
        assertEquals(expected + " RSA+SHA256", handshake(rsaPort, "-tls1_2", "-sigalgs", "RSA+SHA256"));
    }

    /**
     * The fallback forced: a proxy whose JNA cannot load its native part (so libcrypto cannot be bound, as on a
     * host without libssl3 or JNA) still serves an RSA certificate, BoringSSL signing, and says so. Started with
     * SIGINT ignored and no TLS, the daemon's SignalDispositions uses JNA (and fails) first; the TLS bind comes
     * with a reload, so libcrypto's binding meets the NoClassDefFoundError of a JNA that already failed.
     */
    @Test
    void withoutLibcryptoBoringSslSigns() throws Exception {
        int plain = TlsClients.freePort();
        int port = TlsClients.freePort();
        Path admin = dir.resolve("nolib.sock");
        List<String> common = List.of(
                "global",
                "    crt-base " + dir,
                "    stats socket " + admin + " level admin",
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend plain",
                "    bind 127.0.0.1:" + plain,
                "    default_backend bk",
                "backend bk",
                "    server s1 127.0.0.1:" + backend.port(),
                "");
        Path cfg = Files.writeString(dir.resolve("nolib.cfg"), String.join("\n", common));
        // JNA finds no libjnidispatch: neither unpacked from its jar nor looked for on the system
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Djna.nounpack=true -Djna.nosys=true");
        List<String> intIgnored = List.of("bash", "-c", "trap '' INT; exec \"$@\"", "bash");
        try (ProxyProcess p =
                ProxyProcess.start(dir.resolve("nolib.log"), env, intIgnored, "-db", "-f", cfg.toString())) {
            p.awaitLog(" started ", 60);
            List<String> withTls = new ArrayList<>(common);
            withTls.addAll(List.of(
                    "frontend rsa",
                    "    bind 127.0.0.1:" + port + " ssl crt r2.pem alpn http/1.1",
                    "    default_backend bk",
                    ""));
            Files.writeString(cfg, String.join("\n", withTls));
            p.signal(1); // SIGHUP: reload
            p.awaitLog(" reloaded ", 60);
            String info = clients.cli(admin, "show info\n");
            assertTrue(
                    info.contains(
                            "\nTls_provider: OpenSSL provider (BoringSSL); signatures by BoringSSL (libcrypto.so.3 "
                                    + "cannot be loaded: "),
                    info);
            assertEquals("rsa2.site RSA-PSS+SHA256", handshake(port, "-tls1_3"));
            assertEquals("rsa2.site RSA+SHA256", handshake(port, "-tls1_2", "-sigalgs", "RSA+SHA256"));
            assertTrue(
                    handshake(port, "-tls1_2", "-cipher", "AES128-GCM-SHA256").startsWith("rsa2.site "));
        }
    }
}
