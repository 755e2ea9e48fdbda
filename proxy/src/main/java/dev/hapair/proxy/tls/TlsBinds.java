package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ProxyMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bind ... ssl} lines of a configuration turned into {@link ServerTls}, at {@code -c}, start and
 * reload alike: a certificate that cannot be used is an error naming the bind line's file:line.
 */
public final class TlsBinds {

    private TlsBinds() {}

    /** {@code -c}: every ssl bind of every enabled frontend is built (certificates read and checked). */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        ServerTlsFactory factory = null;
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.frontends()) {
            for (BindConfig b : p.binds()) {
                if (b.ssl().isEmpty()) {
                    continue;
                }
                if (factory == null) {
                    factory = new ServerTlsFactory(TlsProvider.detect());
                }
                try {
                    factory.build(effective(p, b), config.global().ssl());
                } catch (TlsException e) {
                    out.add(diagnostic(p, b, e));
                }
            }
        }
        return out;
    }

    /** At start and reload: the bind's TLS, or null for a plaintext bind. */
    public static ServerTls build(ProxyConfig p, BindConfig b, HaproxyConfig config) throws ConfigException {
        if (b.ssl().isEmpty()) {
            return null;
        }
        try {
            return new ServerTlsFactory(TlsProvider.detect())
                    .build(effective(p, b), config.global().ssl());
        } catch (TlsException e) {
            throw new ConfigException(diagnostic(p, b, e));
        }
    }

    /**
     * The ALPN protocols a bind announces: its {@code alpn} as written; none with {@code no-alpn}; else
     * {@code h2,http/1.1} on a {@code mode http} frontend (HAProxy 2.8+'s default; 2.6 announced nothing)
     * and none in {@code mode tcp}.
     */
    public static List<String> alpn(ProxyConfig p, BindSslConfig s) {
        if (!s.alpn().isEmpty() || s.noAlpn()) return s.alpn();
        return p.mode() == ProxyMode.HTTP ? List.of("h2", "http/1.1") : List.of();
    }

    private static BindSslConfig effective(ProxyConfig p, BindConfig b) {
        BindSslConfig s = b.ssl().get();
        return s.withAlpn(alpn(p, s));
    }

    private static ConfigDiagnostic diagnostic(ProxyConfig p, BindConfig b, TlsException e) {
        return ConfigDiagnostic.alert(
                b.location(), "bind", "'bind' of " + p.kind().keyword() + " '" + p.name() + "': " + e.getMessage());
    }
}
