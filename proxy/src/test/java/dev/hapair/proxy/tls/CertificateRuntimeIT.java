package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates changed while hapair-proxy runs: the runtime API's {@code ssl cert} / {@code ssl crt-list}
 * commands with HAProxy 2.6's transactions and outputs (checked against haproxy 2.6.12's), a failed commit
 * that changes nothing, a connection opened before a commit keeping its certificate, {@code set/commit} under
 * h2load load without a failed request, the {@code hapair-ssl-watch} picking up a renewed certificate and key
 * written as two files, and the expiry gauge on {@code /metrics}.
 */
class CertificateRuntimeIT {

    @TempDir
    static Path dir;

    static TlsClients clients;
    static TestCerts certs;
    static TestHttpBackend backend;
    static Process proxy;
    static int listPort;
    static int crtPort;
    static int watchPort;
    static int statsPort;
    static Path sock;
    static String a;
    static String list;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl", "curl", "socat", "h2load");
        certs = new TestCerts(dir);
        clients = new TlsClients(dir, certs);
        certs.bundle("a", "a.test", "a.test");
        certs.bundle("a2", "a.test", "a.test");
        certs.bundle("n", "n.test", "n.test");
        certs.leaf("w", "w.test", "w.test");
        certs.leaf("w2", "w.test", "w.test");
        Files.copy(dir.resolve("w.crt"), dir.resolve("w.pem"));
        Files.copy(dir.resolve("w.key"), dir.resolve("w.pem.key"));
        a = dir.resolve("a.pem").toString();
        list = dir.resolve("list.txt").toString();
        // a comment and a blank line: HAProxy numbers entries by their line in the file (show ssl crt-list -n,
        // del ssl crt-list <list> <cert>:<line>), an added one after the file's last line
        Files.writeString(dir.resolve("list.txt"), "# certificates\n\na.pem\n# end\n");
        backend = new TestHttpBackend("web");
        listPort = TlsClients.freePort();
        crtPort = TlsClients.freePort();
        watchPort = TlsClients.freePort();
        statsPort = TlsClients.freePort();
        sock = dir.resolve("admin.sock");
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "    stats socket " + sock + " level admin",
                        "    hapair-ssl-watch 1s",
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "frontend f",
                        "    bind 127.0.0.1:" + listPort + " ssl crt-list " + list,
                        "    bind 127.0.0.1:" + crtPort + " ssl crt a.pem",
                        "    bind 127.0.0.1:" + watchPort + " ssl crt w.pem",
                        "    default_backend bk",
                        "backend bk",
                        "    server s1 127.0.0.1:" + backend.port(),
                        "listen stats",
                        "    bind 127.0.0.1:" + statsPort,
                        "    stats enable",
                        "    stats uri /",
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

    private static String serial(String name) throws Exception {
        String out =
                certs.openssl("x509", "-in", name + ".crt", "-noout", "-serial").strip();
        return out.substring(out.indexOf('=') + 1).toUpperCase();
    }

    /** The serial of the certificate a new handshake on {@code port} gets for {@code sni}. */
    private static String served(int port, String sni) throws Exception {
        TlsClients.Run r = clients.run(
                "",
                "sh",
                "-c",
                "openssl s_client -connect 127.0.0.1:" + port + " -servername " + sni
                        + " </dev/null 2>/dev/null | openssl x509 -noout -serial");
        return r.out().strip().replace("serial=", "").toUpperCase();
    }

