package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Options of {@code bind} lines. */
final class BindKeywords {

    /** Mutable draft of a {@link BindConfig} while its options are read. */
    static final class Draft {
        final List<Endpoint> endpoints = new ArrayList<>();
        String name;
        Integer maxconn;
        Integer backlog;
        boolean acceptProxy;
        boolean v4v6;
        boolean v6only;
        boolean transparent;
        boolean deferAccept;
        String interfaceName;
        final Map<String, String> other = new LinkedHashMap<>();
        boolean ssl;
        final List<CertSource> certs = new ArrayList<>();
        String curves;
        boolean strictSni;
        final List<String> alpn = new ArrayList<>();
        boolean noAlpn;
        String proto;
        final SslOptions.Draft sslOptions = new SslOptions.Draft();
        boolean sslOptionUsed;
        String ciphers;
        String ciphersuites;
        String caFile;
        VerifyMode verify;
        String caVerifyFile;
        String crlFile;
        IgnoredErrors crtIgnored = IgnoredErrors.NONE;
        IgnoredErrors caIgnored = IgnoredErrors.NONE;

        BindConfig build(SourceLocation at) {
            return new BindConfig(
                    endpoints,
                    Optional.ofNullable(name),
                    maxconn == null ? OptionalInt.empty() : OptionalInt.of(maxconn),
                    backlog == null ? OptionalInt.empty() : OptionalInt.of(backlog),
                    acceptProxy,
                    v4v6,
                    v6only,
                    transparent,
                    deferAccept,
                    Optional.ofNullable(interfaceName),
                    other,
                    ssl(at),
                    Optional.ofNullable(proto),
                    at);
        }

        private Optional<BindSslConfig> ssl(SourceLocation at) {
            if (!ssl) {
                if (sslOptionUsed) {
                    // HAProxy would load the certificate and serve plaintext: refuse rather than surprise
                    throw new LineError("TLS options (crt, alpn, ciphers, verify...) need 'ssl' on the bind line");
                }
                return Optional.empty();
            }
            if (certs.isEmpty()) {
                throw new LineError("'ssl' needs a certificate: add 'crt <file|dir>' or 'crt-list <file>'");
            }
            if (noAlpn && !alpn.isEmpty()) throw new LineError("'no-alpn' and 'alpn' contradict each other");
            VerifyMode v = verify == null ? VerifyMode.NONE : verify;
            if (v != VerifyMode.NONE && caFile == null && caVerifyFile == null) {
                throw new LineError("'verify " + v.name().toLowerCase(java.util.Locale.ROOT)
                        + "' needs 'ca-file' or 'ca-verify-file' (the CAs client certificates are checked against)");
            }
            return Optional.of(new BindSslConfig(
                    certs,
                    strictSni,
                    alpn,
                    noAlpn,
                    sslOptions.build(),
                    Optional.ofNullable(ciphers),
                    Optional.ofNullable(ciphersuites),
                    Optional.ofNullable(caFile),
                    v,
                    Optional.ofNullable(curves),
                    new BindSslConfig.ClientVerify(
                            Optional.ofNullable(caVerifyFile), Optional.ofNullable(crlFile), crtIgnored, caIgnored),
                    at));
        }
    }

    static final KeywordTable<OptionWord<Draft>> TABLE = build();

    private BindKeywords() {}

    private static KeywordTable<OptionWord<Draft>> build() {
        KeywordTable<OptionWord<Draft>> t = new KeywordTable<>("bind", BindKeywords::handle);
        t.implemented("name", 1);
        t.implemented("maxconn", 1);
        t.implemented("ssl", 0);
        t.implemented("accept-proxy", 0);
        t.implemented("crt", 1);
        t.implemented("crt-list", 1);
        t.implemented("curves", 1);
        t.implemented("ecdhe", 1);
        t.implemented("strict-sni", 0);
        t.implemented("alpn", 1);
        t.implemented("no-alpn", 0);
        t.implemented("proto", 1);
        t.implemented("ciphers", 1);
        t.implemented("ciphersuites", 1);
        t.implemented("ca-file", 1);
        t.implemented("verify", 1);
        t.implemented("ca-verify-file", 1);
        t.implemented("crl-file", 1);
        t.implemented("crt-ignore-err", 1);
        t.implemented("ca-ignore-err", 1);
        SslOptions.register(t, d -> {
            d.sslOptionUsed = true;
            return d.sslOptions;
        });
        t.tuning();
        for (String k :
                List.of("v4v6", "v6only", "transparent", "generate-certificates", "no-ca-names", "quic-force-retry")) {
            t.unsupported(k, 0);
        }
        for (String k : List.of(
                "npn",
                "interface",
                "mode",
                "user",
                "group",
                "uid",
                "gid",
                "level",
                "expose-fd",
                "tcp-ut",
                "namespace",
                "id",
                "severity-output",
                "quic-cc-algo",
                "ca-sign-file",
                "ca-sign-pass",
                "sigalgs",
                "client-sigalgs",
                "tls-ticket-keys",
                "label",
                "guid-prefix",
                "idle-ping",
                "accept-netscaler-cip",
                "quic-socket")) {
            t.unsupported(k, 1);
        }
        return t;
    }

