package dev.hapair.proxy.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Options of {@code server} and {@code default-server} lines. */
final class ServerKeywords {

    static final KeywordTable<OptionWord<ServerConfig.Builder>> TABLE = build();

    private ServerKeywords() {}

    private static KeywordTable<OptionWord<ServerConfig.Builder>> build() {
        KeywordTable<OptionWord<ServerConfig.Builder>> t = new KeywordTable<>("server");
        t.register("check", 0, (o, l) -> o.target().check = true);
        t.register("no-check", 0, (o, l) -> o.target().check = false);
        t.register("inter", 1, (o, l) -> o.target().inter = positiveTime(o));
        t.register("fastinter", 1, (o, l) -> o.target().fastinter = positiveTime(o));
        t.register("downinter", 1, (o, l) -> o.target().downinter = positiveTime(o));
        t.register("rise", 1, (o, l) -> o.target().rise = atLeastOne(o));
        t.register("fall", 1, (o, l) -> o.target().fall = atLeastOne(o));
        t.register("port", 1, (o, l) -> o.target().checkPort = port(o));
        t.register("addr", 1, (o, l) -> o.target().checkAddr = o.value());
        t.register("backup", 0, (o, l) -> o.target().backup = true);
        t.register("no-backup", 0, (o, l) -> o.target().backup = false);
        t.register("weight", 1, (o, l) -> {
            int w = integer(o);
            if (w > 256) {
                throw new LineError("'weight' must be between 0 and 256, got " + w);
            }
            o.target().weight = w;
        });
        t.register("maxconn", 1, (o, l) -> o.target().maxconn = integer(o));
        t.register("maxqueue", 1, (o, l) -> o.target().maxqueue = integer(o));
        t.register("cookie", 1, (o, l) -> o.target().cookie = o.value());
        t.register("disabled", 0, (o, l) -> o.target().disabled = true);
        t.register("enabled", 0, (o, l) -> o.target().disabled = false);
        t.register("init-addr", 1, (o, l) -> o.target().initAddr = initAddr(o.value()));
        t.register("send-proxy", 0, (o, l) -> o.target().sendProxy = true);
        t.register("no-send-proxy", 0, (o, l) -> o.target().sendProxy = false);
        t.register("send-proxy-v2", 0, (o, l) -> o.target().sendProxyV2 = true);
        t.register("no-send-proxy-v2", 0, (o, l) -> o.target().sendProxyV2 = false);
        t.register("check-send-proxy", 0, (o, l) -> o.target().checkSendProxy = true);
        t.register("id", 1, (o, l) -> o.target().id = integer(o));
        t.register("ssl", 0, (o, l) -> o.target().ssl.enabled = true);
        t.register("no-ssl", 0, (o, l) -> o.target().ssl.enabled = false);
        t.register("check-ssl", 0, (o, l) -> o.target().ssl.checkSsl = true);
        t.register("no-check-ssl", 0, (o, l) -> o.target().ssl.checkSsl = false);
        t.register(
                "verify",
                1,
                (o, l) -> o.target().ssl.verify = switch (o.value()) {
                    case "none" -> VerifyMode.NONE;
                    case "required" -> VerifyMode.REQUIRED;
                    default -> throw new LineError(
                            "unknown verify method '" + o.value() + "', only 'none' and 'required' are supported");
                });
        t.register("verifyhost", 1, (o, l) -> o.target().ssl.verifyhost = o.value());
        t.register("no-verifyhost", 0, (o, l) -> o.target().ssl.verifyhost = null);
        t.register("ca-file", 1, (o, l) -> o.target().ssl.caFile = o.value());
        t.register("crl-file", 1, (o, l) -> o.target().ssl.crlFile = o.value());
        t.register("crt", 1, (o, l) -> o.target().ssl.crt = o.value());
        t.register("sni", 1, (o, l) -> o.target().ssl.sni = o.value());
        t.register("check-sni", 1, (o, l) -> o.target().ssl.checkSni = o.value());
        t.register("alpn", 1, (o, l) -> o.target().ssl.alpn = serverAlpn(o.value()));
        t.register("proto", 1, (o, l) -> o.target().proto = serverProto(o.value()));
        t.register("ws", 1, (o, l) -> o.target().ws = ws(o.value()));
        t.register("ciphers", 1, (o, l) -> o.target().ssl.ciphers = o.value());
        t.register("ciphersuites", 1, (o, l) -> o.target().ssl.ciphersuites = o.value());
        t.register("no-ssl-reuse", 0, (o, l) -> o.target().ssl.noSslReuse = true);
        t.register("ssl-reuse", 0, (o, l) -> o.target().ssl.noSslReuse = false);
        t.register("tls-tickets", 0, (o, l) -> o.target().ssl.options.noTlsTickets = false);
        SslOptions.register(t, b -> b.ssl.options, false);
        t.tuning();
        for (String k : List.of(
                "send-proxy-v2-ssl",
                "send-proxy-v2-ssl-cn",
                "no-send-proxy-v2-ssl",
                "no-send-proxy-v2-ssl-cn",
                "agent-check",
                "no-agent-check",
                "non-stick",
                "stick",
                "check-via-socks4")) {
            t.unsupported(k, 0);
        }
        for (String k : List.of(
                "npn",
                "check-alpn",
                "check-proto",
                "agent-port",
                "agent-inter",
                "agent-addr",
                "agent-send",
                "observe",
                "error-limit",
                "on-error",
                "redir",
                "track",
                "resolve-prefer",
                "resolve-opts",
                "resolve-net",
                "minconn",
                "slowstart",
                "on-marked-down",
                "on-marked-up",
                "resolvers",
                "source",
                "namespace",
                "tcp-ut",
                "socks4",
                "log-proto",
                "curves",
                "sigalgs",
                "client-sigalgs",
                "proxy-v2-options",
                "set-proxy-v2-tlv-fmt",
                "shard",
                "usesrc",
                "interface",
                "guid",
                "hash-key",
                "log-bufsize")) {
            t.unsupported(k, 1);
        }
        return t;
    }

