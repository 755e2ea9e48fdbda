package dev.hapair.proxy.tls;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLException;

/**
 * A private key loaded into the system's libcrypto ({@link Libcrypto}), signing TLS handshakes for one
 * certificate. The native {@code EVP_PKEY} is freed when this object becomes unreachable: its only holder is the
 * {@link LibcryptoSigner} of one TLS context, so the key of a certificate replaced at run time is freed once the
 * last connection of the old context is gone and the context is collected.
 *
 * <p>Thread safety: OpenSSL 3 allows one {@code EVP_PKEY} to sign from many threads at once (each signature has
 * its own {@code EVP_MD_CTX}); the prepared contexts a signature is copied from are per thread ({@link #sign}).
 */
final class LibcryptoKey {
    private static final Cleaner CLEANER = Cleaner.create();
    /** Native keys not yet freed (tests prove that replaced keys are freed). */
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Native signing contexts not yet freed (tests prove that they go with their key). */
    private static final AtomicInteger LIVE_CONTEXTS = new AtomicInteger();

    private static final long SHA1;
    private static final long SHA256;
    private static final long SHA384;
    private static final long SHA512;

    static {
        boolean ok = Libcrypto.unavailable() == null;
        // fetched once and kept: an implicit fetch per signature costs a lookup under OpenSSL 3's global lock
        SHA1 = ok ? Libcrypto.EVP_MD_fetch(0, "SHA1", null) : 0;
        SHA256 = ok ? Libcrypto.EVP_MD_fetch(0, "SHA2-256", null) : 0;
        SHA384 = ok ? Libcrypto.EVP_MD_fetch(0, "SHA2-384", null) : 0;
        SHA512 = ok ? Libcrypto.EVP_MD_fetch(0, "SHA2-512", null) : 0;
    }

    /** The key type, as the start-up log names it. */
    enum Type {
        RSA,
        EC
    }

    private final long pkey;
    private final Type type;
    private final int size;
    /** This thread's signing contexts, see {@link #sign}; every thread's are also in {@link Free#contexts}. */
    private final ThreadLocal<AtomicLongArray> contexts = new ThreadLocal<>();

    private final Free free;

    private LibcryptoKey(long pkey, Type type) {
        this.pkey = pkey;
        this.type = type;
        this.size = Libcrypto.EVP_PKEY_get_size(pkey);
        LIVE.incrementAndGet();
        this.free = new Free(pkey, new ConcurrentLinkedQueue<>());
        CLEANER.register(this, free);
    }

    /**
     * Frees the native key and every thread's signing contexts (which hold the key too); holds no reference to the
     * {@link LibcryptoKey} so that it can become unreachable. Runs only then, when no signature is in progress.
     */
    private record Free(long pkey, ConcurrentLinkedQueue<AtomicLongArray> contexts) implements Runnable {
        @Override
        public void run() {
            for (AtomicLongArray c : contexts) {
                for (int i = 0; i < c.length(); i++) {
                    if (c.get(i) != 0) {
                        Libcrypto.EVP_MD_CTX_free(c.get(i));
                        LIVE_CONTEXTS.decrementAndGet();
                    }
                }
            }
            Libcrypto.EVP_PKEY_free(pkey);
            LIVE.decrementAndGet();
        }
    }

    static int live() {
        return LIVE.get();
    }

    static int liveContexts() {
        return LIVE_CONTEXTS.get();
    }

