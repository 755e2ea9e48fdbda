package dev.hapair.proxy.tls;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.StandardCharsets;

/**
 * The few functions of the system's OpenSSL 3 {@code libcrypto.so.3} that {@link LibcryptoKey} signs with, bound
 * by JNA direct mapping (a plain native call, no proxy): pointers are {@code long}s and {@code T **} / {@code size_t
 * *} out-parameters one-element {@code long[]}s (x86_64 and aarch64 Linux: 64-bit pointers and size_t).
 *
 * <p>Why: on this project's reference hardware OpenSSL 3 computes an RSA-2048 signature in about half the time
 * BoringSSL (netty-tcnative-boringssl-static) takes, and that signature is most of a full handshake's CPU.
 */
final class Libcrypto {
    static final String LIBRARY = "libcrypto.so.3";

    static final int RSA_PKCS1_PADDING = 1;
    static final int RSA_NO_PADDING = 3;
    static final int RSA_PKCS1_PSS_PADDING = 6;
    /** PSS salt length = digest length, as TLS 1.3 (RFC 8446 4.2.3) and TLS 1.2's rsa_pss_rsae_* require. */
    static final int RSA_PSS_SALTLEN_DIGEST = -1;

    static final int EVP_PKEY_RSA = 6;
    static final int EVP_PKEY_EC = 408;

    private static final String UNAVAILABLE;

    static {
        String why = null;
        try {
            if (!"Linux".equals(System.getProperty("os.name")) || Native.POINTER_SIZE != 8) {
                why = "needs 64-bit Linux";
            } else {
                Native.register(Libcrypto.class, NativeLibrary.getInstance(LIBRARY));
                String v = OpenSSL_version(0);
                if (v == null || !v.startsWith("OpenSSL 3.")) {
                    why = LIBRARY + " is " + v + ", not OpenSSL 3";
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // LinkageError, not only UnsatisfiedLinkError: when JNA's native part failed to load for an earlier
            // user in this process, every later use of JNA's Native is a NoClassDefFoundError
            why = LIBRARY + " cannot be loaded: " + e.getMessage();
        }
        UNAVAILABLE = why;
    }

    private Libcrypto() {}

    /** Null when the library is bound and usable, else why not. */
    static String unavailable() {
        return UNAVAILABLE;
    }

    static String version() {
        return UNAVAILABLE == null ? OpenSSL_version(0) : null;
    }

    /** The oldest error of this thread's OpenSSL error queue as text (the queue is emptied). */
    static String lastError() {
        long e = ERR_get_error();
        ERR_clear_error();
        if (e == 0) return "no OpenSSL error queued";
        byte[] buf = new byte[256];
        ERR_error_string_n(e, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ bound functions (OpenSSL 3.0 names)

    static native String OpenSSL_version(int type);

    static native long d2i_PKCS8_PRIV_KEY_INFO(long a, long[] pp, long length);

    static native long EVP_PKCS82PKEY(long p8);

    static native void PKCS8_PRIV_KEY_INFO_free(long p8);

    static native void EVP_PKEY_free(long pkey);

    static native int EVP_PKEY_get_base_id(long pkey);

    static native int EVP_PKEY_get_size(long pkey);

    static native long EVP_MD_fetch(long libctx, String algorithm, String properties);

    static native long EVP_MD_CTX_new();

    static native void EVP_MD_CTX_free(long ctx);

    static native int EVP_DigestSignInit(long ctx, long[] pctx, long md, long engine, long pkey);

    static native int EVP_MD_CTX_copy_ex(long out, long in);

    static native int EVP_DigestSign(long ctx, byte[] sig, long[] siglen, byte[] tbs, long tbslen);

    static native int EVP_PKEY_CTX_set_rsa_padding(long pctx, int pad);

    static native int EVP_PKEY_CTX_set_rsa_pss_saltlen(long pctx, int len);

    static native int EVP_PKEY_CTX_set_rsa_mgf1_md(long pctx, long md);

    static native long EVP_PKEY_CTX_new(long pkey, long engine);

    static native void EVP_PKEY_CTX_free(long pctx);

    static native int EVP_PKEY_decrypt_init(long pctx);

    static native int EVP_PKEY_decrypt(long pctx, byte[] out, long[] outlen, byte[] in, long inlen);

    static native long ERR_get_error();

    static native void ERR_error_string_n(long e, byte[] buf, long len);

    static native void ERR_clear_error();
}
