package dev.hapair.proxy.tls;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.VerifyMode;
import java.util.List;
import java.util.Optional;

/** Test helper: a {@code bind ... ssl crt ...} with nothing else set (no verify, no alpn, default options). */
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
}
