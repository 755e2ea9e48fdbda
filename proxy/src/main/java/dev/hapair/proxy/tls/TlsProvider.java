package dev.hapair.proxy.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The TLS implementation in use: BoringSSL (netty-tcnative-boringssl-static through Netty's OpenSSL
 * provider) when its native library loads, the JDK's otherwise.
 *
 * @param provider    Netty's provider
 * @param description one line for the start-up log and {@code show info}
 */
public record TlsProvider(SslProvider provider, String description) {

    /** The suites BoringSSL always enables for TLSv1.3: it cannot restrict them. */
    static final List<String> BORINGSSL_TLS13 =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static volatile TlsProvider detected;

    /** The provider TLS contexts were built with, null while none was (no TLS in the configuration). */
    public static TlsProvider active() {
        return detected;
    }

    /** The best available provider (detected once). */
    public static TlsProvider detect() {
        TlsProvider d = detected;
        if (d == null) {
            d = OpenSsl.isAvailable() ? openSsl() : jdk("native library unavailable: " + OpenSsl.unavailabilityCause());
            detected = d;
        }
        return d;
    }

    static TlsProvider openSsl() {
        return new TlsProvider(SslProvider.OPENSSL, "OpenSSL provider (" + OpenSsl.versionString() + ")");
    }

    /** The JDK provider; {@code why} says why BoringSSL is not used. */
    public static TlsProvider jdk(String why) {
        return new TlsProvider(
                SslProvider.JDK,
                "JDK provider (" + System.getProperty("java.vendor") + " " + Runtime.version() + "; " + why + ")");
    }

    /**
     * Who makes the handshake signatures of server certificates' keys: the system's OpenSSL 3 for the key types
     * {@link LibcryptoSigner} routes (when it loads), else the provider itself.
     */
    public String signing() {
        return isOpenSsl() ? LibcryptoSigner.describe() : "signatures by the JDK";
    }

    /** {@link #description()} and {@link #signing()}: the start-up log's and {@code show info}'s line. */
    public String summary() {
        return description + "; " + signing();
    }

    public boolean isOpenSsl() {
        return provider == SslProvider.OPENSSL;
    }

    /** Whether the list of TLSv1.3 suites can be restricted (BoringSSL always offers its three). */
    boolean restrictsTls13Suites() {
        return !isOpenSsl();
    }

    /** Cipher suites (TLSv1.2 and below) this provider can negotiate, in OpenSSL's names. */
    Set<String> tls12Ciphers() {
        Set<String> out = new LinkedHashSet<>();
        if (isOpenSsl()) {
            for (String c : OpenSsl.availableOpenSslCipherSuites()) {
                if (!c.startsWith("TLS_")) {
                    out.add(c);
                }
            }
            return out;
        }
        for (String java : jdkSupported()) {
            if (!BORINGSSL_TLS13.contains(java) && !java.startsWith("TLS_AES_") && !java.startsWith("TLS_CHACHA20")) {
                String o = CipherSuiteConverter.toOpenSsl(java, false);
                if (o != null) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** Every TLSv1.2 cipher name either provider knows (OpenSSL names): a name outside is a typo. */
    static Set<String> knownTls12Ciphers() {
        Set<String> out = new LinkedHashSet<>(jdk0().tls12Ciphers());
        if (OpenSsl.isAvailable()) {
            out.addAll(openSsl().tls12Ciphers());
        }
        return out;
    }

    private static TlsProvider jdk0() {
        return new TlsProvider(SslProvider.JDK, "JDK provider");
    }

    /** TLSv1.3 suites this provider can negotiate (IANA names). */
    Set<String> tls13Suites() {
        if (isOpenSsl()) {
            return new LinkedHashSet<>(BORINGSSL_TLS13);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String java : jdkSupported()) {
            if (java.startsWith("TLS_AES_") || java.startsWith("TLS_CHACHA20")) {
                out.add(java);
            }
        }
        return out;
    }

    private static List<String> jdkSupported() {
        try {
            return List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
