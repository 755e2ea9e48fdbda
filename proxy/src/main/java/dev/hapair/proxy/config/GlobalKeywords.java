package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Optional;

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

    private GlobalKeywords() {
    }

    private static KeywordTable<Context> build() {
        KeywordTable<Context> t = new KeywordTable<>("global");
        t.register("daemon", (c, l) -> c.global.daemon = true);
        t.register("master-worker", (c, l) -> c.global.masterWorker = true);
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
        t.register("ulimit-n", (c, l) -> c.global.ulimitN = Units.parseInt(one(l), "'ulimit-n'"));
        t.register("tune.bufsize", (c, l) -> c.global.tuneBufsize = size(one(l)));
        t.register("tune.maxrewrite", (c, l) -> c.global.tuneMaxrewrite = size(one(l)));
        t.register("tune.http.maxhdr", (c, l) -> c.global.tuneHttpMaxhdr = Units.parseInt(one(l), "'tune.http.maxhdr'"));
        t.register("spread-checks", (c, l) -> c.global.spreadChecks = Units.parseInt(one(l), "'spread-checks'"));
        t.register("quiet", (c, l) -> c.global.quiet = true);
        t.register("node", (c, l) -> c.global.node = one(l));
        t.register("description", (c, l) -> c.global.description = String.join(" ", l.from(1)));
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
        t.register("debug", (c, l) -> c.diagnostics.warn(l, "'debug' is ignored by hapair (use -d flags)"));
        // Recognised, ignored with a warning: HAProxy tuning and features hapair does not implement.
        t.unsupported("ca-base", "crt-base", "cpu-map", "ssl-default-bind-ciphers", "ssl-default-bind-ciphersuites",
                "ssl-default-bind-options", "ssl-default-server-ciphers", "ssl-default-server-ciphersuites",
                "ssl-default-server-options", "ssl-dh-param-file", "ssl-server-verify", "tune.ssl.default-dh-param",
                "tune.ssl.cachesize", "tune.ssl.lifetime", "tune.maxaccept", "tune.maxpollevents",
                "tune.rcvbuf.client", "tune.rcvbuf.server", "tune.sndbuf.client", "tune.sndbuf.server",
                "tune.h2.initial-window-size", "tune.h2.max-concurrent-streams", "tune.idletimer",
                "tune.http.cookielen", "tune.http.logurilen", "lua-load", "lua-prepend-path", "server-state-file",
                "server-state-base", "maxconnrate", "maxsessrate", "maxsslconn", "maxsslrate", "maxpipes",
                "maxcomprate", "maxcompcpuusage", "log-send-hostname", "log-tag", "localpeer", "unix-bind",
                "external-check", "insecure-fork-wanted", "insecure-setuid-wanted", "noepoll", "nosplice",
                "nogetaddrinfo", "noreuseport", "expose-experimental-directives", "h1-case-adjust",
                "h1-case-adjust-file", "set-dumpable", "strict-limits", "busy-polling", "max-spread-checks",
                "grace", "mworker-max-reloads", "issuers-chain-path", "zero-warning", "numa-cpu-mapping",
                "profiling.tasks", "profiling.memory", "thread-groups", "nbcores", "limited-quic");
        return t;
    }

    private static void stats(Context c, ConfigLine l) {
        String sub = l.arg(1);
        switch (sub) {
            case "socket" -> c.global.statsSockets.add(statsSocket(c, l));
            case "timeout" -> c.global.statsTimeout = time(need(l, 2, "'stats timeout' expects a time value"));
            case "maxconn" -> c.global.statsMaxconn = Units.parseInt(need(l, 2, "'stats maxconn' expects a number"),
                    "'stats maxconn'");
            case "bind-process" -> c.diagnostics.warn(l, "'stats bind-process' is not supported by hapair, ignored");
            default -> throw new LineError("'stats' in global expects 'socket', 'timeout' or 'maxconn'"
                    + (sub.isEmpty() ? "" : ", got '" + sub + "'"
                    + Suggestions.didYouMean(sub, List.of("socket", "timeout", "maxconn"))));
        }
    }

    private static StatsSocket statsSocket(Context c, ConfigLine l) {
        String addr = need(l, 2, "'stats socket' expects a path or IP:PORT");
        Endpoint ep = EndpointParser.listening(addr, l.location());
        Integer mode = null;
        StatsLevel level = StatsLevel.OPERATOR;
        boolean exposeFd = false;
        String user = null;
        String group = null;
        List<String> w = l.words();
        int i = 3;
        while (i < w.size()) {
            String k = w.get(i);
            String v = i + 1 < w.size() ? w.get(i + 1) : null;
            switch (k) {
                case "mode" -> {
                    try {
                        mode = Integer.parseInt(value(k, v), 8);
                    } catch (NumberFormatException e) {
                        throw new LineError("'stats socket ... mode' expects an octal mode, got '" + v + "'");
                    }
                    i += 2;
                }
                case "level" -> {
                    level = switch (value(k, v)) {
                        case "user" -> StatsLevel.USER;
                        case "operator" -> StatsLevel.OPERATOR;
                        case "admin" -> StatsLevel.ADMIN;
                        default -> throw new LineError("'level' only supports 'user', 'operator', and 'admin', got '"
                                + v + "'");
                    };
                    i += 2;
                }
                case "expose-fd" -> {
                    if (!"listeners".equals(v)) {
                        throw new LineError("'expose-fd' only supports 'listeners', got '" + v + "'");
                    }
                    exposeFd = true;
                    i += 2;
                }
                case "user", "uid" -> {
                    user = value(k, v);
                    i += 2;
                }
                case "group", "gid" -> {
                    group = value(k, v);
                    i += 2;
                }
                case "process", "thread", "name", "backlog", "maxconn", "severity-output", "id", "nice" -> {
                    value(k, v);
                    c.diagnostics.warn(l, "'stats socket' option '" + k + "' is not supported by hapair, ignored");
                    i += 2;
                }
                default -> throw new LineError("unknown 'stats socket' option '" + k + "'"
                        + Suggestions.didYouMean(k, List.of("mode", "level", "expose-fd", "user", "group")));
            }
        }
        return new StatsSocket(ep, mode == null ? OptionalInt.empty() : OptionalInt.of(mode), level, exposeFd,
                Optional.ofNullable(user), Optional.ofNullable(group), l.location());
    }

    private static String value(String k, String v) {
        if (v == null) {
            throw new LineError("'stats socket' option '" + k + "' expects a value");
        }
        return v;
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
