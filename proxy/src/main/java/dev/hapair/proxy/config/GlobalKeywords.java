package dev.hapair.proxy.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code global} section's vocabulary. */
final class GlobalKeywords {

    /** Handler context: the builder, the environment (setenv changes later lines), diagnostics. */
    static final class Context {
        final GlobalConfig.Builder global;
        final Map<String, String> env;
        final Diagnostics diagnostics;

        Context(GlobalConfig.Builder global, Map<String, String> env, Diagnostics diagnostics) {
            this.global = global;
            this.env = env;
            this.diagnostics = diagnostics;
        }
    }

    static final KeywordTable<Context> TABLE = build();

    private GlobalKeywords() {}

    private static KeywordTable<Context> build() {
        KeywordTable<Context> t = new KeywordTable<>("global");
        t.register("daemon", (c, l) -> c.global.daemon = true);
        t.register("user", (c, l) -> c.global.user = one(l));
        t.register("group", (c, l) -> c.global.group = one(l));
        t.register("uid", (c, l) -> c.global.user = String.valueOf(Units.parseInt(one(l), "'uid'")));
        t.register("gid", (c, l) -> c.global.group = String.valueOf(Units.parseInt(one(l), "'gid'")));
        t.register("chroot", (c, l) -> c.global.chroot = one(l));
        t.register("pidfile", (c, l) -> c.global.pidfile = one(l));
        t.register("maxconn", (c, l) -> c.global.maxconn = Units.parseInt(one(l), "'maxconn'"));
        t.register("nbthread", (c, l) -> {
            int n = Units.parseInt(one(l), "'nbthread'");
            if (n < 1) {
                throw new LineError("'nbthread' must be at least 1");
            }
            c.global.nbthread = n;
        });
        t.register("log", (c, l) -> c.global.logs.add(LogLineParser.parse(l)));
        t.register("stats", GlobalKeywords::stats);
        t.register("hard-stop-after", (c, l) -> c.global.hardStopAfter = time(one(l)));
        t.register("tune.bufsize", (c, l) -> c.global.tuneBufsize = size(one(l)));
        t.register("tune.maxrewrite", (c, l) -> c.global.tuneMaxrewrite = size(one(l)));
        t.register("log-tag", (c, l) -> c.global.logTag = one(l));
        t.register("tune.http.maxhdr", (c, l) -> {
            int n = Units.parseInt(one(l), "'tune.http.maxhdr'");
            if (n < 1 || n > 32767) throw new LineError("'tune.http.maxhdr' must be between 1 and 32767, got " + n);
            c.global.tuneHttpMaxhdr = n;
        });
        t.register(
                "tune.h2.max-concurrent-streams",
                (c, l) -> c.global.tuneH2MaxConcurrentStreams = range(
                        l,
                        1,
                        Integer.MAX_VALUE,
                        "at least 1 (hapair" + " always keeps a limit on streams per connection)"));
        t.register(
                "tune.h2.header-table-size",
                (c, l) -> c.global.tuneH2HeaderTableSize = range(l, 0, 65536, "between 0 and 65536"));
        t.register(
                "tune.h2.initial-window-size",
                (c, l) ->
                        c.global.tuneH2InitialWindowSize = range(l, 0, Integer.MAX_VALUE, "between 0 and 2147483647"));
        t.register(
                "tune.h2.max-frame-size",
                (c, l) -> c.global.tuneH2MaxFrameSize = range(l, 16384, 16777215, "between 16384 and 16777215"));
        t.register("quiet", (c, l) -> c.global.quiet = true);
        t.register("nosplice", (c, l) -> {
            if (l.size() > 1) throw new LineError("'nosplice' takes no argument, got '" + l.arg(1) + "'");
            c.global.nosplice = true;
        });
        t.register("tune.pipesize", (c, l) -> c.global.tunePipesize = size(one(l)));
        t.register("setenv", (c, l) -> c.env.put(two(l)[0], two(l)[1]));
        t.register("presetenv", (c, l) -> c.env.putIfAbsent(two(l)[0], two(l)[1]));
        t.register("unsetenv", (c, l) -> l.from(1).forEach(c.env::remove));
        t.register("resetenv", (c, l) -> {
            List<String> keep = l.from(1);
            c.env.keySet().removeIf(k -> !keep.contains(k));
        });
        t.register("nbproc", (c, l) -> {
            if (Units.parseInt(one(l), "'nbproc'") > 1) {
                throw new LineError("'nbproc' is not supported (removed in HAProxy 2.5); use 'nbthread'");
            }
        });
        t.register("ca-base", (c, l) -> c.global.caBase = one(l));
        t.register("crt-base", (c, l) -> c.global.crtBase = one(l));
        t.register("ssl-default-bind-ciphers", (c, l) -> c.global.sslDefaultBindCiphers = one(l));
        t.register("ssl-default-bind-ciphersuites", (c, l) -> c.global.sslDefaultBindCiphersuites = one(l));
        t.register("ssl-default-bind-options", GlobalKeywords::sslDefaultBindOptions);
        t.register("ssl-default-server-ciphers", (c, l) -> c.global.sslDefaultServerCiphers = one(l));
        t.register("ssl-default-server-ciphersuites", (c, l) -> c.global.sslDefaultServerCiphersuites = one(l));
        t.register("ssl-default-server-options", GlobalKeywords::sslDefaultServerOptions);
        t.register(
                "ssl-server-verify",
                (c, l) -> c.global.sslServerVerify = switch (one(l)) {
                    case "none" -> VerifyMode.NONE;
                    case "required" -> VerifyMode.REQUIRED;
                    default -> throw new LineError("only supports 'none' and 'required', got '" + one(l) + "'");
                });
        t.register("ssl-load-extra-del-ext", (c, l) -> {
            if (l.size() > 1) throw new LineError("'ssl-load-extra-del-ext' takes no argument");
            c.global.sslKeyDelExt = true;
        });
        // hapair's own (README): swap certificate files that change on disk, checked every <interval>
        t.register("hapair-ssl-watch", (c, l) -> {
            java.time.Duration d = time(one(l));
            if (d.toMillis() < 1000) {
                throw new LineError("'hapair-ssl-watch' expects an interval of at least 1s, got '" + one(l) + "'");
            }
            c.global.sslWatch = d;
        });
        t.register("tune.ssl.cachesize", (c, l) -> {
            int n = Units.parseInt(one(l), "'tune.ssl.cachesize'");
            if (n < 0) {
                throw new LineError("'tune.ssl.cachesize' expects a positive numeric value");
            }
            c.global.sslCacheSize = n;
        });
        t.register("tune.ssl.lifetime", (c, l) -> {
            java.time.Duration d;
            try {
                d = Units.parseTime(one(l), Units.TimeUnitDefault.SECONDS);
            } catch (IllegalArgumentException e) {
                throw new LineError(e.getMessage());
            }
            if (d.getSeconds() > Integer.MAX_VALUE) {
                throw new LineError("timer overflow in argument '" + one(l) + "' (maximum value is 2147483647 s)");
            }
            c.global.sslLifetime = d.getSeconds();
        });
        // Knobs that only tune HAProxy's internals: a warning each (see TuningKeywords).
        t.tuning();
        // Known to HAProxy, not implemented by hapair: an error each.
        t.unsupported(
                "ssl-dh-param-file",
                "tune.http.cookielen",
                "tune.http.logurilen",
                "lua-load",
                "lua-prepend-path",
                "server-state-file",
                "server-state-base",
                "maxconnrate",
                "maxsessrate",
                "maxsslconn",
                "maxsslrate",
                "maxcomprate",
                "maxcompcpuusage",
                "log-send-hostname",
                "localpeer",
                "unix-bind",
                "external-check",
                "insecure-fork-wanted",
                "insecure-setuid-wanted",
                "noreuseport",
                "h1-case-adjust",
                "h1-case-adjust-file",
                "strict-limits",
                "grace",
                "mworker-max-reloads",
                "issuers-chain-path",
                "zero-warning",
                "nbcores",
                "limited-quic",
                "node",
                "description",
                "master-worker",
                "httpclient.resolvers.id",
                "httpclient.ssl.verify",
                "ssl-load-extra-files",
                "ssl-engine",
                "ssl-mode-async",
                "tune.comp.maxlevel",
                "tune.lua.maxmem",
                "tune.vars.global-max-size",
                "tune.vars.txn-max-size",
                "tune.vars.sess-max-size",
                "tune.vars.reqres-max-size",
                "tune.vars.proc-max-size",
                "stats-file");
        return t;
    }

