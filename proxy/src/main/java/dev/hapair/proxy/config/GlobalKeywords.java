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
        KeywordTable<Context> t = new KeywordTable<>("global", GlobalKeywords::handle);
        t.implemented("daemon");
        t.implemented("user");
        t.implemented("group");
        t.implemented("uid");
        t.implemented("gid");
        t.implemented("chroot");
        t.implemented("pidfile");
        t.implemented("maxconn");
        t.implemented("nbthread");
        t.implemented("log");
        t.implemented("stats");
        t.implemented("hard-stop-after");
        t.implemented("tune.bufsize");
        t.implemented("tune.maxrewrite");
        t.implemented("log-tag");
        t.implemented("tune.http.maxhdr");
        t.implemented("tune.h2.max-concurrent-streams");
        t.implemented("tune.h2.header-table-size");
        t.implemented("tune.h2.initial-window-size");
        t.implemented("tune.h2.max-frame-size");
        t.implemented("quiet");
        t.implemented("nosplice");
        t.implemented("tune.pipesize");
        t.implemented("setenv");
        t.implemented("presetenv");
        t.implemented("unsetenv");
        t.implemented("resetenv");
        t.implemented("nbproc");
        t.implemented("ca-base");
        t.implemented("crt-base");
        t.implemented("ssl-default-bind-ciphers");
        t.implemented("ssl-default-bind-ciphersuites");
        t.implemented("ssl-default-bind-options");
        t.implemented("ssl-default-server-ciphers");
        t.implemented("ssl-default-server-ciphersuites");
        t.implemented("ssl-default-server-options");
        t.implemented("ssl-server-verify");
        t.implemented("ssl-load-extra-del-ext");
        // hapair's own (README): swap certificate files that change on disk, checked every <interval>
        t.implemented("hapair-ssl-watch");
        t.implemented("tune.ssl.cachesize");
        t.implemented("tune.ssl.lifetime");
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

    /** The implemented keywords of {@link #build}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, Context c, ConfigLine l) {
        switch (keyword) {
            case "daemon" -> c.global.daemon = true;
            case "user" -> c.global.user = one(l);
            case "group" -> c.global.group = one(l);
            case "uid" -> c.global.user = String.valueOf(Units.parseInt(one(l), "'uid'"));
            case "gid" -> c.global.group = String.valueOf(Units.parseInt(one(l), "'gid'"));
            case "chroot" -> c.global.chroot = one(l);
            case "pidfile" -> c.global.pidfile = one(l);
            case "maxconn" -> c.global.maxconn = Units.parseInt(one(l), "'maxconn'");
            case "nbthread" -> {
                int n = Units.parseInt(one(l), "'nbthread'");
                if (n < 1) {
                    throw new LineError("'nbthread' must be at least 1");
                }
                c.global.nbthread = n;
            }
            case "log" -> c.global.logs.add(LogLineParser.parse(l));
            case "stats" -> GlobalKeywords.stats(c, l);
            case "hard-stop-after" -> c.global.hardStopAfter = time(one(l));
            case "tune.bufsize" -> c.global.tuneBufsize = size(one(l));
            case "tune.maxrewrite" -> c.global.tuneMaxrewrite = size(one(l));
            case "log-tag" -> c.global.logTag = one(l);
            case "tune.http.maxhdr" -> {
                int n = Units.parseInt(one(l), "'tune.http.maxhdr'");
                if (n < 1 || n > 32767) throw new LineError("'tune.http.maxhdr' must be between 1 and 32767, got " + n);
                c.global.tuneHttpMaxhdr = n;
            }
            case "tune.h2.max-concurrent-streams" -> c.global.tuneH2MaxConcurrentStreams = range(
                    l, 1, Integer.MAX_VALUE, "at least 1 (hapair" + " always keeps a limit on streams per connection)");
            case "tune.h2.header-table-size" -> c.global.tuneH2HeaderTableSize =
                    range(l, 4096, 65536, "between 4096 and 65536"); // HAProxy 2.6's bounds
            case "tune.h2.initial-window-size" -> c.global.tuneH2InitialWindowSize =
                    range(l, 0, Integer.MAX_VALUE, "between 0 and 2147483647");
            case "tune.h2.max-frame-size" -> c.global.tuneH2MaxFrameSize =
                    range(l, 16384, 16777215, "between 16384 and 16777215");
            case "quiet" -> c.global.quiet = true;
            case "nosplice" -> {
                if (l.size() > 1) throw new LineError("'nosplice' takes no argument, got '" + l.arg(1) + "'");
                c.global.nosplice = true;
            }
            case "tune.pipesize" -> c.global.tunePipesize = size(one(l));
            case "setenv" -> c.env.put(two(l)[0], two(l)[1]);
            case "presetenv" -> c.env.putIfAbsent(two(l)[0], two(l)[1]);
            case "unsetenv" -> l.from(1).forEach(c.env::remove);
            case "resetenv" -> {
                List<String> keep = l.from(1);
                c.env.keySet().removeIf(k -> !keep.contains(k));
            }
            case "nbproc" -> {
                if (Units.parseInt(one(l), "'nbproc'") > 1) {
                    throw new LineError("'nbproc' is not supported (removed in HAProxy 2.5); use 'nbthread'");
                }
            }
            case "ca-base" -> c.global.caBase = one(l);
            case "crt-base" -> c.global.crtBase = one(l);
            case "ssl-default-bind-ciphers" -> c.global.sslDefaultBindCiphers = one(l);
            case "ssl-default-bind-ciphersuites" -> c.global.sslDefaultBindCiphersuites = one(l);
            case "ssl-default-bind-options" -> GlobalKeywords.sslDefaultBindOptions(c, l);
            case "ssl-default-server-ciphers" -> c.global.sslDefaultServerCiphers = one(l);
            case "ssl-default-server-ciphersuites" -> c.global.sslDefaultServerCiphersuites = one(l);
            case "ssl-default-server-options" -> GlobalKeywords.sslDefaultServerOptions(c, l);
            case "ssl-server-verify" -> c.global.sslServerVerify = switch (one(l)) {
                case "none" -> VerifyMode.NONE;
                case "required" -> VerifyMode.REQUIRED;
                default -> throw new LineError("only supports 'none' and 'required', got '" + one(l) + "'");
            };
            case "ssl-load-extra-del-ext" -> {
                if (l.size() > 1) throw new LineError("'ssl-load-extra-del-ext' takes no argument");
                c.global.sslKeyDelExt = true;
            }
            case "hapair-ssl-watch" -> {
                java.time.Duration d = time(one(l));
                if (d.toMillis() < 1000) {
                    throw new LineError("'hapair-ssl-watch' expects an interval of at least 1s, got '" + one(l) + "'");
                }
                c.global.sslWatch = d;
            }
            case "tune.ssl.cachesize" -> {
                int n = Units.parseInt(one(l), "'tune.ssl.cachesize'");
                if (n < 0) {
                    throw new LineError("'tune.ssl.cachesize' expects a positive numeric value");
                }
                c.global.sslCacheSize = n;
            }
            case "tune.ssl.lifetime" -> {
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
            }
            default -> throw KeywordTable.noCase(keyword);
        }
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
        KeywordTable<Context> t = new KeywordTable<>("global stats", GlobalKeywords::handleStats);
        t.implemented("socket");
        t.implemented("timeout");
        t.tuning();
        return t;
    }

    /** The implemented keywords of {@link #statsTable}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handleStats(String keyword, Context c, ConfigLine l) {
        switch (keyword) {
            case "socket" -> c.global.statsSockets.add(statsSocket(c, l));
            case "timeout" -> c.global.statsTimeout = time(need(l, 2, "'stats timeout' expects a time value"));
            default -> throw KeywordTable.noCase(keyword);
        }
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
        KeywordTable<OptionWord<SocketDraft>> t = new KeywordTable<>("stats socket", GlobalKeywords::handleSocket);
        t.implemented("mode", 1);
        t.implemented("level", 1);
        t.implemented("expose-fd", 1);
        t.implemented("user", 1);
        t.implemented("uid", 1);
        t.implemented("group", 1);
        t.implemented("gid", 1);
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

    /** The implemented keywords of {@link #socketTable}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handleSocket(String keyword, OptionWord<SocketDraft> o, ConfigLine l) {
        switch (keyword) {
            case "mode" -> {
                try {
                    o.target().mode = Integer.parseInt(o.value(), 8);
                } catch (NumberFormatException e) {
                    throw new LineError("expects an octal mode, got '" + o.value() + "'");
                }
            }
            case "level" -> o.target().level = switch (o.value()) {
                case "user" -> StatsLevel.USER;
                case "operator" -> StatsLevel.OPERATOR;
                case "admin" -> StatsLevel.ADMIN;
                default -> throw new LineError(
                        "only supports 'user', 'operator', and 'admin', got '" + o.value() + "'");
            };
            case "expose-fd" -> {
                if (!"listeners".equals(o.value())) {
                    throw new LineError("only supports 'listeners', got '" + o.value() + "'");
                }
                o.target().exposeFd = true;
            }
            case "user" -> o.target().user = o.value();
            case "uid" -> o.target().user = String.valueOf(Units.parseInt(o.value(), "'uid'"));
            case "group" -> o.target().group = o.value();
            case "gid" -> o.target().group = String.valueOf(Units.parseInt(o.value(), "'gid'"));
            default -> throw KeywordTable.noCase(keyword);
        }
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
