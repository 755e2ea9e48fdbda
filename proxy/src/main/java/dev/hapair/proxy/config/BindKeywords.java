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

        BindConfig build(SourceLocation at) {
            return new BindConfig(endpoints, Optional.ofNullable(name),
                    maxconn == null ? OptionalInt.empty() : OptionalInt.of(maxconn),
                    backlog == null ? OptionalInt.empty() : OptionalInt.of(backlog), acceptProxy, v4v6, v6only,
                    transparent, deferAccept, Optional.ofNullable(interfaceName), other, at);
        }
    }

    static final KeywordTable<OptionWord<Draft>> TABLE = build();

    private BindKeywords() {
    }

    private static KeywordTable<OptionWord<Draft>> build() {
        KeywordTable<OptionWord<Draft>> t = new KeywordTable<>("bind");
        t.register("name", 1, (o, l) -> o.target().name = o.value());
        t.register("maxconn", 1, (o, l) -> o.target().maxconn = Units.parseInt(o.value(), "'maxconn'"));
        t.tuning();
        for (String k : List.of("ssl", "strict-sni", "allow-0rtt", "accept-proxy", "v4v6", "v6only", "transparent", "no-sslv3", "no-tlsv10", "no-tlsv11",
                "no-tlsv12", "no-tlsv13", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12",
                "force-tlsv13", "generate-certificates", "prefer-client-ciphers", "no-tls-tickets", "no-ca-names",
                "quic-force-retry", "no-alpn")) {
            t.unsupported(k, 0);
        }
        for (String k : List.of("crt", "crt-list", "ca-file", "crl-file", "alpn", "npn", "ciphers", "ciphersuites",
                "curves", "ecdhe", "verify", "ssl-min-ver", "ssl-max-ver", "interface", "mode", "user",
                "group", "uid", "gid", "level", "expose-fd", "tcp-ut", "namespace", "id", "proto",
                "severity-output", "quic-cc-algo", "ca-ignore-err", "crt-ignore-err", "ca-sign-file",
                "ca-sign-pass", "sigalgs", "client-sigalgs", "ca-verify-file", "tls-ticket-keys", "label",
                "guid-prefix", "idle-ping", "accept-netscaler-cip", "quic-socket")) {
            t.unsupported(k, 1);
        }
        return t;
    }
}
