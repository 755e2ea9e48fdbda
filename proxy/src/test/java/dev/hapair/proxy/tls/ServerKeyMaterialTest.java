package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server context's chain and key reach each engine when it is created (not through Netty's per-handshake
 * certificate callback): the engine serves the context's certificate, with an RSA key signed by libcrypto
 * ({@link LibcryptoSigner}) and an ECDSA key signed by BoringSSL, and the session's local certificate (what
 * the {@code ssl_f_*} fetches read) is the context's leaf.
 */
class ServerKeyMaterialTest {
    @TempDir
    static Path dir;

    static TestCerts certs;

    @BeforeAll
    static void make() throws Exception {
        certs = new TestCerts(dir);
    }

    @Test
    void aNewEngineHoldsItsContextsChainBeforeTheHandshake() throws Exception {
        // with Netty's callback the local certificate was only known once the ClientHello had been read
        CertifiedKey c = PemFiles.load(certs.bundle("early", "early.test"));
        SSLEngine s = PlainBinds.context(c).newEngine(ByteBufAllocator.DEFAULT);
        try {
            Certificate[] local = s.getSession().getLocalCertificates();
            assertNotNull(local, "the local certificate is set at the engine's creation");
            assertArrayEquals(c.chain().toArray(), local);
        } finally {
            ReferenceCountUtil.release(s);
        }
    }

    @Test
    void rsaAndEcdsaContextsServeTheirOwnCertificateOnEveryEngine() throws Exception {
        for (Path pem : List.of(certs.bundle("rsa", "rsa.test"), certs.ecBundle("ec", "ec.test"))) {
            CertifiedKey c = PemFiles.load(pem);
            SslContext server = PlainBinds.context(c);
            for (int i = 0; i < 3; i++) { // engines of one context share its key material
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    SSLEngine[] both = handshake(server, protocol);
                    try {
                        assertEquals(c.leaf(), both[1].getSession().getPeerCertificates()[0], pem + " " + protocol);
                        assertEquals(c.leaf(), both[0].getSession().getLocalCertificates()[0], pem + " " + protocol);
                    } finally {
                        ReferenceCountUtil.release(both[0]);
                        ReferenceCountUtil.release(both[1]);
                    }
                }
            }
        }
    }

    /**
     * The native chain and key live as long as the object that sets them on new engines: they were freed once
     * the context wrapper was unreachable, though an engine could still be given them (the JIT may drop the
     * wrapper's last reference while its initEngine runs), then SSL_set_chain_and_key read freed memory.
     */
    @Test
    void theMaterialOutlivesTheWrapperWhileItCanStillBeApplied() throws Exception {
        CertifiedKey c = PemFiles.load(certs.bundle("kept", "kept.test"));
        SslContext wrapper = PlainBinds.context(c);
        Object keys = field(wrapper, wrapper.getClass(), "keys");
        SslContext inner = (SslContext) field(wrapper, io.netty.handler.ssl.DelegatingSslContext.class, "ctx");
        java.lang.ref.WeakReference<SslContext> gone = new java.lang.ref.WeakReference<>(wrapper);
        wrapper = null;
        io.netty.util.ReferenceCounted material =
                (io.netty.util.ReferenceCounted) field(keys, keys.getClass(), "material");
        for (int i = 0; i < 100 && (gone.get() != null || material.refCnt() > 0); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(gone.get() == null, "the wrapper was collected");
        assertTrue(material.refCnt() > 0, "the material is still held by its applier");
        SSLEngine[] both = handshake(
                () -> {
                    SSLEngine e = inner.newEngine(ByteBufAllocator.DEFAULT);
                    ((io.netty.handler.ssl.HapairServerKeyMaterial) keys).apply(e);
                    return e;
                },
                "TLSv1.3");
        try {
            assertEquals(c.leaf(), both[1].getSession().getPeerCertificates()[0]);
        } finally {
            ReferenceCountUtil.release(both[0]);
            ReferenceCountUtil.release(both[1]);
        }
    }

    private static Object field(Object o, Class<?> type, String name) throws Exception {
        java.lang.reflect.Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    /** A whole handshake with the JDK's client, in memory: {server, client} engines. */
    private static SSLEngine[] handshake(SslContext server, String protocol) throws Exception {
        return handshake(() -> server.newEngine(ByteBufAllocator.DEFAULT), protocol);
    }

    private static SSLEngine[] handshake(java.util.function.Supplier<SSLEngine> server, String protocol)
            throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(java.nio.file.Files.newInputStream(certs.ca()));
        ks.setCertificateEntry("root", ca);
        tmf.init(ks);
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(tmf)
                .protocols(protocol)
                .build();
        SSLEngine s = server.get();
        SSLEngine c = client.newEngine(ByteBufAllocator.DEFAULT, "a.test", 443);
        EngineHandshake.complete(s, c);
        return new SSLEngine[] {s, c};
    }
}