    private static String serverProto(String value) {
        return switch (value) {
            case "h1", "h2" -> value;
            default -> throw new LineError("'proto " + value + "': hapair-proxy speaks 'h1' or 'h2' to servers");
        };
    }

    private static String ws(String value) {
        return switch (value) {
            case "auto", "h1", "h2" -> value;
            default -> throw new LineError("'ws " + value + "': expects 'auto', 'h1' or 'h2'");
        };
    }

    /** h2 is offered only where HTTP/2 is spoken: {@code proto h2}, or {@code alpn h2} alone (H2Servers checks). */
    private static List<String> serverAlpn(String value) {
        List<String> out = new java.util.ArrayList<>();
        for (String p : value.split(",")) {
            switch (p) {
                case "http/1.1", "http/1.0", "h2" -> out.add(p);
                default -> throw new LineError("protocol '" + p + "' cannot be offered to servers: hapair-proxy "
                        + "speaks h2, http/1.1 and http/1.0 to them");
            }
        }
        return out;
    }

    private static Duration positiveTime(OptionWord<ServerConfig.Builder> o) {
        Duration d = time(o);
        if (d.isZero()) {
            throw new LineError("'" + o.line().keyword() + "' option value must be greater than zero");
        }
        return d;
    }

    private static Duration time(OptionWord<ServerConfig.Builder> o) {
        return GlobalKeywords.time(o.value());
    }

    private static int integer(OptionWord<ServerConfig.Builder> o) {
        return Units.parseInt(o.value(), "option");
    }

    private static int atLeastOne(OptionWord<ServerConfig.Builder> o) {
        int v = integer(o);
        if (v < 1) {
            throw new LineError("value must be at least 1, got " + v);
        }
        return v;
    }

    private static int port(OptionWord<ServerConfig.Builder> o) {
        int p = integer(o);
        if (p < 1 || p > 65535) {
            throw new LineError("'port' expects a port between 1 and 65535, got '" + o.value() + "'");
        }
        return p;
    }

    private static String oneOf(OptionWord<ServerConfig.Builder> o, String allowed) {
        if (!o.value().equals(allowed)) {
            throw new LineError("expects '" + allowed + "', got '" + o.value() + "'");
        }
        return o.value();
    }

    private static List<String> initAddr(String v) {
        List<String> methods = Arrays.asList(v.split(","));
        for (String m : methods) {
            if (!(m.equals("last")
                    || m.equals("libc")
                    || m.equals("none")
                    || m.matches("[0-9.]+")
                    || m.contains(":"))) {
                throw new LineError(
                        "'init-addr' expects a list of 'last', 'libc', 'none' or an IP address, got '" + m + "'");
            }
        }
        return List.copyOf(methods);
    }
}
