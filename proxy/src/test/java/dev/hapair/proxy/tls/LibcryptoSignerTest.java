package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSslPrivateKeyMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshake signatures made by the system's OpenSSL 3 ({@link LibcryptoKey}, {@link LibcryptoSigner}): every TLS
 * signature scheme signed by libcrypto and verified by the JDK, what is refused, which keys stay with BoringSSL,
 * that a dropped key's native memory is freed, and whole handshakes of contexts built by {@link ServerTlsFactory}
 * verified by the JDK's TLS client (which checks the server's signature against the certificate).
 */
class LibcryptoSignerTest {

    @TempDir
    static Path dir;

    static KeyPair rsa;
    static KeyPair ec256;
    static KeyPair ec384;
    static TestCerts certs;

    private static final byte[] MSG = "the TLS 1.3 CertificateVerify content".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void keys() throws Exception {
        assertNull(Libcrypto.unavailable(), "libssl3 (libcrypto.so.3) is installed by bin/hapair-test");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec256 = e.generateKeyPair();
        e.initialize(new ECGenParameterSpec("secp384r1"));
        ec384 = e.generateKeyPair();
        certs = new TestCerts(dir);
    }

    private static void signAndVerify(KeyPair pair, LibcryptoKey.Scheme s) throws Exception {
        LibcryptoKey k = LibcryptoKey.load(pair.getPrivate());
        byte[] sig = k.sign(s.code, MSG);
        Signature v = LibcryptoSigner.jdkVerifier(s.code);
        v.initVerify(pair.getPublic());
        v.update(MSG);
        assertTrue(v.verify(sig), s + " signed by libcrypto verifies with the JDK");
        // the input is the message, hashed by the signer: another message does not verify
        v.initVerify(pair.getPublic());
        v.update("another message".getBytes(StandardCharsets.US_ASCII));
        assertTrue(!v.verify(sig), s + " is bound to its message");
    }

    @Test
    void everyRsaSchemeVerifiesWithTheJdk() throws Exception {
        int n = 0;
        for (LibcryptoKey.Scheme s : LibcryptoKey.Scheme.values()) {
            if (s.type == LibcryptoKey.Type.RSA) {
                signAndVerify(rsa, s);
                n++;
            }
        }
        assertEquals(7, n, "PKCS#1 SHA-1/256/384/512 and PSS SHA-256/384/512");
    }

