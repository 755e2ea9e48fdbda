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
 * The {@code bind ... ssl} lines of a configuration turned into {@link ServerTls}, and the {@code server ...
 * ssl} / {@code check-ssl} lines into {@link ClientTls}, at {@code -c}, start and reload alike: a certificate
 * or setting that cannot be used is an error naming the line's file:line.
 */
public final class TlsBinds {

    private TlsBinds() {}

    /** {@code -c}: every ssl bind of every enabled frontend is built (certificates read and checked). */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        ServerTlsFactory factory = null;
        CaFileStore cas = new CaFileStore(); // as at start: binds and servers share the files they name
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.frontends()) {
            for (BindConfig b : p.binds()) {
                if (b.ssl().isEmpty()) {
                    continue;
                }
                if (factory == null) {
                    factory = new ServerTlsFactory(TlsProvider.detect(), cas);
                }
                try {
                    factory.build(effective(p, b), config.global().ssl());
                } catch (TlsException e) {
                    out.add(diagnostic(p, b, e));
                }
            }
        }
        out.addAll(crtListWarnings(config));
        ClientTlsFactory clients = null;
        dev.hapair.proxy.sample.SampleEnv env = null;
        for (ProxyConfig p : config.backends()) {
            for (dev.hapair.proxy.config.ServerConfig sc : p.servers()) {
                if (!usesTls(sc)) {
                    continue;
                }
                if (clients == null) {
                    clients = new ClientTlsFactory(TlsProvider.detect(), cas);
                    env = new dev.hapair.proxy.rules.ProxyRulesCompiler(config).env();
                }
                try {
                    client(clients, config, p, sc, env);
                } catch (TlsException e) {
                    out.add(serverDiagnostic(p, sc, e));
                }
            }
        }
        return out;
    }

    /**
     * The warnings of the crt-list files of the ssl binds ({@code allow-0rtt} on a line, as on a bind line), each
     * once, naming the crt-list file and line: shown by {@code -c} and at start like the configuration's own.
     * A file that cannot be read adds nothing here; {@link #validate} reports it as the bind's error.
     */
    public static List<ConfigDiagnostic> crtListWarnings(HaproxyConfig config) {
        java.util.Set<ConfigDiagnostic> out = new java.util.LinkedHashSet<>();
        java.util.Set<String> read = new java.util.HashSet<>();
        for (ProxyConfig p : config.frontends()) {
            for (BindConfig b : p.binds()) {
                if (b.ssl().isEmpty()) continue;
                // HAProxy 2.6's warning, where a version bound makes it ignore the no-sslv3/no-tlsvXX words
                if (ServerTlsFactory.ignoredVersionFlags(
                        b.ssl().get().options().over(config.global().ssl().bindOptions()))) {
                    out.add(ConfigDiagnostic.warning(
                            b.location(),
                            "bind",
                            "Proxy '" + p.name() + "': no-sslv3/no-tlsv1x are ignored for this bind (a version "
                                    + "bound, ssl-min-ver, ssl-max-ver or force-tlsvXX, is set here or in "
                                    + "ssl-default-bind-options). Use only 'ssl-min-ver' and 'ssl-max-ver' to fix."));
                }
                for (dev.hapair.proxy.config.CertSource src : b.ssl().get().certs()) {
                    if (src.kind() != dev.hapair.proxy.config.CertSource.Kind.CRT_LIST || !read.add(src.path())) {
                        continue;
                    }
                    List<ConfigDiagnostic> w = new ArrayList<>();
                    try {
                        dev.hapair.proxy.config.CrtListFile.read(java.nio.file.Path.of(src.path()), w);
                        out.addAll(w);
                    } catch (dev.hapair.proxy.config.CrtListException e) {
                        // the bind's error (validate)
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether {@code sc}'s traffic or health checks go over TLS. */
    public static boolean usesTls(dev.hapair.proxy.config.ServerConfig sc) {
        return sc.ssl().enabled() || checksUseTls(sc);
    }

    public static boolean checksUseTls(dev.hapair.proxy.config.ServerConfig sc) {
        return sc.check()
                && sc.ssl()
                        .checksUseTls(
                                sc.checkPort().isPresent() || sc.checkAddr().isPresent());
    }

    /**
     * At start and reload: the TLS of a server whose traffic or checks use it ({@link #usesTls}), reading CA
     * and CRL files through the configuration's {@code cas}.
     */
    public static ClientTls client(
            HaproxyConfig config,
            ProxyConfig p,
            dev.hapair.proxy.config.ServerConfig sc,
            dev.hapair.proxy.sample.SampleEnv env,
            CaFileStore cas)
            throws ConfigException {
        try {
            return client(new ClientTlsFactory(TlsProvider.detect(), cas), config, p, sc, env);
        } catch (TlsException e) {
            throw new ConfigException(serverDiagnostic(p, sc, e));
        }
    }

    private static ClientTls client(
            ClientTlsFactory f,
            HaproxyConfig config,
            ProxyConfig p,
            dev.hapair.proxy.config.ServerConfig sc,
            dev.hapair.proxy.sample.SampleEnv env)
            throws TlsException {
        java.util.Set<dev.hapair.proxy.sample.Phase> phases = p.mode() == dev.hapair.proxy.config.ProxyMode.HTTP
                ? dev.hapair.proxy.sample.Phase.HTTP_REQ
                : dev.hapair.proxy.sample.Phase.TCP_CONTENT;
        long connect = p.timeouts().connect().map(java.time.Duration::toMillis).orElse(0L);
        if (checksUseTls(sc) && sc.checksSendProxy()) {
            // the PROXY header would have to precede the check's handshake: not implemented
            throw new TlsException("a PROXY protocol header before a TLS health check (check-send-proxy, or "
                    + "send-proxy with checks over ssl) is not supported by hapair-proxy");
        }
        ClientTls tls = f.build(sc.ssl(), config.global().ssl(), env, phases, connect);
        if (sc.ssl().enabled()) tls.websocketAlpn(sc.mux().websocketAlpn());
        return tls;
    }

    private static ConfigDiagnostic serverDiagnostic(
            ProxyConfig p, dev.hapair.proxy.config.ServerConfig sc, TlsException e) {
        return ConfigDiagnostic.alert(
                sc.location(), "server", "'server " + p.name() + "/" + sc.name() + "': " + e.getMessage());
    }

    /**
     * At start and reload: the bind's TLS, or null for a plaintext bind, reading CA and CRL files through the
     * configuration's {@code cas}.
     */
    public static ServerTls build(ProxyConfig p, BindConfig b, HaproxyConfig config, CaFileStore cas)
            throws ConfigException {
        if (b.ssl().isEmpty()) {
            return null;
        }
        try {
            return new ServerTlsFactory(TlsProvider.detect(), cas)
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