    /** The implemented keywords of {@link #build}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, OptionWord<Draft> o, ConfigLine l) {
        switch (keyword) {
            case "name" -> o.target().name = o.value();
            case "maxconn" -> o.target().maxconn = Units.parseInt(o.value(), "'maxconn'");
            case "ssl" -> o.target().ssl = true;
            case "accept-proxy" -> o.target().acceptProxy = true;
            case "crt" -> tls(o).certs.add(CertSource.crt(o.value()));
            case "crt-list" -> tls(o).certs.add(CertSource.crtList(o.value()));
            case "curves" -> tls(o).curves = o.value();
            case "ecdhe" -> {
                if (tls(o).curves == null) { // "When curves is set, ecdhe is ignored"
                    tls(o).curves = o.value();
                }
            }
            case "strict-sni" -> tls(o).strictSni = true;
            case "alpn" -> tls(o).alpn.addAll(alpn(o.value()));
            case "no-alpn" -> tls(o).noAlpn = true;
            case "proto" -> o.target().proto = proto(o.value());
            case "ciphers" -> tls(o).ciphers = o.value();
            case "ciphersuites" -> tls(o).ciphersuites = o.value();
            case "ca-file" -> tls(o).caFile = o.value();
            case "verify" -> tls(o).verify = verify(o.value());
            case "ca-verify-file" -> tls(o).caVerifyFile = o.value();
            case "crl-file" -> tls(o).crlFile = o.value();
            case "crt-ignore-err" -> tls(o).crtIgnored = ignored(o);
            case "ca-ignore-err" -> tls(o).caIgnored = ignored(o);
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    private static IgnoredErrors ignored(OptionWord<Draft> o) {
        try {
            return IgnoredErrors.parse(o.value());
        } catch (IllegalArgumentException e) {
            throw new LineError(e.getMessage());
        }
    }

    private static Draft tls(OptionWord<Draft> o) {
        o.target().sslOptionUsed = true;
        return o.target();
    }

    /**
     * Only what the listener can speak may be announced ({@code h2}, {@code http/1.1}, {@code http/1.0}): a
     * client told another protocol was chosen would speak one the listener cannot parse.
     */
    static List<String> alpn(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(",")) {
            switch (p) {
                case "h2", "http/1.1", "http/1.0" -> {
                    if (out.contains(p)) throw new LineError("protocol '" + p + "' listed twice in '" + value + "'");
                    out.add(p);
                }
                case "" -> throw new LineError("empty protocol name in '" + value + "'");
                default -> throw new LineError("protocol '" + p + "' cannot be offered: hapair-proxy speaks "
                        + "h2, http/1.1 and http/1.0 only");
            }
        }
        return out;
    }

    /** {@code proto h2} (HTTP/2 from the first byte: h2c prior knowledge, or h2 whatever ALPN says) or {@code h1}. */
    private static String proto(String value) {
        return switch (value) {
            case "h2", "h1" -> value;
            default -> throw new LineError("'proto " + value + "': hapair-proxy's client side speaks 'h2' or 'h1'");
        };
    }

    static VerifyMode verify(String v) {
        return switch (v) {
            case "none" -> VerifyMode.NONE;
            case "optional" -> VerifyMode.OPTIONAL;
            case "required" -> VerifyMode.REQUIRED;
            default -> throw new LineError("expects 'none', 'optional' or 'required', got '" + v + "'");
        };
    }
}
