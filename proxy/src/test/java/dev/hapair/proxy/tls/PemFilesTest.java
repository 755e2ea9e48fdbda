package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HAProxy's {@code crt} file rules, on certificates made by the openssl CLI. */
class PemFilesTest {

    @TempDir
    static Path dir;

    static TestCerts certs;

    @BeforeAll
    static void make() throws Exception {
        certs = new TestCerts(dir);
        certs.bundle("a", "a.test", "a.test", "*.a.wild");
        certs.leaf("b", "b.test");
    }

    private static String error(Path p) {
        return assertThrows(TlsException.class, () -> PemFiles.load(p)).getMessage();
    }

    @Test
    void chainAndKeyInOneFileAndNamesFromTheSubjectAltName() throws Exception {
        CertifiedKey k = PemFiles.load(dir.resolve("a.pem"));
        assertEquals(List.of("a.test", "*.a.wild"), k.names());
        assertEquals(1, k.chain().size());
        assertEquals("RSA", k.key().getAlgorithm());
    }

    @Test
    void keyBesideTheCertificateAndTheCommonNameWithoutSubjectAltName() throws Exception {
        Path crt = dir.resolve("b-pair.pem");
        Files.copy(dir.resolve("b.crt"), crt);
        Files.copy(dir.resolve("b.key"), Path.of(crt + ".key"));
        assertEquals(List.of("b.test"), PemFiles.load(crt).names());
    }

    @Test
    void chainCertificatesFollowTheLeaf() throws Exception {
        Path f = dir.resolve("chain.pem");
        Files.writeString(
                f,
                Files.readString(dir.resolve("a.crt"))
                        + Files.readString(certs.ca())
                        + Files.readString(dir.resolve("a.key")));
        CertifiedKey k = PemFiles.load(f);
        assertEquals(2, k.chain().size());
        assertTrue(k.chain().get(1).getSubjectX500Principal().getName().contains("hapair test CA"));
    }

    @Test
    void traditionalRsaKeysAreRead() throws Exception {
        certs.openssl("rsa", "-in", "a.key", "-traditional", "-out", "a-rsa.key");
        assertTrue(Files.readString(dir.resolve("a-rsa.key")).contains("BEGIN RSA PRIVATE KEY"));
        Path f = dir.resolve("a-rsa.pem");
        Files.writeString(f, Files.readString(dir.resolve("a.crt")) + Files.readString(dir.resolve("a-rsa.key")));
        assertEquals(List.of("a.test", "*.a.wild"), PemFiles.load(f).names());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Path f = dir.resolve("mismatch.pem");
        Files.writeString(f, Files.readString(dir.resolve("a.crt")) + Files.readString(dir.resolve("b.key")));
        assertTrue(error(f).contains("the private key does not match the certificate 'CN=a.test'"), error(f));
    }

