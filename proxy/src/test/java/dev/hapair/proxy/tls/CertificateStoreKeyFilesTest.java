package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.VerifyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates whose key is a separate file: {@code FILE.key} beside {@code FILE}, or with global
 * {@code ssl-load-extra-del-ext} {@code foo.key} beside {@code foo.crt}; and {@code set ssl cert <name>.key}
 * sending only the key of a stored certificate, as HAProxy 2.6 resolves the name.
 */
class CertificateStoreKeyFilesTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void make() throws Exception {
        TestCerts certs = new TestCerts(dir);
        certs.leaf("c", "c.test", "c.test"); // c.crt + c.key: the del-ext layout
        certs.leaf("d", "d.test", "d.test");
        Files.copy(dir.resolve("c.crt"), dir.resolve("p.pem")); // p.pem + p.pem.key: the default layout
        Files.copy(dir.resolve("c.key"), dir.resolve("p.pem.key"));
    }

    private static SslDefaults defaults(boolean delExt) {
        return new SslDefaults(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                SslOptions.NONE,
                Optional.empty(),
                Optional.empty(),
                SslOptions.NONE,
                SslDefaults.DEFAULT_CACHE_SIZE,
                SslDefaults.DEFAULT_LIFETIME,
                VerifyMode.REQUIRED,
                Optional.empty(),
                delExt);
    }

    private static CertificateStore store(String crt, boolean delExt) throws TlsException {
        return store(CertSource.crt(dir.resolve(crt).toString()), delExt);
    }

    private static CertificateStore store(CertSource source, boolean delExt) throws TlsException {
        BindSslConfig b = PlainBinds.of(List.of(source), false);
        ServerTls tls = new ServerTlsFactory(TlsProvider.detect()).build(b, defaults(delExt));
        return new CertificateStore(List.of(tls)).keyDelExt(delExt);
    }

    private static String file(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void keyFileNames() {
        assertEquals(Path.of("/a/foo.crt.key"), PemFiles.keyFile(Path.of("/a/foo.crt"), false));
        assertEquals(Path.of("/a/foo.key"), PemFiles.keyFile(Path.of("/a/foo.crt"), true));
        assertEquals(Path.of("/a/foo.pem.key"), PemFiles.keyFile(Path.of("/a/foo.pem"), true), ".crt only");
    }

    @Test
    void delExtReadsTheKeyBesideTheCrtFile() throws Exception {
        TlsException e = assertThrows(TlsException.class, () -> store("c.crt", false));
        assertTrue(e.getMessage().contains("c.crt.key' does not exist"), e.getMessage());
        assertEquals(
                "c.test",
                store("c.crt", true)
                        .current(dir.resolve("c.crt").toString())
                        .names()
                        .get(0));
    }

    @Test
    void setSslCertOfTheKeyFileReplacesOnlyTheKeyWithDelExt() throws Exception {
        CertificateStore s = store("c.crt", true);
        String crt = dir.resolve("c.crt").toString();
        String key = dir.resolve("c.key").toString();
        assertEquals("Transaction created for certificate " + crt + "!\n", s.setCert(crt, file("d.crt")));
        // a certificate without its key leaves the transaction without one (haproxy 2.6.12): commit refused, kept
        assertEquals(
                "The transaction must contain at least a certificate and a private key!\nCan't commit " + crt + "!\n",
                s.commitCert(crt));
        assertEquals("Transaction updated for certificate " + crt + "!\n", s.setCert(key, file("d.key")));
        assertEquals("Committing " + crt + ".\nSuccess!\n", s.commitCert(crt));
        assertEquals(List.of("d.test"), s.current(crt).names());
        // a key alone starts a transaction too, keeping the chain
        assertEquals("Transaction created for certificate " + crt + "!\n", s.setCert(key, file("c.key")));
        assertTrue(s.commitCert(crt).contains("inconsistencies"));
        s.abortCert(crt);
        assertTrue(s.setCert(key, file("d.crt")).contains("unable to load the private key"));
    }

    @Test
    void withoutDelExtTheKeyOfFileIsFileDotKey() throws Exception {
        CertificateStore s = store("p.pem", false);
        String pem = dir.resolve("p.pem").toString();
        assertEquals("Transaction created for certificate " + pem + "!\n", s.setCert(pem + ".key", file("c.key")));
        s.abortCert(pem);
        CertificateStore c = store("c.crt", true).keyDelExt(false);
        assertTrue(c.setCert(dir.resolve("c.key").toString(), file("d.key"))
                .startsWith("Can't replace a certificate which is not referenced"));
    }

    @Test
    void addSslCrtListRefusesACaFileTheStoreDoesNotHold() throws Exception {
        Files.writeString(dir.resolve("l.txt"), dir.resolve("p.pem") + "\n");
        String list = dir.resolve("l.txt").toString();
        CertificateStore s = store(CertSource.crtList(list), false);
        String ca = dir.resolve("ca.pem").toString();
        for (String w : List.of("ca-file", "ca-verify-file", "crl-file")) {
            assertEquals(
                    "Can't edit the crt-list: unable to load " + ca + "\n",
                    s.addCrtList(list + "/", dir.resolve("p.pem") + " [" + w + " " + ca + "] x.test"));
        }
        assertEquals(
                "Inserting certificate '" + dir.resolve("p.pem") + "' in crt-list '" + list + "'.\nSuccess!\n",
                s.addCrtList(list + "//", dir.resolve("p.pem") + " [verify none allow-0rtt] x.test"),
                "trailing slashes dropped; a line without CA file is added");
        assertTrue(s.showCrtList(list + "/", false).contains("p.pem [verify none allow-0rtt] x.test"));
    }
}
