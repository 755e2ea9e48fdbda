package dev.hapair.proxy.tls;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.VerifyMode;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Optional;

/**
 * Test helper: a {@code bind ... ssl crt ...} with nothing else set (no verify, no alpn, default options), as a
 * config and as the server context such a bind gets for one certificate.
 */
final class PlainBinds {
    private PlainBinds() {}

    static BindSslConfig of(List<CertSource> crts, boolean strictSni) {
        return new BindSslConfig(
                crts,
                strictSni,
                List.of(),
                false,
                SslOptions.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                VerifyMode.NONE,
                Optional.empty(),
                BindSslConfig.ClientVerify.DEFAULT,
                SourceLocation.NONE);
    }

    /** The server context of a plain bind serving {@code c} with {@code protocols} (TLSv1.2 and 1.3 if none). */
    static SslContext context(CertifiedKey c, String... protocols) throws Exception {
        ServerTlsFactory.Settings base = new ServerTlsFactory.Settings(
                protocols.length == 0 ? List.of("TLSv1.2", "TLSv1.3") : List.of(protocols),
                null,
                null,
                null,
                VerifyMode.NONE,
                List.of(),
                null,
                SslOptions.NONE,
                0,
                300);
        return new ServerTlsFactory(TlsProvider.detect()).context(c, base);
    }
}