    @Test
    void missingOrBrokenFilesAreErrorsNamingThem() throws Exception {
        assertEquals("cannot read '" + dir.resolve("none.pem") + "': no such file", error(dir.resolve("none.pem")));
        Path noKey = dir.resolve("nokey.pem");
        Files.copy(dir.resolve("a.crt"), noKey);
        assertTrue(error(noKey).contains("holds no private key and '" + noKey + ".key' does not exist"), error(noKey));
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        // HAProxy 2.6's words for a file that holds no certificate (haproxy 2.6.12: a crt directory with a README)
        assertEquals("unable to load certificate from file '" + junk + "'.", error(junk));
        Path keyOnly = dir.resolve("keyonly.pem");
        Files.copy(dir.resolve("a.key"), keyOnly);
        assertTrue(error(keyOnly).contains("holds no certificate"), error(keyOnly));
        Path bad = Files.writeString(
                dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertTrue(error(bad).contains("invalid certificate"), error(bad));
    }

    @Test
    void sec1EcKeysAreReadAndEncryptedKeysRefused() throws Exception {
        // what 'openssl ecparam -genkey' writes: EC PARAMETERS, then the SEC1 EC PRIVATE KEY
        for (String curve : List.of("prime256v1", "secp384r1")) {
            certs.openssl("ecparam", "-name", curve, "-genkey", "-out", "ec-" + curve + ".key");
            certs.openssl(
                    "req",
                    "-new",
                    "-x509",
                    "-key",
                    "ec-" + curve + ".key",
                    "-out",
                    "ec-" + curve + ".crt",
                    "-days",
                    "30",
                    "-subj",
                    "/CN=ec.test");
            Path ec = dir.resolve("ec-" + curve + ".pem");
            Files.writeString(
                    ec,
                    Files.readString(dir.resolve("ec-" + curve + ".crt"))
                            + Files.readString(dir.resolve("ec-" + curve + ".key")));
            assertTrue(Files.readString(ec).contains("BEGIN EC PRIVATE KEY"));
            CertifiedKey k = PemFiles.load(ec);
            assertEquals("EC", k.key().getAlgorithm(), curve);
            assertEquals(List.of("ec.test"), k.names());
        }
        Path wrong = dir.resolve("ec-wrong.pem");
        Files.writeString(
                wrong,
                Files.readString(dir.resolve("ec-secp384r1.crt")) + Files.readString(dir.resolve("ec-prime256v1.key")));
        assertTrue(error(wrong).contains("does not match"), error(wrong));
        Path broken = dir.resolve("ec-broken.pem");
        Files.writeString(
                broken,
                Files.readString(dir.resolve("a.crt"))
                        + "-----BEGIN EC PRIVATE KEY-----\nMAMCAQE=\n-----END EC PRIVATE KEY-----\n");
        assertTrue(error(broken).contains("does not name its curve"), error(broken));
        certs.openssl("pkcs8", "-topk8", "-in", "a.key", "-passout", "pass:x", "-out", "a-enc.key");
        Path enc = dir.resolve("enc.pem");
        Files.writeString(enc, Files.readString(dir.resolve("a.crt")) + Files.readString(dir.resolve("a-enc.key")));
        assertTrue(error(enc).contains("encrypted private keys are not supported"), error(enc));
    }

    @Test
    void aDirectoryIsEveryCertificateFileInAlphabeticalOrder() throws Exception {
        Path d = Files.createDirectories(dir.resolve("dir"));
        Files.copy(dir.resolve("a.pem"), d.resolve("2-a.pem"));
        Files.copy(dir.resolve("b.crt"), d.resolve("1-b.pem"));
        Files.copy(dir.resolve("b.key"), d.resolve("1-b.pem.key"));
        List<CertifiedKey> all = PemFiles.loadCrt(d);
        assertEquals(
                List.of(List.of("b.test"), List.of("a.test", "*.a.wild")),
                all.stream().map(CertifiedKey::names).toList());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(TlsException.class, () -> PemFiles.loadCrt(empty))
                .getMessage()
                .contains("holds no certificate file"));
    }

    @Test
    void anAbsentFileIsAMultiCertificateBundleOfItsKeyTypeFiles() throws Exception {
        Path d = Files.createDirectories(dir.resolve("bundle"));
        certs.ecBundle("e", "e.test");
        Files.copy(dir.resolve("e.pem"), d.resolve("site.pem.ecdsa"));
        Files.copy(dir.resolve("a.pem"), d.resolve("site.pem.rsa"));
        Path site = d.resolve("site.pem");
        assertEquals(List.of(d.resolve("site.pem.ecdsa"), d.resolve("site.pem.rsa")), PemFiles.bundle(site));
        List<CertifiedKey> all = PemFiles.loadCrt(site);
        assertEquals(
                List.of(d.resolve("site.pem.ecdsa"), d.resolve("site.pem.rsa")),
                all.stream().map(CertifiedKey::source).toList(),
                "ECDSA first (HAProxy loads .dsa, .ecdsa, .rsa: the first is the default), each named by its file");
        assertEquals(
                List.of("EC", "RSA"),
                all.stream().map(k -> k.key().getAlgorithm()).toList());
        Files.copy(dir.resolve("a.pem"), site);
        assertEquals(List.of(site), PemFiles.bundle(site), "an existing file is never a bundle");
        assertEquals(List.of(d.resolve("none.pem")), PemFiles.bundle(d.resolve("none.pem")));
        assertTrue(assertThrows(TlsException.class, () -> PemFiles.loadCrt(d.resolve("none.pem")))
                .getMessage()
                .contains("no such file"));
    }

    @Test
    void ocspFilesBesideACertificateAreRefusedNotIgnored() throws Exception {
        Path f = dir.resolve("stapled.pem");
        Files.copy(dir.resolve("a.pem"), f);
        Files.writeString(Path.of(f + ".ocsp"), "x");
        assertTrue(error(f).contains("OCSP stapling and SCTs are not supported"), error(f));
    }
}
