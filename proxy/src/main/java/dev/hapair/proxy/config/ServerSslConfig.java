package dev.hapair.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TLS side of a {@code server} line (or inherited from {@code default-server}), as written: paths not yet
 * joined with {@code ca-base}/{@code crt-base}, the global {@code ssl-default-server-*} and
 * {@code ssl-server-verify} not yet applied (see {@code dev.hapair.proxy.tls.ClientTlsFactory}).
 *
 * @param enabled      {@code ssl}: connections to the server are TLS
 * @param checkSsl     {@code check-ssl} / {@code no-check-ssl}; empty = checks use TLS when {@code ssl} is set and
 *                     no {@code port}/{@code addr} sends them elsewhere (HAProxy 2.6)
 * @param verify       {@code verify none|required}; empty = the global {@code ssl-server-verify} (required)
 * @param sni          {@code sni <expression>}: the SNI sent, and the name checked with {@code verify required}
 * @param verifyhost   {@code verifyhost}: the name checked when no SNI is sent
 * @param checkSni     {@code check-sni}: the SNI of health checks
 * @param alpn         {@code alpn}: protocols offered, http/1.1 and http/1.0 only
 * @param crlFile      {@code crl-file}: revocation lists checked with {@code verify required}
 * @param noSslReuse   {@code no-ssl-reuse}: no TLS session resumption
 */
public record ServerSslConfig(
        boolean enabled,
        Optional<Boolean> checkSsl,
        Optional<VerifyMode> verify,
        Optional<String> caFile,
        Optional<String> crlFile,
        Optional<String> crt,
        Optional<String> sni,
        Optional<String> verifyhost,
        Optional<String> checkSni,
        List<String> alpn,
        Optional<String> ciphers,
        Optional<String> ciphersuites,
        SslOptions options,
        boolean noSslReuse) {

    public static final ServerSslConfig NONE = new Draft().build();

    public ServerSslConfig {
        alpn = List.copyOf(alpn);
    }

    /** Whether health checks of a server checked at {@code port}/{@code addr} (if set) use TLS. */
    public boolean checksUseTls(boolean checkElsewhere) {
        return checkSsl.orElse(enabled && !checkElsewhere);
    }

    /** Mutable draft filled by option words; copied from the {@code default-server} template. */
    static final class Draft {
        boolean enabled;
        Boolean checkSsl;
        VerifyMode verify;
        String caFile;
        String crlFile;
        String crt;
        String sni;
        String verifyhost;
        String checkSni;
        List<String> alpn = new ArrayList<>();
        String ciphers;
        String ciphersuites;
        SslOptions.Draft options = new SslOptions.Draft();
        boolean noSslReuse;

        Draft copy() {
            Draft d = new Draft();
            d.enabled = enabled;
            d.checkSsl = checkSsl;
            d.verify = verify;
            d.caFile = caFile;
            d.crlFile = crlFile;
            d.crt = crt;
            d.sni = sni;
            d.verifyhost = verifyhost;
            d.checkSni = checkSni;
            d.alpn = new ArrayList<>(alpn);
            d.ciphers = ciphers;
            d.ciphersuites = ciphersuites;
            d.options = options.copy();
            d.noSslReuse = noSslReuse;
            return d;
        }

        ServerSslConfig build() {
            return new ServerSslConfig(
                    enabled,
                    Optional.ofNullable(checkSsl),
                    Optional.ofNullable(verify),
                    Optional.ofNullable(caFile),
                    Optional.ofNullable(crlFile),
                    Optional.ofNullable(crt),
                    Optional.ofNullable(sni),
                    Optional.ofNullable(verifyhost),
                    Optional.ofNullable(checkSni),
                    alpn,
                    Optional.ofNullable(ciphers),
                    Optional.ofNullable(ciphersuites),
                    options.build(),
                    noSslReuse);
        }
    }
}
