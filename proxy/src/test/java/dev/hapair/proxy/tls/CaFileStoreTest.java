package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA/CRL store's transactions and HAProxy 2.6's outputs, with real certificates and CRLs made by openssl. */
class CaFileStoreTest {

    @TempDir
    static Path dir;

    static TestCerts certs;
    static Path ca;
    static Path crl;
    static Path revoking;
    static String leafSha1;

    @BeforeAll
    static void certs() throws Exception {
        certs = new TestCerts(dir);
        certs.leaf("l", "leaf");
        crl = Files.copy(certs.crl(), dir.resolve("empty-crl.pem"));
        revoking = Files.copy(certs.crl("l"), dir.resolve("revoking-crl.pem"));
        ca = certs.ca();
        String fp = certs.openssl("x509", "-in", "l.crt", "-noout", "-fingerprint", "-sha1");
        leafSha1 = fp.substring(fp.indexOf('=') + 1).strip().replace(":", "");
    }

    /** A user of some files that records rebuilds and installs, or fails to rebuild. */
    static final class FakeUser implements CaFileStore.User {
        final Set<String> paths;
        final boolean fails;
        final List<String> seen = new ArrayList<>();
        int installs;
        CaFileStore store;

        FakeUser(CaFileStore store, boolean fails, String... paths) {
            this.store = store;
            this.fails = fails;
            this.paths = Set.of(paths);
            store.register(this);
        }

        @Override
        public Set<String> caPaths() {
            return paths;
        }

        @Override
        public Runnable rebuild() throws TlsException {
            // what a context build reads: the committed content already
            for (String p : paths) {
                seen.add(p + "=" + store.certificates(Path.of(p), false).size());
            }
            if (fails) throw new TlsException("the provider refused it");
            return () -> installs++;
        }
    }

