package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * The TLS side of a {@code bind ... ssl} line, as written (paths not yet joined with {@code crt-base} /
 * {@code ca-base}; defaults of the global {@code ssl-default-bind-*} not yet applied — see
 * {@code dev.hapair.proxy.tls.TlsSettings}).
 *
 * @param certs        {@code crt FILE|DIR} and {@code crt-list FILE} in order; the first certificate loaded
 *                     is the default one
 * @param strictSni    {@code strict-sni}: a ClientHello whose SNI matches no certificate fails the handshake
 * @param alpn         {@code alpn} protocols in preference order as written; empty = not set (then {@code h2,http/1.1}
 *                     on a {@code mode http} frontend, as HAProxy 2.8+, none in {@code mode tcp}; see TlsBinds)
 * @param noAlpn       {@code no-alpn}: no ALPN at all
 * @param ciphers      {@code ciphers} (TLSv1.2 and below), OpenSSL names separated by ':'
 * @param ciphersuites {@code ciphersuites} (TLSv1.3)
 * @param caFile       {@code ca-file}: CAs that sign client certificates
 * @param curves       {@code curves} (or {@code ecdhe}): the key exchange groups offered, ':' separated
 * @param clientVerify {@code ca-verify-file}, {@code crl-file}, {@code crt-ignore-err}, {@code ca-ignore-err}
 */
public record BindSslConfig(
        List<CertSource> certs,
        boolean strictSni,
        List<String> alpn,
        boolean noAlpn,
        SslOptions options,
        Optional<String> ciphers,
        Optional<String> ciphersuites,
        Optional<String> caFile,
        VerifyMode verify,
        Optional<String> curves,
        ClientVerify clientVerify,
        SourceLocation location) {
    public BindSslConfig {
        certs = List.copyOf(certs);
        alpn = List.copyOf(alpn);
    }

    /**
     * How client certificates are verified beyond {@code ca-file}.
     *
     * @param caVerifyFile CAs used to verify but not named to clients ({@code ca-verify-file})
     * @param crlFile      revocation lists, one needed for every CA of the chain ({@code crl-file})
     * @param crtIgnored   errors of the client certificate that do not fail the handshake ({@code crt-ignore-err})
     * @param caIgnored    errors of its CAs that do not fail the handshake ({@code ca-ignore-err})
     */
    public record ClientVerify(
            Optional<String> caVerifyFile,
            Optional<String> crlFile,
            IgnoredErrors crtIgnored,
            IgnoredErrors caIgnored) {
        public static final ClientVerify DEFAULT =
                new ClientVerify(Optional.empty(), Optional.empty(), IgnoredErrors.NONE, IgnoredErrors.NONE);
    }

    /** The same bind with {@code protocols} as its ALPN list (the effective one, defaults applied). */
    public BindSslConfig withAlpn(List<String> protocols) {
        return new BindSslConfig(
                certs,
                strictSni,
                protocols,
                protocols.isEmpty(),
                options,
                ciphers,
                ciphersuites,
                caFile,
                verify,
                curves,
                clientVerify,
                location);
    }
}
