package dev.hapair.proxy.config;

import java.util.Optional;

/**
 * Global TLS settings: {@code ca-base}, {@code crt-base} (directories relative {@code ca-file} / {@code crt}
 * paths are read from), the {@code ssl-default-bind-*} values every {@code bind ... ssl} starts from, the
 * {@code ssl-default-server-*} values every {@code server ... ssl} starts from, and the session cache
 * ({@code tune.ssl.cachesize}, {@code tune.ssl.lifetime}).
 *
 * @param cacheSize       {@code tune.ssl.cachesize}: sessions kept for resumption per listener context; 0 =
 *                        no session cache (HAProxy's default is 20000)
 * @param lifetimeSeconds {@code tune.ssl.lifetime}: how long a cached session may be resumed (default 300)
 * @param serverVerify    {@code ssl-server-verify}: a server's {@code verify} unless it sets one (required)
 * @param watch           {@code hapair-ssl-watch} (hapair's, not HAProxy's): how often certificate files are
 *                        looked at for changes; empty = never
 * @param keyDelExt       {@code ssl-load-extra-del-ext}: the key of {@code FILE.crt} is read from {@code FILE.key}
 *                        (the extension replaced) instead of {@code FILE.crt.key}
 */
public record SslDefaults(
        Optional<String> caBase,
        Optional<String> crtBase,
        Optional<String> bindCiphers,
        Optional<String> bindCiphersuites,
        SslOptions bindOptions,
        Optional<String> serverCiphers,
        Optional<String> serverCiphersuites,
        SslOptions serverOptions,
        int cacheSize,
        long lifetimeSeconds,
        VerifyMode serverVerify,
        Optional<java.time.Duration> watch,
        boolean keyDelExt) {

    /** Without {@code ssl-load-extra-del-ext}. */
    public SslDefaults(
            Optional<String> caBase,
            Optional<String> crtBase,
            Optional<String> bindCiphers,
            Optional<String> bindCiphersuites,
            SslOptions bindOptions,
            Optional<String> serverCiphers,
            Optional<String> serverCiphersuites,
            SslOptions serverOptions,
            int cacheSize,
            long lifetimeSeconds,
            VerifyMode serverVerify,
            Optional<java.time.Duration> watch) {
        this(
                caBase,
                crtBase,
                bindCiphers,
                bindCiphersuites,
                bindOptions,
                serverCiphers,
                serverCiphersuites,
                serverOptions,
                cacheSize,
                lifetimeSeconds,
                serverVerify,
                watch,
                false);
    }

    public static final int DEFAULT_CACHE_SIZE = 20000;
    public static final long DEFAULT_LIFETIME = 300;

    public static final SslDefaults NONE = new SslDefaults(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            SslOptions.NONE,
            Optional.empty(),
            Optional.empty(),
            SslOptions.NONE,
            DEFAULT_CACHE_SIZE,
            DEFAULT_LIFETIME,
            VerifyMode.REQUIRED,
            Optional.empty());

    /** The bind-side fields only (tests and callers that set nothing else). */
    public SslDefaults(
            Optional<String> caBase,
            Optional<String> crtBase,
            Optional<String> bindCiphers,
            Optional<String> bindCiphersuites,
            SslOptions bindOptions) {
        this(
                caBase,
                crtBase,
                bindCiphers,
                bindCiphersuites,
                bindOptions,
                Optional.empty(),
                Optional.empty(),
                SslOptions.NONE,
                DEFAULT_CACHE_SIZE,
                DEFAULT_LIFETIME,
                VerifyMode.REQUIRED,
                Optional.empty());
    }
}