    private static String text(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.US_ASCII);
    }

    @Test
    void filesAreReadOnceAndSharedByPath() throws Exception {
        CaFileStore s = new CaFileStore();
        List<X509Certificate> first = s.certificates(ca, false);
        assertSame(first, s.certificates(ca, false));
        assertEquals(1, first.size());
        assertEquals("# filename\n" + ca + " - 1 certificate(s)\n", s.list(false));
        s.crls(crl);
        assertEquals("# filename\n" + crl + "\n", s.list(true), "CRL files are listed apart, without a count");
        TlsException e = assertThrows(TlsException.class, () -> s.crls(ca));
        assertTrue(e.getMessage().contains("is a CA file"), e.getMessage());
    }

    @Test
    void setShowAbortCommitWithHaproxyWords() throws Exception {
        CaFileStore s = new CaFileStore();
        s.certificates(ca, false);
        String p = ca.toString();
        FakeUser user = new FakeUser(s, false, p);
        FakeUser other = new FakeUser(s, false, "/elsewhere.pem");
        String two = text(ca) + text(dir.resolve("l.crt"));
        assertEquals("transaction created for CA " + p + "!\n", s.set(false, p, two));
        assertEquals("transaction updated for CA " + p + "!\n", s.set(false, p, two));
        assertEquals(
                "The ongoing transaction is about '" + p + "' but you are trying to set '/x'\nCan't update /x!\n",
                s.set(false, "/x", two));
        assertEquals(
                "# transaction\n*" + p + " - 2 certificate(s)\n# filename\n" + p + " - 1 certificate(s)\n",
                s.list(false));
        // the committed file is unchanged until the commit; the transaction's content under '*'
        assertTrue(s.details(false, p).startsWith("Filename: " + p + "\nStatus: Used\n \nCertificate #1:\nSerial: "));
        String tx = s.details(false, "*" + p + ":2");
        assertTrue(tx.startsWith("Filename: *" + p + "\nStatus: Unused\n \nCertificate #2:\n"), tx);
        assertTrue(
                tx.contains("\nSHA1 FingerPrint: " + leafSha1 + "\nSubject: /CN=leaf\nIssuer: /CN=hapair test CA\n"),
                tx);
        assertEquals("wrong CA index after colons in '" + p + ":0'!", s.details(false, p + ":0"));
        assertEquals("Can't display the CA file : Not found!\n", s.details(false, "/nothere"));
        assertEquals("Can't display the CRL file : Not found!\n", s.details(true, p), "not a CRL file");
        assertEquals(
                "The ongoing transaction is about '" + p + "' but you are trying to abort a transaction for '/x'\n",
                s.abort(false, "/x"));
        assertEquals("Transaction aborted for certificate '" + p + "'!\n", s.abort(false, p));
        assertEquals("No ongoing transaction! !\nCan't commit " + p + "!\n", s.commit(false, p));
        assertEquals(0, user.installs);
        s.set(false, p, two);
        assertEquals("Committing " + p + ".\nSuccess!\n", s.commit(false, p));
        assertEquals(List.of(p + "=2"), user.seen, "the rebuild read the new content");
        assertEquals(1, user.installs);
        assertEquals(0, other.installs, "a user of other files is not rebuilt");
        assertEquals(2, s.certificates(ca, false).size());
        assertEquals("No ongoing transaction!\n", s.abort(false, p));
    }

    @Test
    void aFailedCommitChangesNothingAndKeepsTheTransaction() throws Exception {
        CaFileStore s = new CaFileStore();
        s.certificates(ca, false);
        String p = ca.toString();
        FakeUser ok = new FakeUser(s, false, p);
        FakeUser bad = new FakeUser(s, true, p);
        s.set(false, p, text(ca) + text(dir.resolve("l.crt")));
        assertEquals("Committing " + p + ".\nthe provider refused it\nFailed!\n", s.commit(false, p));
        assertEquals(0, ok.installs, "built but not installed");
        assertEquals(0, bad.installs);
        assertEquals(1, s.certificates(ca, false).size(), "the store still has the old content");
        assertTrue(s.list(false).startsWith("# transaction\n*" + p + " - 2 certificate(s)\n"));
    }

    @Test
    void invalidPayloadIsRefused() throws Exception {
        CaFileStore s = new CaFileStore();
        s.certificates(ca, false);
        assertEquals("Invalid payload\nCan't update " + ca + "!\n", s.set(false, ca.toString(), "no pem here\n"));
        assertEquals(
                "Can't replace a CA file which is not referenced by the configuration!\nCan't update /x!\n",
                s.set(false, "/x", text(ca)));
        assertEquals("# filename\n" + ca + " - 1 certificate(s)\n", s.list(false), "no transaction was opened");
    }

    @Test
    void newAndDeleteFollowTheRules() throws Exception {
        CaFileStore s = new CaFileStore();
        s.certificates(ca, false);
        new FakeUser(s, false, ca.toString());
        assertEquals("New CA file created 'n.pem'!\n", s.create(false, "n.pem"));
        assertEquals("CA file 'n.pem' already exists!\n", s.create(false, "n.pem"));
        assertEquals("Filename: n.pem\nStatus: Empty\n", s.details(false, "n.pem"));
        TlsException e = assertThrows(TlsException.class, () -> s.certificates(Path.of("n.pem"), false));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertEquals("transaction created for CA n.pem!\n", s.set(false, "n.pem", text(ca)));
        assertEquals("Committing n.pem\nSuccess!\n", s.commit(false, "n.pem"), "no user yet: no dot");
        assertEquals(1, s.certificates(Path.of("n.pem"), false).size());
        assertEquals("CA file 'n.pem' deleted!\n", s.delete(false, "n.pem"));
        assertEquals("Can't remove the CA file: CA file 'n.pem' doesn't exist!\n\n", s.delete(false, "n.pem"));
        assertEquals(
                "Can't remove the CA file: CA file '" + ca + "' in use, can't be deleted!\n\n",
                s.delete(false, ca.toString()));
        assertEquals(
                "Can't remove the CRL file: 'del ssl crl-file' does not work on CA files!\n\n",
                s.delete(true, ca.toString()));
        assertEquals("New CRL file created 'c.pem'!\n", s.create(true, "c.pem"));
        assertEquals("# filename\nc.pem\n", s.list(true));
        assertEquals("CRL file 'c.pem' deleted!\n", s.delete(true, "c.pem"));
    }

    @Test
    void crlDetailsAsHaproxyPrintsThem() throws Exception {
        CaFileStore s = new CaFileStore();
        s.crls(crl);
        String p = crl.toString();
        String empty = s.details(true, p);
        assertTrue(
                empty.matches("Filename: " + java.util.regex.Pattern.quote(p) + "\nStatus: Unused\n \n"
                        + "Certificate Revocation List #1:\nVersion 2\nSignature Algorithm: sha256WithRSAEncryption\n"
                        + "Issuer: /CN=hapair test CA\nLast Update: [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} GMT\n"
                        + "Next Update: .* GMT\nNo Revoked Certificates.\n"),
                empty);
        assertEquals("transaction created for CRL " + p + "!\n", s.set(true, p, text(revoking)));
        assertEquals("# transaction\n*" + p + "\n# filename\n" + p + "\n", s.list(true));
        String serial =
                certs.openssl("x509", "-in", "l.crt", "-noout", "-serial").strip();
        serial = serial.substring(serial.indexOf('=') + 1).toUpperCase();
        String tx = s.details(true, "*" + p + ":1");
        assertTrue(
                tx.contains("Revoked Certificates:\n    Serial Number: " + serial + "\n        Revocation Date: "), tx);
        assertEquals("wrong CRL index after colons in '" + p + ":x'!", s.details(true, p + ":x"));
    }

    @Test
    void storeOrderDropsDuplicatesAndSortsAllButTheLastAdded() {
        java.util.function.Function<String, byte[]> bytes = x -> x.getBytes(StandardCharsets.US_ASCII);
        // OpenSSL sorts before each addition: the last one added stays last
        assertEquals(List.of("b", "c", "a"), CaFileStore.storeOrder(List.of("c", "b", "a"), bytes, bytes));
        assertEquals(List.of("a", "b"), CaFileStore.storeOrder(List.of("a", "b", "a"), bytes, bytes));
        // names compare by length first
        assertEquals(List.of("z", "aa", "b"), CaFileStore.storeOrder(List.of("aa", "z", "b"), bytes, bytes));
    }

    @Test
    void serialsPrintAsOpenSslDoes() {
        assertEquals("03", CaFileText.serial(BigInteger.valueOf(3)));
        assertEquals("1008", CaFileText.serial(BigInteger.valueOf(0x1008)));
        assertEquals("80", CaFileText.serial(BigInteger.valueOf(0x80)));
    }

    @Test
    void cliArgumentEscapesAreUndone() {
        assertEquals("*/a/b.pem", SslCaCommands.name(List.of("show", "ssl", "crl-file", "\\*/a/b.pem")));
        assertEquals("/a/b.pem", SslCaCommands.name(List.of("show", "ssl", "crl-file", "/a/b.pem")));
    }
}
