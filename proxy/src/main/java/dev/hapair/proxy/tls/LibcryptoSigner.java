package dev.hapair.proxy.tls;

import io.netty.handler.ssl.OpenSslPrivateKeyMethod;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The handshake signatures of one TLS context made by the system's OpenSSL 3 libcrypto ({@link LibcryptoKey})
 * instead of BoringSSL: Netty's {@link OpenSslPrivateKeyMethod}, set on a context whose key manager hands
 * BoringSSL the certificate chain only. Synchronous, on the event loop, as BoringSSL's own signature was.
 *
 * <p>Only the key types measured faster are routed ({@link #ROUTED}); any other key, a key libcrypto cannot
 * read, or a key whose libcrypto signature does not verify against the certificate keeps BoringSSL signing (see
 * {@link #forKey}). {@code -Dhapair.tls.libcrypto=off} turns the routing off (BoringSSL signs everything).
 */
final class LibcryptoSigner implements OpenSslPrivateKeyMethod {
    static final String SWITCH = "hapair.tls.libcrypto";

    /**
     * Key types whose signatures libcrypto makes. RSA: OpenSSL 3 signs RSA-2048 in about half BoringSSL's time on
     * this project's reference CPU. ECDSA P-256 is not routed: BoringSSL is as fast there and the crossing costs.
     */
    static final Set<LibcryptoKey.Type> ROUTED = Set.of(LibcryptoKey.Type.RSA);

    /** Private-key operations made by libcrypto in this process (tests prove the route is taken). */
    private static final java.util.concurrent.atomic.LongAdder OPERATIONS = new java.util.concurrent.atomic.LongAdder();

    private final LibcryptoKey key;

    private LibcryptoSigner(LibcryptoKey key) {
        this.key = key;
    }

    /** Why libcrypto signs nothing in this process, or null when it signs the {@link #ROUTED} key types. */
    static String disabled() {
        if ("off".equals(System.getProperty(SWITCH))) {
            return "-D" + SWITCH + "=off";
        }
        return Libcrypto.unavailable();
    }

    /** One line for the start-up log and {@code show info}: who signs handshakes. */
    static String describe() {
        String off = disabled();
        return off == null
                ? "RSA signatures by " + Libcrypto.version() + " (" + Libcrypto.LIBRARY + ")"
                : "signatures by BoringSSL (" + off + ")";
    }

    /**
     * A signer for {@code key}, or empty when BoringSSL should sign with it: libcrypto disabled or unavailable, a
     * key type not routed or not readable by libcrypto, or a test signature that does not verify with
     * {@code certificateKey} (the leaf certificate's public key).
     */
    static Optional<LibcryptoSigner> forKey(PrivateKey key, PublicKey certificateKey) {
        LibcryptoKey.Type type = typeOf(key);
        if (disabled() != null || type == null || !ROUTED.contains(type)) {
            return Optional.empty();
        }
        LibcryptoKey k;
        try {
            k = LibcryptoKey.load(key);
        } catch (SSLException e) {
            return Optional.empty();
        }
        if (!ROUTED.contains(k.type()) || !selfTest(k, certificateKey)) {
            return Optional.empty();
        }
        return Optional.of(new LibcryptoSigner(k));
    }

    private static LibcryptoKey.Type typeOf(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> LibcryptoKey.Type.RSA;
            case "EC" -> LibcryptoKey.Type.EC;
            default -> null;
        };
    }

    /** Signs a fixed message as TLS 1.3 would and verifies it with the JDK against the certificate's key. */
    private static boolean selfTest(LibcryptoKey k, PublicKey certificateKey) {
        byte[] msg = "hapair libcrypto signer self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            int scheme = k.type() == LibcryptoKey.Type.RSA
                    ? LibcryptoKey.Scheme.RSA_PSS_RSAE_SHA256.code
                    : LibcryptoKey.Scheme.ECDSA_SECP256R1_SHA256.code;
            byte[] sig = k.sign(scheme, msg);
            Signature v = jdkVerifier(scheme);
            v.initVerify(certificateKey);
            v.update(msg);
            return v.verify(sig);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The JDK's verifier of a TLS signature scheme (tests and the self-test). */
    static Signature jdkVerifier(int scheme) throws java.security.GeneralSecurityException {
        LibcryptoKey.Scheme s = LibcryptoKey.Scheme.of(scheme);
        if (s == null) {
            throw new java.security.NoSuchAlgorithmException("scheme 0x" + Integer.toHexString(scheme));
        }
        String hash = s.hash == 1 ? "SHA1" : "SHA" + s.hash;
        if (s.pss) {
            Signature v = Signature.getInstance("RSASSA-PSS");
            String md = "SHA-" + s.hash;
            v.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), s.hash / 8, 1));
            return v;
        }
        return Signature.getInstance(hash + "with" + (s.type == LibcryptoKey.Type.RSA ? "RSA" : "ECDSA"));
    }

    static long operations() {
        return OPERATIONS.sum();
    }

    @Override
    public byte[] sign(SSLEngine engine, int signatureAlgorithm, byte[] input) throws Exception {
        byte[] sig = key.sign(signatureAlgorithm, input);
        OPERATIONS.increment();
        return sig;
    }

    @Override
    public byte[] decrypt(SSLEngine engine, byte[] input) throws Exception {
        byte[] out = key.decryptRaw(input);
        OPERATIONS.increment();
        return out;
    }
}