    /** A numeric argument within [{@code min}, {@code max}]. */
    private static int range(ConfigLine l, int min, int max, String expected) {
        String k = l.keyword();
        int n = Units.parseInt(one(l), "'" + k + "'");
        if (n < min || n > max) throw new LineError("'" + k + "' must be " + expected + ", got " + n);
        return n;
    }

    /** The words of {@code ssl-default-bind-options}: the protocol options a bind line also takes. */
    static final KeywordTable<OptionWord<SslOptions.Draft>> SSL_BIND_OPTIONS = sslBindOptionsTable();

    private static KeywordTable<OptionWord<SslOptions.Draft>> sslBindOptionsTable() {
        KeywordTable<OptionWord<SslOptions.Draft>> t = new KeywordTable<>("ssl-default-bind-options");
        SslOptions.register(t, d -> d);
        // the other words HAProxy accepts there set what hapair does not implement
        t.unsupported("no-ca-names", 0);
        t.tuning();
        return t;
    }

    private static void sslDefaultBindOptions(Context c, ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'ssl-default-bind-options' expects at least one option");
        }
        SslOptions.Draft d = new SslOptions.Draft();
        OptionParsing.apply(SSL_BIND_OPTIONS, d, l, 1, "'ssl-default-bind-options'", c.diagnostics);
        c.global.sslDefaultBindOptions = d.build();
    }

    /** The words of {@code ssl-default-server-options}: a bind's protocol options but prefer-client-ciphers. */
    static final KeywordTable<OptionWord<SslOptions.Draft>> SSL_SERVER_OPTIONS = sslServerOptionsTable();

    private static KeywordTable<OptionWord<SslOptions.Draft>> sslServerOptionsTable() {
        KeywordTable<OptionWord<SslOptions.Draft>> t = new KeywordTable<>("ssl-default-server-options");
        SslOptions.register(t, d -> d, false);
        return t;
    }

    private static void sslDefaultServerOptions(Context c, ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'ssl-default-server-options' expects at least one option");
        }
        SslOptions.Draft d = new SslOptions.Draft();
        OptionParsing.apply(SSL_SERVER_OPTIONS, d, l, 1, "'ssl-default-server-options'", c.diagnostics);
        if (d.preferClientCiphers) { // a server-side connection has no cipher preference to give away
            throw new LineError(
                    "unknown option 'prefer-client-ciphers' on global statement " + "'ssl-default-server-options'");
        }
        c.global.sslDefaultServerOptions = d.build();
    }

    /** {@code stats X} in the global section. */
    static final KeywordTable<Context> STATS = statsTable();

    /** Options of {@code stats socket ADDR [options]}. */
    static final KeywordTable<OptionWord<SocketDraft>> SOCKET = socketTable();

    /** Mutable draft of a {@link StatsSocket} while its options are read. */
    static final class SocketDraft {
        Integer mode;
        StatsLevel level = StatsLevel.OPERATOR;
        boolean exposeFd;
        String user;
        String group;
    }

    private static KeywordTable<Context> statsTable() {
        KeywordTable<Context> t = new KeywordTable<>("global stats");
        t.register("socket", (c, l) -> c.global.statsSockets.add(statsSocket(c, l)));
        t.register(
                "timeout", (c, l) -> c.global.statsTimeout = time(need(l, 2, "'stats timeout' expects a time value")));
        t.tuning();
        return t;
    }

    private static void stats(Context c, ConfigLine l) {
        String sub = l.arg(1);
        if (sub.isEmpty()) {
            throw new LineError("'stats' in global expects one of " + String.join(", ", STATS.keywords()));
        }
        KeywordTable.Entry<Context> e = STATS.find(sub)
                .orElseThrow(() ->
                        new LineError("unknown keyword 'stats " + sub + "' in global section" + STATS.didYouMean(sub)));
        KeywordTable.apply(e, c, l, c.diagnostics, "stats " + sub, "global section");
    }

    private static KeywordTable<OptionWord<SocketDraft>> socketTable() {
        KeywordTable<OptionWord<SocketDraft>> t = new KeywordTable<>("stats socket");
        t.register("mode", 1, (o, l) -> {
            try {
                o.target().mode = Integer.parseInt(o.value(), 8);
            } catch (NumberFormatException e) {
                throw new LineError("expects an octal mode, got '" + o.value() + "'");
            }
        });
        t.register(
                "level",
                1,
                (o, l) -> o.target().level = switch (o.value()) {
                    case "user" -> StatsLevel.USER;
                    case "operator" -> StatsLevel.OPERATOR;
                    case "admin" -> StatsLevel.ADMIN;
                    default -> throw new LineError(
                            "only supports 'user', 'operator', and 'admin', got '" + o.value() + "'");
                });
        t.register("expose-fd", 1, (o, l) -> {
            if (!"listeners".equals(o.value())) {
                throw new LineError("only supports 'listeners', got '" + o.value() + "'");
            }
            o.target().exposeFd = true;
        });
        t.register("user", 1, (o, l) -> o.target().user = o.value());
        t.register("uid", 1, (o, l) -> o.target().user = String.valueOf(Units.parseInt(o.value(), "'uid'")));
        t.register("group", 1, (o, l) -> o.target().group = o.value());
        t.register("gid", 1, (o, l) -> o.target().group = String.valueOf(Units.parseInt(o.value(), "'gid'")));
        t.tuning();
        t.unsupported("name", 1);
        t.unsupported("id", 1);
        t.unsupported("severity-output", 1);
        t.unsupported("accept-proxy", 0);
        t.unsupported("ssl", 0);
        t.unsupported("crt", 1);
        t.unsupported("transparent", 0);
        t.unsupported("interface", 1);
        t.unsupported("v4v6", 0);
        t.unsupported("v6only", 0);
        return t;
    }

    private static StatsSocket statsSocket(Context c, ConfigLine l) {
        need(l, 2, "'stats socket' expects a path or IP:PORT");
        String addr = l.address(2);
        Endpoint ep = EndpointParser.listening(addr, l.location());
        if (ep instanceof Endpoint.Unix u && u.isAbstract()) {
            throw new LineError("'stats socket " + addr + "': abstract namespace sockets are not supported by"
                    + " hapair for the stats socket (use a path)");
        }
        SocketDraft d = new SocketDraft();
        OptionParsing.apply(SOCKET, d, l, 3, "'stats socket " + addr + "'", c.diagnostics);
        return new StatsSocket(
                ep,
                d.mode == null ? OptionalInt.empty() : OptionalInt.of(d.mode),
                d.level,
                d.exposeFd,
                Optional.ofNullable(d.user),
                Optional.ofNullable(d.group),
                l.location());
    }

    static String one(ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'" + l.keyword() + "' expects an argument");
        }
        if (l.size() > 2) {
            throw new LineError("'" + l.keyword() + "' expects exactly one argument, got " + (l.size() - 1));
        }
        return l.arg(1);
    }

    private static String[] two(ConfigLine l) {
        if (l.size() != 3) {
            throw new LineError("'" + l.keyword() + "' expects <name> and <value>");
        }
        return new String[] {l.arg(1), l.arg(2)};
    }

    private static String need(ConfigLine l, int i, String message) {
        if (l.size() <= i) {
            throw new LineError(message);
        }
        return l.arg(i);
    }

    static java.time.Duration time(String v) {
        try {
            return Units.parseTime(v);
        } catch (IllegalArgumentException e) {
            throw new LineError(e.getMessage());
        }
    }

    private static int size(String v) {
        try {
            long s = Units.parseSize(v);
            if (s > Integer.MAX_VALUE) {
                throw new LineError("size '" + v + "' is too large");
            }
            return (int) s;
        } catch (IllegalArgumentException e) {
            throw new LineError(e.getMessage());
        }
    }
}