    /**
     * Loads {@code key} (its PKCS#8 encoding) into libcrypto.
     *
     * @throws SSLException when libcrypto is unavailable, the key has no PKCS#8 encoding or libcrypto refuses it
     */
    static LibcryptoKey load(PrivateKey key) throws SSLException {
        if (Libcrypto.unavailable() != null) {
            throw new SSLException(Libcrypto.unavailable());
        }
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new SSLException("the " + key.getAlgorithm() + " key has no PKCS#8 encoding");
        }
        com.sun.jna.Memory m = new com.sun.jna.Memory(der.length);
        try {
            m.write(0, der, 0, der.length);
            long[] pp = {com.sun.jna.Pointer.nativeValue(m)};
            long p8 = Libcrypto.d2i_PKCS8_PRIV_KEY_INFO(0, pp, der.length);
            if (p8 == 0) {
                throw new SSLException("libcrypto cannot read the key: " + Libcrypto.lastError());
            }
            long pkey = Libcrypto.EVP_PKCS82PKEY(p8);
            Libcrypto.PKCS8_PRIV_KEY_INFO_free(p8);
            if (pkey == 0) {
                throw new SSLException("libcrypto cannot read the key: " + Libcrypto.lastError());
            }
            Type type =
                    switch (Libcrypto.EVP_PKEY_get_base_id(pkey)) {
                        case Libcrypto.EVP_PKEY_RSA -> Type.RSA;
                        case Libcrypto.EVP_PKEY_EC -> Type.EC;
                        default -> null;
                    };
            if (type == null) {
                Libcrypto.EVP_PKEY_free(pkey);
                throw new SSLException("libcrypto signing of " + key.getAlgorithm() + " keys is not used");
            }
            return new LibcryptoKey(pkey, type);
        } finally {
            // the DER holds the private key: do not leave it in freed native memory
            m.clear();
            m.close();
            java.util.Arrays.fill(der, (byte) 0);
        }
    }

    Type type() {
        return type;
    }

    /**
     * Signs {@code input} (the whole message: libcrypto hashes it) as the TLS signature scheme {@code algorithm}
     * (a TLS SignatureScheme code point, {@link Scheme}) asks.
     *
     * <p>Each signing thread (in practice the event loops) keeps, per scheme, a context prepared once with this key,
     * the digest and the RSA parameters ({@link #prepare}), and one it signs with, refilled from the prepared one by
     * a copy. Per thread: copying from one context in two threads at once is not documented as safe. Freed with the
     * key.
     *
     * @throws SignatureException for a scheme this key cannot make or libcrypto's failure
     */
    byte[] sign(int algorithm, byte[] input) throws SignatureException {
        Scheme s = Scheme.of(algorithm);
        if (s == null || s.type != type) {
            throw new SignatureException("signature scheme 0x" + Integer.toHexString(algorithm) + " is not made with a "
                    + type + " key by hapair's libcrypto signer");
        }
        long digest = s.digest();
        if (digest == 0) {
            // EVP_MD_fetch found no such digest: a null md would sign with the key's default digest instead, a
            // signature that does not match the scheme the peer was told
            throw new SignatureException("libcrypto provides no digest for " + s);
        }
        try {
            AtomicLongArray c = contexts.get();
            if (c == null) {
                c = new AtomicLongArray(2 * Scheme.ALL.length);
                contexts.set(c);
                free.contexts.add(c);
            }
            int at = 2 * s.ordinal();
            long prepared = c.get(at);
            if (prepared == 0) {
                prepared = prepare(s, digest);
                c.set(at, prepared);
            }
            long md = c.get(at + 1);
            if (md == 0) {
                md = newContext();
                c.set(at + 1, md);
            }
            // the prepared context's key, digest and RSA parameters, copied (which also clears the last signature's)
            if (Libcrypto.EVP_MD_CTX_copy_ex(md, prepared) != 1) {
                throw new SignatureException("EVP_MD_CTX_copy_ex: " + Libcrypto.lastError());
            }
            byte[] sig = new byte[size];
            long[] len = {sig.length};
            if (Libcrypto.EVP_DigestSign(md, sig, len, input, input.length) != 1) {
                throw new SignatureException("EVP_DigestSign: " + Libcrypto.lastError());
            }
            return len[0] == sig.length ? sig : java.util.Arrays.copyOf(sig, (int) len[0]);
        } finally {
            // this object must stay reachable until libcrypto is done with pkey: else the Cleaner may free the
            // key (and the contexts) while EVP_DigestSign still reads it (nothing here reads a field after the
            // native calls)
            Reference.reachabilityFence(this);
        }
    }

    private static long newContext() throws SignatureException {
        long md = Libcrypto.EVP_MD_CTX_new();
        if (md == 0) {
            throw new SignatureException("EVP_MD_CTX_new: " + Libcrypto.lastError());
        }
        LIVE_CONTEXTS.incrementAndGet();
        return md;
    }

    /**
     * A context ready to sign as {@code s} with this key: what a signature copies instead of initialising its own.
     * {@code EVP_DigestSignInit} and the RSA parameters cost ~30 µs per RSA handshake under OpenSSL 3.0 (a
     * provider fetch and set-up each time: ~5 % of a full handshake's CPU, measured); the copy costs ~1 µs.
     */
    private long prepare(Scheme s, long digest) throws SignatureException {
        long md = newContext();
        boolean ok = false;
        try {
            long[] pctx = new long[1];
            if (Libcrypto.EVP_DigestSignInit(md, pctx, digest, 0, pkey) != 1) {
                throw new SignatureException("EVP_DigestSignInit: " + Libcrypto.lastError());
            }
            if (type == Type.RSA) {
                if (s.pss) {
                    if (Libcrypto.EVP_PKEY_CTX_set_rsa_padding(pctx[0], Libcrypto.RSA_PKCS1_PSS_PADDING) != 1
                            || Libcrypto.EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx[0], Libcrypto.RSA_PSS_SALTLEN_DIGEST)
                                    != 1
                            || Libcrypto.EVP_PKEY_CTX_set_rsa_mgf1_md(pctx[0], digest) != 1) {
                        throw new SignatureException("RSA-PSS parameters: " + Libcrypto.lastError());
                    }
                } else if (Libcrypto.EVP_PKEY_CTX_set_rsa_padding(pctx[0], Libcrypto.RSA_PKCS1_PADDING) != 1) {
                    throw new SignatureException("RSA PKCS#1 padding: " + Libcrypto.lastError());
                }
            }
            ok = true;
            return md;
        } finally {
            if (!ok) {
                Libcrypto.EVP_MD_CTX_free(md);
                LIVE_CONTEXTS.decrementAndGet();
            }
        }
    }

    /**
     * The raw RSA private-key operation (no padding removed) that BoringSSL asks for the TLS 1.2 RSA key
     * exchange: it checks the PKCS#1 padding of the premaster secret itself, in constant time.
     */
    byte[] decryptRaw(byte[] input) throws SignatureException {
        if (type != Type.RSA) {
            throw new SignatureException("only an RSA key decrypts");
        }
        long ctx = Libcrypto.EVP_PKEY_CTX_new(pkey, 0);
        if (ctx == 0) {
            throw new SignatureException("EVP_PKEY_CTX_new: " + Libcrypto.lastError());
        }
        try {
            if (Libcrypto.EVP_PKEY_decrypt_init(ctx) != 1
                    || Libcrypto.EVP_PKEY_CTX_set_rsa_padding(ctx, Libcrypto.RSA_NO_PADDING) != 1) {
                throw new SignatureException("EVP_PKEY_decrypt_init: " + Libcrypto.lastError());
            }
            byte[] out = new byte[size];
            long[] len = {out.length};
            if (Libcrypto.EVP_PKEY_decrypt(ctx, out, len, input, input.length) != 1) {
                throw new SignatureException("EVP_PKEY_decrypt: " + Libcrypto.lastError());
            }
            return len[0] == out.length ? out : java.util.Arrays.copyOf(out, (int) len[0]);
        } finally {
            Libcrypto.EVP_PKEY_CTX_free(ctx);
            Reference.reachabilityFence(this); // as in sign
        }
    }

    /**
     * The TLS signature schemes this signer makes, by their code points (RFC 8446 4.2.3; TLS 1.2's are the same;
     * BoringSSL's and Netty's {@code SSL_SIGN_*} are these numbers).
     */
    enum Scheme {
        RSA_PKCS1_SHA1(0x0201, Type.RSA, false, 1),
        RSA_PKCS1_SHA256(0x0401, Type.RSA, false, 256),
        RSA_PKCS1_SHA384(0x0501, Type.RSA, false, 384),
        RSA_PKCS1_SHA512(0x0601, Type.RSA, false, 512),
        RSA_PSS_RSAE_SHA256(0x0804, Type.RSA, true, 256),
        RSA_PSS_RSAE_SHA384(0x0805, Type.RSA, true, 384),
        RSA_PSS_RSAE_SHA512(0x0806, Type.RSA, true, 512),
        ECDSA_SHA1(0x0203, Type.EC, false, 1),
        ECDSA_SECP256R1_SHA256(0x0403, Type.EC, false, 256),
        ECDSA_SECP384R1_SHA384(0x0503, Type.EC, false, 384),
        ECDSA_SECP521R1_SHA512(0x0603, Type.EC, false, 512);

        final int code;
        final Type type;
        final boolean pss;
        /** SHA-1 or the SHA-2 output size in bits */
        final int hash;

        Scheme(int code, Type type, boolean pss, int hash) {
            this.code = code;
            this.type = type;
            this.pss = pss;
            this.hash = hash;
        }

        long digest() {
            return switch (hash) {
                case 1 -> SHA1;
                case 256 -> SHA256;
                case 384 -> SHA384;
                default -> SHA512;
            };
        }

        /** {@code values()}, without a copy per call */
        static final Scheme[] ALL = values();

        static Scheme of(int code) {
            for (Scheme s : ALL) {
                if (s.code == code) return s;
            }
            return null;
        }
    }
}