    private static String payload(String... files) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            sb.append(Files.readString(dir.resolve(f)).strip()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void showInfoNamesTheTlsProvider() throws Exception {
        String info = cli("show info\n");
        assertTrue(info.contains("\nTls_provider: OpenSSL provider (BoringSSL); "), info);
    }

    @Test
    void showSslCertAndCrtListAsHaproxy() throws Exception {
        String all = cli("show ssl cert\n");
        assertTrue(all.startsWith("# filename\n" + a + "\n"), all);
        assertTrue(all.contains(dir.resolve("w.pem") + "\n"), all);
        String one = cli("show ssl cert " + dir.resolve("w.pem") + "\n");
        List<String> lines = one.lines().toList();
        assertEquals("Filename: " + dir.resolve("w.pem"), lines.get(0));
        assertEquals("Status: Used", lines.get(1));
        assertTrue(
                lines.get(2).equals("Serial: " + serial("w")) || lines.get(2).equals("Serial: " + serial("w2")),
                "the watch test may have renewed it: " + one);
        assertTrue(lines.get(3).matches("notBefore: [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} GMT"), one);
        assertEquals("Subject Alternative Name: DNS:w.test", lines.get(5));
        assertEquals("Algorithm: RSA2048", lines.get(6));
        assertTrue(lines.get(7).matches("SHA1 FingerPrint: [0-9A-F]{40}"), one);
        assertEquals("Subject: /CN=w.test", lines.get(8));
        assertEquals("Issuer: /CN=hapair test CA", lines.get(9));
        assertEquals("OCSP Response Key: ", lines.get(10));
        assertEquals(list + "\n\n", cli("show ssl crt-list\n"));
        assertEquals("# " + list + "\n" + a + ":3\n\n", cli("show ssl crt-list -n " + list + "\n"));
        assertEquals(
                "Can't display the certificate: Not found or the certificate is a bundle!\n\n",
                cli("show ssl cert nothere\n"));
    }

    @Test
    void setAndCommitSwapsForNewHandshakesOnlyAndAFailedCommitChangesNothing() throws Exception {
        String before = served(crtPort, "a.test");
        assertTrue(before.equals(serial("a")) || before.equals(serial("a2")), before);
        String next = before.equals(serial("a")) ? "a2" : "a";
        // a connection handshaked before the commit
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new TrustAll()}, null);
        try (SSLSocket live = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", crtPort)) {
            live.startHandshake();
            String liveSerial = ((X509Certificate) live.getSession().getPeerCertificates()[0])
                    .getSerialNumber()
                    .toString(16)
                    .toUpperCase();
            // a mismatched pair: refused at commit, nothing changes
            assertEquals(
                    "Transaction created for certificate " + a + "!\n\n",
                    cli("set ssl cert " + a + " <<\n" + payload(next + ".crt", "n.key") + "\n"));
            assertEquals(
                    "# transaction\n*" + a + "\n# filename\n",
                    cli("show ssl cert\n").substring(0, ("# transaction\n*" + a + "\n# filename\n").length()));
            assertEquals(
                    "inconsistencies between private key and certificate loaded '" + a + "'.\nCan't commit " + a
                            + "!\n\n",
                    cli("commit ssl cert " + a + "\n"));
            assertEquals(before, served(crtPort, "a.test"), "a failed commit changes nothing");
            assertEquals("Transaction aborted for certificate '" + a + "'!\n\n", cli("abort ssl cert " + a + "\n"));
            assertEquals("No ongoing transaction!\n\n", cli("abort ssl cert " + a + "\n"));
            // the real one
            assertEquals(
                    "Transaction created for certificate " + a + "!\n\n",
                    cli("set ssl cert " + a + " <<\n" + payload(next + ".pem") + "\n"));
            assertEquals("Committing " + a + "..\nSuccess!\n\n", cli("commit ssl cert " + a + "\n"));
            assertEquals(serial(next), served(crtPort, "a.test"));
            assertEquals(serial(next), served(listPort, "a.test"), "every bind using the file");
            // the old connection still works, with the certificate it was handshaked with
            OutputStream out = live.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = live.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertEquals(before.replaceFirst("^0+", ""), liveSerial.replaceFirst("^0+", ""));
        }
        assertEquals("No ongoing transaction! !\nCan't commit " + a + "!\n\n", cli("commit ssl cert " + a + "\n"));
    }

    @Test
    void newCertAddedToACrtListAndDeletedAgain() throws Exception {
        String n = dir.resolve("n.pem").toString();
        assertEquals("New empty certificate store '" + n + "'!\n\n", cli("new ssl cert " + n + "\n"));
        assertEquals("Certificate '" + n + "' already exists!\n\n", cli("new ssl cert " + n + "\n"));
        assertEquals(
                "Can't edit the crt-list: certificate '" + n + "' is empty!\n\n",
                cli("add ssl crt-list " + list + " " + n + "\n"));
        assertEquals(
                "Transaction created for certificate " + n + "!\n\n",
                cli("set ssl cert " + n + " <<\n" + payload("n.pem") + "\n"));
        assertEquals("Committing " + n + "\nSuccess!\n\n", cli("commit ssl cert " + n + "\n"));
        assertEquals(
                "Inserting certificate '" + n + "' in crt-list '" + list + "'.\nSuccess!\n\n",
                cli("add ssl crt-list " + list + " <<\n" + n + " [alpn http/1.1] n.test\n\n"));
        assertEquals(serial("n"), served(listPort, "n.test"));
        assertEquals(
                "# " + list + "\n" + a + ":3\n" + n + ":5 [alpn http/1.1] n.test\n\n",
                cli("show ssl crt-list -n " + list + "\n"));
        assertEquals(
                "Can't remove the certificate: certificate '" + n + "' in use, can't be deleted!\n\n",
                cli("del ssl cert " + n + "\n"));
        assertTrue(cli("del ssl crt-list " + list + " " + a + "\n").contains("used as default certificate"));
        assertEquals(
                "Can't delete the entry: found a certificate '" + n + "' but the line number is incorrect, please "
                        + "specify a correct line number preceded by colons (5)!\n\n",
                cli("del ssl crt-list " + list + " " + n + ":2\n"));
        assertEquals(
                "Entry '" + n + "' deleted in crtlist '" + list + "'!\n\n",
                cli("del ssl crt-list " + list + " " + n + ":5\n"));
        String after = served(listPort, "n.test");
        assertTrue(after.equals(serial("a")) || after.equals(serial("a2")), "back to the default: " + after);
        assertEquals("Certificate '" + n + "' deleted!\n\n", cli("del ssl cert " + n + "\n"));
    }

    @Test
    void setAndCommitUnderLoadFailsNoRequest() throws Exception {
        Process load = new ProcessBuilder(
                        "h2load", "--h1", "-n", "1000", "-c", "4", "-t", "1", "https://127.0.0.1:" + listPort + "/")
                .redirectErrorStream(true)
                .start();
        for (int i = 0; i < 4; i++) {
            String next = i % 2 == 0 ? "a2" : "a";
            String set = cli("set ssl cert " + a + " <<\n" + payload(next + ".pem") + "\n");
            assertTrue(set.startsWith("Transaction"), set);
            String commit = cli("commit ssl cert " + a + "\n");
            assertTrue(commit.contains("Success!"), commit);
        }
        String out = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(load.waitFor(120, TimeUnit.SECONDS));
        assertTrue(out.contains("1000 succeeded, 0 failed, 0 errored"), out);
    }

    @Test
    void theWatchSwapsARenewedPairAndKeepsServingWhileItIsHalfWritten() throws Exception {
        assertEquals(serial("w"), served(watchPort, "w.test"));
        Path pem = dir.resolve("w.pem");
        // certbot-like: the new certificate lands first; with the old key it cannot be used yet
        Files.copy(dir.resolve("w2.crt"), pem, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(2500);
        assertEquals(serial("w"), served(watchPort, "w.test"), "half renewed: the previous pair keeps serving");
        Files.copy(dir.resolve("w2.key"), Path.of(pem + ".key"), StandardCopyOption.REPLACE_EXISTING);
        String now = "";
        for (int i = 0; i < 50 && !now.equals(serial("w2")); i++) {
            Thread.sleep(200);
            now = served(watchPort, "w.test");
        }
        assertEquals(serial("w2"), now);
        String log = Files.readString(dir.resolve("out.log"));
        assertTrue(log.contains("hapair-ssl-watch: certificate '" + pem + "' reloaded from disk"), log);
        assertTrue(log.contains("changed on disk but cannot be used"), log);
    }

    @Test
    void theExpiryGaugeIsExported() throws Exception {
        String metrics = clients.run("", "curl", "-sS", "http://127.0.0.1:" + statsPort + "/metrics")
                .out();
        String line = metrics.lines()
                .filter(l -> l.startsWith("hapair_ssl_certificate_expiry_seconds{file=\"" + dir.resolve("w.pem")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(metrics));
        long seconds = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(seconds > 29 * 86400 && seconds <= 30 * 86400, line);
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
