package dev.hapair.proxy.config;

import java.util.Optional;

/**
 * Global TLS settings: {@code ca-base}, {@code crt-base} (directories relative {@code ca-file} / {@code crt}
 * paths are read from) and the {@code ssl-default-bind-*} values every {@code bind ... ssl} starts from.
 */
public record SslDefaults(
        Optional<String> caBase,
        Optional<String> crtBase,
        Optional<String> bindCiphers,
        Optional<String> bindCiphersuites,
        SslOptions bindOptions) {
    public static final SslDefaults NONE =
            new SslDefaults(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SslOptions.NONE);
}