    @Test
    void theCodePointsAreBoringSslsOwn() {
        assertTrue(io.netty.handler.ssl.OpenSsl.isAvailable());
        int[][] pairs = {
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA1, LibcryptoKey.Scheme.RSA_PKCS1_SHA1.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA256, LibcryptoKey.Scheme.RSA_PKCS1_SHA256.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA384, LibcryptoKey.Scheme.RSA_PKCS1_SHA384.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_SHA512, LibcryptoKey.Scheme.RSA_PKCS1_SHA512.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA256, LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA384, LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA384.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PSS_RSAE_SHA512, LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA512.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_ECDSA_SHA1, LibcryptoKey.Scheme.ECDSA_SHA1.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_ECDSA_SECP256R1_SHA256, LibcryptoKey.Scheme.ECDSA_SECP256R1_SHA256.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_ECDSA_SECP384R1_SHA384, LibcryptoKey.Scheme.ECDSA_SECP384R1_SHA384.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_ECDSA_SECP521R1_SHA512, LibcryptoKey.Scheme.ECDSA_SECP521R1_SHA512.code},
            {OpenSslPrivateKeyMethod.SSL_SIGN_ED25519, 0x0807},
            {OpenSslPrivateKeyMethod.SSL_SIGN_RSA_PKCS1_MD5_SHA1, 0xff01}
        };
        for (int[] p : pairs) {
            assertEquals(p[0], p[1]);
        }
    }

    @Test
    void oneKeySignsFromManyThreadsAtOnce() throws Exception {
        // a context's key is shared by every event loop: concurrent signatures (PSS: random salt, RSA blinding)
        // with one EVP_PKEY and the shared EVP_MDs must each verify
        LibcryptoKey k = LibcryptoKey.load(rsa.getPrivate());
        int threads = 4;
        int each = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        byte[] msg = ("message " + thread + "/" + i).getBytes(StandardCharsets.US_ASCII);
                        LibcryptoKey.Scheme s = i % 2 == 0
                                ? LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256
                                : LibcryptoKey.Scheme.RSA_PKCS1_SHA384;
                        byte[] sig = k.sign(s.code, msg);
                        Signature v = LibcryptoSigner.jdkVerifier(s.code);
                        v.initVerify(rsa.getPublic());
                        v.update(msg);
                        if (v.verify(sig)) ok++;
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Integer> r : results) {
                assertEquals(each, r.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeySigningOverAndOverWithMixedSchemesKeepsEachSchemesParameters() throws Exception {
        // signatures after the first copy a prepared context: the copy must carry the padding, the PSS salt length
        // and MGF1 digest of its own scheme, whatever scheme the thread signed with just before
        LibcryptoKey k = LibcryptoKey.load(rsa.getPrivate());
        List<LibcryptoKey.Scheme> rsaSchemes = new ArrayList<>();
        for (LibcryptoKey.Scheme s : LibcryptoKey.Scheme.values())
            if (s.type == LibcryptoKey.Type.RSA) rsaSchemes.add(s);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < rsaSchemes.size(); i++) {
                LibcryptoKey.Scheme s = rsaSchemes.get((i * 3 + round) % rsaSchemes.size());
                byte[] msg = ("round " + round + " " + s).getBytes(StandardCharsets.US_ASCII);
                byte[] sig = k.sign(s.code, msg);
                Signature v = LibcryptoSigner.jdkVerifier(s.code);
                v.initVerify(rsa.getPublic());
                v.update(msg);
                assertTrue(v.verify(sig), s + " in round " + round);
            }
        }
        byte[] again = k.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA512.code, MSG);
        assertTrue(
                !pssVerifiesWithSalt(again, "SHA-512", java.security.spec.MGF1ParameterSpec.SHA512, 32),
                "a reused context still salts with the digest length (64)");
    }

    /** Whether {@code sig} of {@link #MSG} verifies as RSA-PSS with {@code digest} and a salt of {@code salt} bytes. */
    private static boolean pssVerifiesWithSalt(
            byte[] sig, String digest, java.security.spec.MGF1ParameterSpec mgf, int salt) throws Exception {
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new java.security.spec.PSSParameterSpec(digest, "MGF1", mgf, salt, 1));
        v.initVerify(rsa.getPublic());
        v.update(MSG);
        return v.verify(sig);
    }

    @Test
    void eachThreadsSigningContextsAreFreedWithTheirKey() throws Exception {
        settledLiveKeys();
        int before = LibcryptoKey.liveContexts();
        signFromThreeThreadsThenDrop(before);
        for (int i = 0; i < 100 && LibcryptoKey.liveContexts() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(before, LibcryptoKey.liveContexts(), "signing contexts left after their key was dropped");
    }

    /** A key signing in three threads, no longer referenced once this returns. */
    private static void signFromThreeThreadsThenDrop(int before) throws Exception {
        LibcryptoKey k = LibcryptoKey.load(rsa.getPrivate());
        Thread[] threads = new Thread[3];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    k.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256.code, MSG);
                    k.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256.code, MSG);
                    k.sign(LibcryptoKey.Scheme.RSA_PKCS1_SHA256.code, MSG);
                } catch (SignatureException e) {
                    throw new AssertionError(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        // per thread and scheme: the prepared context and the one signed with, made once
        assertEquals(before + 3 * 2 * 2, LibcryptoKey.liveContexts());
    }

    @Test
    void pssUsesTheDigestLengthAsSalt() throws Exception {
        // TLS 1.3 (RFC 8446 4.2.3): salt length = digest length; the JDK verifier is told exactly that
        LibcryptoKey k = LibcryptoKey.load(rsa.getPrivate());
        byte[] sig = k.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA384.code, MSG);
        assertTrue(
                !pssVerifiesWithSalt(sig, "SHA-384", java.security.spec.MGF1ParameterSpec.SHA384, 20),
                "a salt of 20 bytes does not verify: the salt is 48");
        assertTrue(
                pssVerifiesWithSalt(sig, "SHA-384", java.security.spec.MGF1ParameterSpec.SHA384, 48),
                "the salt is the digest length");
        // PSS is randomised: two signatures of one message differ, PKCS#1 v1.5 is deterministic
        assertTrue(!java.util.Arrays.equals(sig, k.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA384.code, MSG)));
        assertArrayEquals(
                k.sign(LibcryptoKey.Scheme.RSA_PKCS1_SHA256.code, MSG),
                k.sign(LibcryptoKey.Scheme.RSA_PKCS1_SHA256.code, MSG));
    }

    @Test
    void ecdsaSchemesVerifyWithTheJdk() throws Exception {
        for (LibcryptoKey.Scheme s : LibcryptoKey.Scheme.values()) {
            if (s.type == LibcryptoKey.Type.EC) {
                signAndVerify(s == LibcryptoKey.Scheme.ECDSA_SECP384R1_SHA384 ? ec384 : ec256, s);
            }
        }
    }

    @Test
    void unsupportedSchemesAreRefusedNotSignedWrongly() throws Exception {
        LibcryptoKey r = LibcryptoKey.load(rsa.getPrivate());
        LibcryptoKey e = LibcryptoKey.load(ec256.getPrivate());
        // Ed25519, TLS 1.0/1.1's MD5+SHA-1 (never negotiated: TLSv1.2 is the floor) and an unknown code point
        for (int code : new int[] {0x0807, 0xff01, 0x0909}) {
            assertThrows(SignatureException.class, () -> r.sign(code, MSG));
        }
        // a scheme of the other key type
        assertThrows(SignatureException.class, () -> r.sign(LibcryptoKey.Scheme.ECDSA_SHA1.code, MSG));
        assertThrows(SignatureException.class, () -> e.sign(LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256.code, MSG));
        assertThrows(SignatureException.class, () -> e.decryptRaw(new byte[32]));
    }

    @Test
    void rawDecryptionLeavesThePkcs1PaddingToBoringSsl() throws Exception {
        byte[] premaster = new byte[48];
        premaster[0] = 3;
        premaster[1] = 3;
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] raw = LibcryptoKey.load(rsa.getPrivate()).decryptRaw(c.doFinal(premaster));
        assertEquals(256, raw.length, "the whole 2048-bit block");
        assertEquals(0, raw[0]);
        assertEquals(2, raw[1], "block type 2 (encryption) is still there");
        assertEquals(0, raw[256 - 49], "the padding's zero separator");
        assertArrayEquals(premaster, java.util.Arrays.copyOfRange(raw, 256 - 48, 256));
    }

    @Test
    void onlyRsaKeysMatchingTheirCertificateAreRouted() throws Exception {
        assertTrue(LibcryptoSigner.forKey(rsa.getPrivate(), rsa.getPublic()).isPresent());
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        assertEquals(
                Optional.empty(),
                LibcryptoSigner.forKey(rsa.getPrivate(), g.generateKeyPair().getPublic()),
                "a key that does not sign for its certificate's public key: BoringSSL keeps it (and refuses it)");
        assertEquals(
                Optional.empty(),
                LibcryptoSigner.forKey(ec256.getPrivate(), ec256.getPublic()),
                "ECDSA P-256: BoringSSL is as fast, it keeps signing");
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertEquals(Optional.empty(), LibcryptoSigner.forKey(ed.getPrivate(), ed.getPublic()));
        String before = System.getProperty(LibcryptoSigner.SWITCH);
        System.setProperty(LibcryptoSigner.SWITCH, "off");
        try {
            assertEquals(Optional.empty(), LibcryptoSigner.forKey(rsa.getPrivate(), rsa.getPublic()));
            assertEquals("signatures by BoringSSL (-Dhapair.tls.libcrypto=off)", LibcryptoSigner.describe());
        } finally {
            if (before == null) System.clearProperty(LibcryptoSigner.SWITCH);
            else System.setProperty(LibcryptoSigner.SWITCH, before);
        }
        assertTrue(LibcryptoSigner.describe().startsWith("RSA signatures by OpenSSL 3."), LibcryptoSigner.describe());
    }

    /** Run in a child JVM whose JNA cannot load: JNA is used (and fails) first, then the signer is asked. */
    static final class JnaFailedFirst {
        public static void main(String[] args) {
            try {
                System.out.println("pointer size " + com.sun.jna.Native.POINTER_SIZE);
            } catch (LinkageError e) {
                System.out.println("JNA failed first: " + e);
            }
            System.out.println("describe: " + LibcryptoSigner.describe());
            System.out.println("routed: "
                    + LibcryptoSigner.forKey(rsa().getPrivate(), rsa().getPublic())
                            .isPresent());
        }

        private static KeyPair rsa() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void whenJnaCannotLoadBoringSslSignsEvenIfAnotherUserOfJnaFailedFirst() throws Exception {
        // a JNA whose libjnidispatch is neither unpacked from its jar nor found on the system: the first user of
        // JNA gets an UnsatisfiedLinkError, every later one NoClassDefFoundError; both must mean "BoringSSL signs"
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djna.nounpack=true",
                        "-Djna.nosys=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        JnaFailedFirst.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jna-failed.out").toFile())
                .start();
        boolean ended = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        String out = java.nio.file.Files.readString(dir.resolve("jna-failed.out"));
        assertTrue(ended, "child did not end: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("JNA failed first: java.lang.UnsatisfiedLinkError"), out);
        assertTrue(out.contains("describe: signatures by BoringSSL (libcrypto.so.3 cannot be loaded: "), out);
        assertTrue(out.contains("routed: false"), out);
    }

    @Test
    void keysNoLongerReferencedAreFreed() throws Exception {
        int before = settledLiveKeys();
        List<LibcryptoKey> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(LibcryptoKey.load(rsa.getPrivate()));
        }
        assertTrue(LibcryptoKey.live() >= before + 20);
        keys.clear();
        // the Cleaner runs after a collection; bounded by count, not by a tight time
        for (int i = 0; i < 100 && LibcryptoKey.live() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(LibcryptoKey.live() <= before, "native keys left: " + (LibcryptoKey.live() - before));
    }

    /** The number of native keys once the garbage of earlier tests is collected (it stops changing). */
    private static int settledLiveKeys() throws InterruptedException {
        int last = -1;
        int same = 0;
        for (int i = 0; i < 200 && same < 5; i++) {
            System.gc();
            Thread.sleep(20);
            int now = LibcryptoKey.live();
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void theKeysOfDroppedContextsAreFreed() throws Exception {
        // what a commit leaves behind: contexts nothing references any more (their SSL_CTX holds the signer)
        Path pem = certs.bundle("drop", "drop.test", "drop.test");
        int before = settledLiveKeys();
        List<SslContext> contexts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            contexts.add(serverContext(pem, "TLSv1.2", "TLSv1.3"));
        }
        assertTrue(LibcryptoKey.live() >= before + 10, "one native key per context");
        contexts.clear();
        for (int i = 0; i < 200 && LibcryptoKey.live() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(LibcryptoKey.live() <= before, "native keys left: " + (LibcryptoKey.live() - before));
    }

    @Test
    void aDroppedContextLivesOnUntilItsLastConnectionsEngineIsReleased() throws Exception {
        // a commit drops a context while connections still use it: their engines hold it (and its key), and it
        // goes with the last of them, never under a live connection
        Path pem = certs.bundle("held", "held.test", "held.test");
        int before = settledLiveKeys();
        SslContext ctx = serverContext(pem, "TLSv1.2", "TLSv1.3");
        SSLEngine engine = ctx.newEngine(ByteBufAllocator.DEFAULT);
        java.lang.ref.WeakReference<SslContext> dropped = new java.lang.ref.WeakReference<>(ctx);
        ctx = null;
        for (int i = 0; i < 200 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(dropped.get(), "the context is unreachable");
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(LibcryptoKey.live() >= before + 1, "the engine keeps its context and key");
        engine.beginHandshake(); // the native context is still there
        ReferenceCountUtil.release(engine);
        engine = null; // the engine's own object references the context too: both go, as with a closed connection
        for (int i = 0; i < 200 && LibcryptoKey.live() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(LibcryptoKey.live() <= before, "native keys left: " + (LibcryptoKey.live() - before));
    }

    // ------------------------------------------------------------------ whole handshakes, JDK client

    private static SslContext serverContext(Path pem, String... protocols) throws Exception {
        return PlainBinds.context(PemFiles.load(pem), protocols);
    }

    /** Runs a handshake between the server context and the JDK's client; the scheme the server signed with. */
    private static String handshake(
            SslContext server, X509Certificate ca, SslProvider clientProvider, String protocol, String... suites)
            throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        tmf.init(ks);
        SslContextBuilder cb = SslContextBuilder.forClient()
                .sslProvider(clientProvider)
                .trustManager(tmf)
                .protocols(protocol);
        if (suites.length > 0) cb.ciphers(List.of(suites));
        SslContext client = cb.build();
        SSLEngine s = server.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine c = client.newEngine(ByteBufAllocator.DEFAULT, "a.test", 443);
        try {
            EngineHandshake.complete(s, c);
            return c.getSession().getProtocol() + " " + c.getSession().getCipherSuite();
        } finally {
            ReferenceCountUtil.release(s);
            ReferenceCountUtil.release(c);
        }
    }

    @Test
    void handshakesSignedByLibcryptoVerifyInTheClient() throws Exception {
        Path pem = certs.bundle("a", "a.test", "a.test");
        X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(java.nio.file.Files.newInputStream(certs.ca()));
        SslContext both = serverContext(pem, "TLSv1.2", "TLSv1.3");
        SslContext tls12 = serverContext(pem, "TLSv1.2");
        long before = LibcryptoSigner.operations();
        // TLS 1.3: rsa_pss_rsae_sha256, checked by the JDK's client against the certificate
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256", handshake(both, ca, SslProvider.JDK, "TLSv1.3"));
        assertEquals(before + 1, LibcryptoSigner.operations(), "libcrypto signed the CertificateVerify");
        assertEquals(
                "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                handshake(tls12, ca, SslProvider.JDK, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(before + 2, LibcryptoSigner.operations(), "libcrypto signed the ServerKeyExchange");
        // the RSA key exchange (BoringSSL's client: newer JDKs disable TLS_RSA_*): libcrypto decrypts
        assertEquals(
                "TLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256",
                handshake(tls12, ca, SslProvider.OPENSSL, "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(before + 3, LibcryptoSigner.operations(), "libcrypto decrypted the premaster secret");
        // switched off (as when libcrypto.so.3 cannot load): BoringSSL signs with the key, the handshake works
        System.setProperty(LibcryptoSigner.SWITCH, "off");
        SslContext boring;
        try {
            boring = serverContext(pem, "TLSv1.2", "TLSv1.3");
        } finally {
            System.clearProperty(LibcryptoSigner.SWITCH);
        }
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256", handshake(boring, ca, SslProvider.JDK, "TLSv1.3"));
        assertEquals(
                "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                handshake(boring, ca, SslProvider.JDK, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(before + 3, LibcryptoSigner.operations(), "BoringSSL signed: the fallback");
        // ECDSA stays with BoringSSL
        SslContext ec = serverContext(certs.ecBundle("e", "a.test", "a.test"), "TLSv1.2", "TLSv1.3");
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256", handshake(ec, ca, SslProvider.JDK, "TLSv1.3"));
        assertEquals(before + 3, LibcryptoSigner.operations(), "BoringSSL signed with the ECDSA key");
    }
}
