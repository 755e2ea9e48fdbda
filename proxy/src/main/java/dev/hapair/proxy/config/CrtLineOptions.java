package dev.hapair.proxy.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code [sslbindconf]} of one crt-list line: settings that override the bind line's for that
 * certificate only (HAProxy 2.6 accepts these words there; those hapair does not implement are errors).
 */
public record CrtLineOptions(
        Optional<List<String>> alpn,
        Optional<String> caFile,
        Optional<String> caVerifyFile,
        Optional<String> crlFile,
        Optional<String> ciphers,
        Optional<String> ciphersuites,
        Optional<String> curves,
        Optional<VerifyMode> verify,
        Optional<TlsVersion> minVer,
        Optional<TlsVersion> maxVer) {

    public static final CrtLineOptions NONE = new CrtLineOptions(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    public CrtLineOptions {
        alpn = alpn.map(List::copyOf);
    }

    /** Mutable draft filled by option words. */
    static final class Draft {
        List<String> alpn;
        String caFile;
        String caVerifyFile;
        String crlFile;
        String ciphers;
        String ciphersuites;
        String curves;
        VerifyMode verify;
        TlsVersion minVer;
        TlsVersion maxVer;

        CrtLineOptions build() {
            return new CrtLineOptions(
                    Optional.ofNullable(alpn),
                    Optional.ofNullable(caFile),
                    Optional.ofNullable(caVerifyFile),
                    Optional.ofNullable(crlFile),
                    Optional.ofNullable(ciphers),
                    Optional.ofNullable(ciphersuites),
                    Optional.ofNullable(curves),
                    Optional.ofNullable(verify),
                    Optional.ofNullable(minVer),
                    Optional.ofNullable(maxVer));
        }
    }
}
