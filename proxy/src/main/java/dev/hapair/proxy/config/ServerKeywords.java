package dev.hapair.proxy.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Options of {@code server} and {@code default-server} lines. */
final class ServerKeywords {

    static final KeywordTable<OptionWord<ServerConfig.Builder>> TABLE = build();

    private ServerKeywords() {}

    private static KeywordTable<OptionWord<ServerConfig.Builder>> build() {
        KeywordTable<OptionWord<ServerConfig.Builder>> t = new KeywordTable<>("server", ServerKeywords::handle);
        t.implemented("check", 0);
        t.implemented("no-check", 0);
        t.implemented("inter", 1);
        t.implemented("fastinter", 1);
        t.implemented("downinter", 1);
        t.implemented("rise", 1);
        t.implemented("fall", 1);
        t.implemented("port", 1);
        t.implemented("addr", 1);
        t.implemented("backup", 0);
        t.implemented("no-backup", 0);
        t.implemented("weight", 1);
        t.implemented("maxconn", 1);
        t.implemented("maxqueue", 1);
        t.implemented("cookie", 1);
        t.implemented("disabled", 0);
        t.implemented("enabled", 0);
        t.implemented("init-addr", 1);
        t.implemented("send-proxy", 0);
        t.implemented("no-send-proxy", 0);
        t.implemented("send-proxy-v2", 0);
        t.implemented("no-send-proxy-v2", 0);
        t.implemented("check-send-proxy", 0);
        t.implemented("id", 1);
        t.implemented("ssl", 0);
        t.implemented("no-ssl", 0);
        t.implemented("check-ssl", 0);
        t.implemented("no-check-ssl", 0);
        t.implemented("verify", 1);
        t.implemented("verifyhost", 1);
        t.implemented("no-verifyhost", 0);
        t.implemented("ca-file", 1);
        t.implemented("crl-file", 1);
        t.implemented("crt", 1);
        t.implemented("sni", 1);
        t.implemented("check-sni", 1);
        t.implemented("alpn", 1);
        t.implemented("proto", 1);
        t.implemented("ws", 1);
        t.implemented("ciphers", 1);
        t.implemented("ciphersuites", 1);
        t.implemented("no-ssl-reuse", 0);
        t.implemented("ssl-reuse", 0);
        t.implemented("tls-tickets", 0);
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

    /** The implemented keywords of {@link #build}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, OptionWord<ServerConfig.Builder> o, ConfigLine l) {
        switch (keyword) {
            case "check" -> o.target().check = true;
            case "no-check" -> o.target().check = false;
            case "inter" -> o.target().inter = positiveTime(o);
            case "fastinter" -> o.target().fastinter = positiveTime(o);
            case "downinter" -> o.target().downinter = positiveTime(o);
            case "rise" -> o.target().rise = atLeastOne(o);
            case "fall" -> o.target().fall = atLeastOne(o);
            case "port" -> o.target().checkPort = port(o);
            case "addr" -> o.target().checkAddr = o.value();
            case "backup" -> o.target().backup = true;
            case "no-backup" -> o.target().backup = false;
            case "weight" -> {
                int w = integer(o);
                if (w > 256) {
                    throw new LineError("'weight' must be between 0 and 256, got " + w);
                }
                o.target().weight = w;
            }
            case "maxconn" -> o.target().maxconn = integer(o);
            case "maxqueue" -> o.target().maxqueue = integer(o);
            case "cookie" -> o.target().cookie = o.value();
            case "disabled" -> o.target().disabled = true;
            case "enabled" -> o.target().disabled = false;
            case "init-addr" -> o.target().initAddr = initAddr(o.value());
            case "send-proxy" -> o.target().sendProxy = true;
            case "no-send-proxy" -> o.target().sendProxy = false;
            case "send-proxy-v2" -> o.target().sendProxyV2 = true;
            case "no-send-proxy-v2" -> o.target().sendProxyV2 = false;
            case "check-send-proxy" -> o.target().checkSendProxy = true;
            case "id" -> o.target().id = integer(o);
            case "ssl" -> o.target().ssl.enabled = true;
            case "no-ssl" -> o.target().ssl.enabled = false;
            case "check-ssl" -> o.target().ssl.checkSsl = true;
            case "no-check-ssl" -> o.target().ssl.checkSsl = false;
            case "verify" -> o.target().ssl.verify = switch (o.value()) {
                case "none" -> VerifyMode.NONE;
                case "required" -> VerifyMode.REQUIRED;
                default -> throw new LineError(
                        "unknown verify method '" + o.value() + "', only 'none' and 'required' are supported");
            };
            case "verifyhost" -> o.target().ssl.verifyhost = o.value();
            case "no-verifyhost" -> o.target().ssl.verifyhost = null;
            case "ca-file" -> o.target().ssl.caFile = o.value();
            case "crl-file" -> o.target().ssl.crlFile = o.value();
            case "crt" -> o.target().ssl.crt = o.value();
            case "sni" -> o.target().ssl.sni = o.value();
            case "check-sni" -> o.target().ssl.checkSni = o.value();
            case "alpn" -> o.target().ssl.alpn = serverAlpn(o.value());
            case "proto" -> o.target().proto = serverProto(o.value());
            case "ws" -> o.target().ws = ws(o.value());
            case "ciphers" -> o.target().ssl.ciphers = o.value();
            case "ciphersuites" -> o.target().ssl.ciphersuites = o.value();
            case "no-ssl-reuse" -> o.target().ssl.noSslReuse = true;
            case "ssl-reuse" -> o.target().ssl.noSslReuse = false;
            case "tls-tickets" -> o.target().ssl.options.noTlsTickets = false;
            default -> throw KeywordTable.noCase(keyword);
        }
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
