package dev.hapair.proxy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The vocabulary of {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections. */
final class ProxyKeywords {

    static final KeywordTable<ProxySection> TABLE = build();

    /** {@code timeout X}: where each one applies, as in HAProxy's matrix. */
    static final KeywordTable<ProxySection> TIMEOUTS = timeouts();

    /** {@code stats X} in proxies. */
    static final KeywordTable<ProxySection> STATS = stats();

    /** {@code http-check X}. */
    static final KeywordTable<ProxySection> HTTP_CHECK = httpCheck();

    private ProxyKeywords() {
    }

    private static KeywordTable<ProxySection> build() {
        KeywordTable<ProxySection> t = new KeywordTable<>("proxy");
        t.register("mode", ProxyKeywords::mode);
        t.register("bind", Capability.F, ProxyKeywords::bind);
        t.register("maxconn", Capability.DF, (s, l) -> s.proxy.maxconn = Units.parseInt(one(l), "'maxconn'"));
        t.register("timeout", (s, l) -> sub(TIMEOUTS, s, l, "timeout"));
        t.register("balance", Capability.DB, ProxyKeywords::balance);
        t.register("hash-type", Capability.DB, ProxyKeywords::hashType);
        t.register("option", (s, l) -> option(s, l, true));
        t.register("no", ProxyKeywords::no);
        t.register("http-check", Capability.DB, (s, l) -> sub(HTTP_CHECK, s, l, "http-check"));
        t.register("retries", Capability.DB, (s, l) -> s.proxy.retries = Units.parseInt(one(l), "'retries'"));
        t.register("acl", Capability.FB, ProxyKeywords::acl);
        t.register("use_backend", Capability.F, ProxyKeywords::useBackend);
        t.register("default_backend", Capability.DF, (s, l) -> s.proxy.defaultBackend = new BackendRef(one(l),
                l.location()));
        RuleKeywords.register(t);
        t.register("cookie", Capability.DB, ProxyKeywords::cookie);
        t.register("server", Capability.B, ProxyKeywords::server);
        t.register("default-server", Capability.DB, ProxyKeywords::defaultServer);
        t.register("stats", (s, l) -> sub(STATS, s, l, "stats"));
        t.register("monitor-uri", Capability.DF, (s, l) -> s.proxy.monitorUri = one(l));
        t.register("log", ProxyKeywords::log);
        t.register("disabled", (s, l) -> s.proxy.disabled = true);
        t.register("enabled", (s, l) -> s.proxy.disabled = false);
        t.tuning();
        for (String k : List.of("id", "fullconn", "tcp-response",
                "compression", "stick-table", "stick", "log-format-sd", "log-tag", "filter",
                "http-reuse", "redirect", "force-persist", "ignore-persist", "email-alert", "server-template",
                "dynamic-cookie-key", "source", "persist", "rate-limit", "monitor", "monitor-net",
                "http-send-name-header", "use-server", "declare", "max-keep-alive-queue",
                "load-server-state-from-file", "server-state-file-name", "external-check", "http-error",
                "tcp-check", "grace", "hash-balance-factor", "retry-on", "error-log-format", "dispatch",
                "transparent", "log-steps", "guid", "description", "option-ssl", "clitcpka-cnt",
                "clitcpka-idle", "clitcpka-intvl", "srvtcpka-cnt", "srvtcpka-idle", "srvtcpka-intvl", "reqadd",
                "reqdel", "reqrep", "rspadd", "rspdel", "rsprep", "block")) {
            t.unsupported(k, Capability.ALL, 0);
        }
        return t;
    }

    // ---- generic helpers -------------------------------------------------------------------------------

    static String one(ConfigLine l) {
        return GlobalKeywords.one(l);
    }

    /**
     * Checks where a keyword may be used. Returns false (after a warning, as HAProxy does) when the proxy
     * lacks the capability; throws for keywords forbidden in defaults and for {@code server} in a frontend.
     */
    static boolean allowed(ProxySection s, ConfigLine l, String name, Set<Capability> caps) {
        if (s.isDefaults()) {
            if (!caps.contains(Capability.DEFAULTS)) {
                throw new LineError("'" + name + "' not allowed in " + s.describe());
            }
            return true;
        }
        if ((s.hasFrontend() && caps.contains(Capability.FRONTEND))
                || (s.hasBackend() && caps.contains(Capability.BACKEND))) {
            return true;
        }
        String missing = s.hasFrontend() ? "backend" : "frontend";
        if (name.equals("server")) {
            throw new LineError("'" + name + "' not allowed because " + s.describe() + " has no " + missing
                    + " capability");
        }
        s.warn(l, "'" + name + "' ignored because " + s.describe() + " has no " + missing + " capability");
        return false;
    }

    private static void sub(KeywordTable<ProxySection> table, ProxySection s, ConfigLine l, String family) {
        String k = l.arg(1);
        if (k.isEmpty()) {
            throw new LineError("'" + family + "' expects one of " + String.join(", ", table.keywords()));
        }
        KeywordTable.Entry<ProxySection> e = table.find(k).orElseThrow(() -> new LineError(
                "unknown keyword '" + family + " " + k + "' in " + s.describe() + table.didYouMean(k)));
        if (!allowed(s, l, family + " " + k, e.capabilities())) {
            return;
        }
        KeywordTable.apply(e, s, l, s.diagnostics, family + " " + k, s.describe());
    }

    /** Parses a condition whose acl names must already be declared in this section, as HAProxy requires. */
    private static Condition condition(ProxySection s, List<String> words, SourceLocation at) {
        Condition c = ConditionParser.parse(words, at);
        checkAclRefs(s, c);
        return c;
    }

    private static void checkAclRefs(ProxySection s, Condition c) {
        for (Condition.AclRef r : Conditions.aclRefs(c)) {
            if (!AclParser.PREDEFINED.contains(r.name())
                    && s.proxy.acls.stream().noneMatch(a -> a.name().equals(r.name()))) {
                List<String> names = new ArrayList<>(AclParser.PREDEFINED);
                s.proxy.acls.forEach(a -> names.add(a.name()));
                throw new LineError("no such ACL '" + r.name() + "' in " + s.describe()
                        + " (acls must be declared before use)" + Suggestions.didYouMean(r.name(), names));
            }
        }
    }

    private static Duration time(String v) {
        return GlobalKeywords.time(v);
    }

    // ---- handlers ------------------------------------------------------------------------------------------

    private static void mode(ProxySection s, ConfigLine l) {
        switch (one(l)) {
            case "tcp" -> s.proxy.mode = ProxyMode.TCP;
            case "http" -> s.proxy.mode = ProxyMode.HTTP;
            case "health" -> throw new LineError("'mode health' doesn't exist anymore (use 'monitor-uri')");
            default -> throw new LineError("unknown proxy mode '" + l.arg(1) + "' (expected 'tcp' or 'http')"
                    + Suggestions.didYouMean(l.arg(1), List.of("tcp", "http")));
        }
    }

    private static void bind(ProxySection s, ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'bind' expects <addr:port>[,...] as argument");
        }
        BindKeywords.Draft d = new BindKeywords.Draft();
        for (String addr : l.arg(1).split(",")) {
            if (addr.isEmpty()) {
                throw new LineError("empty address in '" + l.arg(1) + "'");
            }
            Endpoint ep = EndpointParser.listening(addr, l.location());
            if (ep instanceof Endpoint.Unix) {
                throw NotSupported.error("bind " + addr, s.describe(), "unix socket listeners");
            }
            d.endpoints.add(ep);
        }
        OptionParsing.apply(BindKeywords.TABLE, d, l, 2, "'bind " + l.arg(1) + "' of " + s.describe(),
                s.diagnostics);
        s.proxy.binds.add(d.build(l.location()));
    }

    private static void option(ProxySection s, ConfigLine l, boolean enable) {
        int at = enable ? 1 : 2;
        String name = l.arg(at);
        if (name.isEmpty()) {
            throw new LineError("'option' expects an option name");
        }
        KeywordTable.Entry<OptionKeywords.Context> e = OptionKeywords.TABLE.find(name).orElseThrow(() ->
                new LineError("unknown option '" + name + "' in " + s.describe()
                        + OptionKeywords.TABLE.didYouMean(name)));
        if (!allowed(s, l, "option " + name, e.capabilities())) {
            return;
        }
        // drop the "no" so handlers see "option NAME args..." in every case
        ConfigLine shifted = enable ? l : new ConfigLine(l.location(), l.from(1));
        KeywordTable.apply(e, new OptionKeywords.Context(s, enable), shifted, s.diagnostics,
                (enable ? "" : "no ") + "option " + name, s.describe());
    }

    private static void no(ProxySection s, ConfigLine l) {
        switch (l.arg(1)) {
            case "option" -> option(s, l, false);
            case "log" -> {
                s.proxy.logGlobal = false;
                s.proxy.logs.clear();
            }
            default -> throw new LineError("'no' only supports 'option' and 'log', got '" + l.arg(1) + "'");
        }
    }

    private static void balance(ProxySection s, ConfigLine l) {
        String spec = l.arg(1);
        if (spec.isEmpty()) {
            throw new LineError("'balance' expects an algorithm");
        }
        String algo = spec.contains("(") ? spec.substring(0, spec.indexOf('(')) : spec;
        BalanceAlgorithm a = BalanceAlgorithm.byKeyword(algo).orElseThrow(() -> new LineError(
                "unknown balance algorithm '" + algo + "'" + Suggestions.didYouMean(algo,
                        java.util.Arrays.stream(BalanceAlgorithm.values()).map(BalanceAlgorithm::keyword).toList())));
        String param = null;
        Integer len = null;
        Integer depth = null;
        boolean whole = false;
        boolean domainOnly = false;
        List<String> extra = new ArrayList<>();
        List<String> rest = l.from(2);
        switch (a) {
            case HDR, RDP_COOKIE -> {
                if (spec.contains("(")) {
                    if (!spec.endsWith(")")) {
                        throw new LineError("missing ')' in 'balance " + spec + "'");
                    }
                    param = spec.substring(spec.indexOf('(') + 1, spec.length() - 1);
                }
                if (a == BalanceAlgorithm.HDR && (param == null || param.isEmpty())) {
                    throw new LineError("'balance hdr' requires a header name: 'balance hdr(<name>)'");
                }
                for (String r : rest) {
                    if (a == BalanceAlgorithm.HDR && r.equals("use_domain_only")) {
                        domainOnly = true;
                    } else {
                        throw new LineError("unexpected argument '" + r + "' to 'balance " + spec + "'");
                    }
                }
            }
            case URL_PARAM -> {
                if (rest.isEmpty()) {
                    throw new LineError("'balance url_param' requires a parameter name");
                }
                param = rest.get(0);
                extra.addAll(rest.subList(1, rest.size()));
            }
            case URI -> {
                for (int i = 0; i < rest.size(); i++) {
                    switch (rest.get(i)) {
                        case "len" -> len = Units.parseInt(next(rest, i++, "len"), "'balance uri len'");
                        case "depth" -> depth = Units.parseInt(next(rest, i++, "depth"), "'balance uri depth'");
                        case "whole" -> whole = true;
                        case "path-only" -> extra.add("path-only");
                        case "hash-key" -> extra.add(next(rest, i++, "hash-key"));
                        default -> throw new LineError("'balance uri' only accepts 'len', 'depth', 'whole' and"
                                + " 'path-only', got '" + rest.get(i) + "'");
                    }
                }
            }
            case RANDOM -> {
                if (spec.contains("(")) {
                    extra.add(spec.substring(spec.indexOf('(') + 1, spec.length() - 1));
                }
            }
            default -> {
                if (!rest.isEmpty()) {
                    // HAProxy ignores them silently; refuse instead of guessing what was meant
                    throw new LineError("'balance " + spec + "' takes no argument, got '" + String.join(" ", rest) + "'");
                }
                if (spec.contains("(")) {
                    throw new LineError("'balance " + algo + "' takes no parenthesised argument");
                }
            }
        }
        s.proxy.balance = new BalanceConfig(a, Optional.ofNullable(param),
                len == null ? OptionalInt.empty() : OptionalInt.of(len),
                depth == null ? OptionalInt.empty() : OptionalInt.of(depth), whole, domainOnly, extra, l.location());
    }

    private static String next(List<String> args, int i, String what) {
        if (i + 1 >= args.size()) {
            throw new LineError("'" + what + "' expects a value");
        }
        return args.get(i + 1);
    }

    private static void hashType(ProxySection s, ConfigLine l) {
        HashType.Method m = switch (l.arg(1)) {
            case "map-based" -> HashType.Method.MAP_BASED;
            case "consistent" -> HashType.Method.CONSISTENT;
            default -> throw new LineError("'hash-type' expects 'map-based' or 'consistent', got '" + l.arg(1) + "'"
                    + Suggestions.didYouMean(l.arg(1), List.of("map-based", "consistent")));
        };
        String fn = "sdbm";
        boolean avalanche = false;
        for (String w : l.from(2)) {
            switch (w) {
                case "sdbm", "djb2", "wt6", "crc32", "none" -> fn = w;
                case "avalanche" -> avalanche = true;
                default -> throw new LineError("unknown hash function or modifier '" + w + "'");
            }
        }
        s.proxy.hashType = new HashType(m, fn, avalanche, l.location());
    }

    private static void acl(ProxySection s, ConfigLine l) {
        String name = l.arg(1);
        if (name.isEmpty()) {
            throw new LineError("'acl' expects <name> <fetch> [flags] [values]");
        }
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            throw new LineError("acl name '" + name + "' contains invalid characters (only letters, digits,"
                    + " '-', '_', '.' and ':' are allowed)");
        }
        s.proxy.acls.add(AclParser.parse(name, l.from(2), l.location()));
    }

    private static void useBackend(ProxySection s, ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'use_backend' expects a backend name");
        }
        Optional<Condition> cond = Optional.empty();
        if (l.size() > 2) {
            cond = Optional.of(condition(s, l.from(2), l.location()));
        }
        s.proxy.useBackends.add(new UseBackendRule(new BackendRef(l.arg(1), l.location()), cond, l.location()));
    }


    private static void cookie(ProxySection s, ConfigLine l) {
        String name = l.arg(1);
        if (name.isEmpty()) {
            throw new LineError("'cookie' expects <cookie_name> as argument");
        }
        CookieConfig.Mode mode = CookieConfig.Mode.PASSIVE;
        boolean indirect = false;
        boolean nocache = false;
        boolean postonly = false;
        boolean preserve = false;
        boolean httponly = false;
        boolean secure = false;
        boolean dynamic = false;
        List<String> domains = new ArrayList<>();
        List<String> attrs = new ArrayList<>();
        Duration maxidle = null;
        Duration maxlife = null;
        List<String> w = l.from(2);
        List<String> known = List.of("insert", "rewrite", "prefix", "indirect", "nocache", "postonly", "preserve",
                "httponly", "secure", "domain", "maxidle", "maxlife", "dynamic", "attr");
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            switch (k) {
                case "insert" -> mode = CookieConfig.Mode.INSERT;
                case "rewrite" -> mode = CookieConfig.Mode.REWRITE;
                case "prefix" -> mode = CookieConfig.Mode.PREFIX;
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "postonly" -> postonly = true;
                case "preserve" -> preserve = true;
                case "httponly" -> httponly = true;
                case "secure" -> secure = true;
                case "dynamic" -> throw NotSupported.error("cookie ... dynamic");
                case "domain" -> domains.add(next(w, i++, "domain"));
                case "attr" -> attrs.add(next(w, i++, "attr"));
                case "maxidle" -> maxidle = Units.parseTime(next(w, i++, "maxidle"), Units.TimeUnitDefault.SECONDS);
                case "maxlife" -> maxlife = Units.parseTime(next(w, i++, "maxlife"), Units.TimeUnitDefault.SECONDS);
                default -> throw new LineError("unknown 'cookie' option '" + k + "'" + Suggestions.didYouMean(k, known));
            }
        }
        if (preserve && mode != CookieConfig.Mode.INSERT) {
            // HAProxy: "preserve" only makes sense with "insert"
            s.warn(l, "'cookie " + name + "': 'preserve' is only meaningful with 'insert'");
        }
        if ((maxidle != null || maxlife != null) && mode != CookieConfig.Mode.INSERT) {
            s.warn(l, "'cookie " + name + "': 'maxidle' and 'maxlife' only apply with 'insert', ignored");
            maxidle = null;
            maxlife = null;
        }
        s.proxy.cookie = new CookieConfig(name, mode, indirect, nocache, postonly, preserve, httponly, secure,
                dynamic, domains, Optional.ofNullable(maxidle), Optional.ofNullable(maxlife), attrs, l.location());
    }

    private static void server(ProxySection s, ConfigLine l) {
        if (l.size() < 3) {
            throw new LineError("'server' expects <name> and <addr>[:<port>] as arguments");
        }
        String name = l.arg(1);
        EndpointParser.HostPort hp = EndpointParser.server(l.arg(2));
        ServerConfig.Builder b = s.proxy.defaultServer.copy();
        b.name = name;
        b.host = hp.host();
        b.port = EndpointParser.serverPort(hp, l.arg(2));
        b.location = l.location();
        OptionParsing.apply(ServerKeywords.TABLE, b, l, 3, "server '" + name + "' of " + s.describe(),
                s.diagnostics);
        s.proxy.servers.add(b.build());
    }

    private static void defaultServer(ProxySection s, ConfigLine l) {
        OptionParsing.apply(ServerKeywords.TABLE, s.proxy.defaultServer, l, 1, "'default-server' of " + s.describe(),
                s.diagnostics);
    }

    private static void log(ProxySection s, ConfigLine l) {
        if (l.arg(1).equals("global") && l.size() == 2) {
            s.proxy.logGlobal = true;
            return;
        }
        s.proxy.logs.add(LogLineParser.parse(l));
    }

    // ---- sub-tables -----------------------------------------------------------------------------------------

    private static KeywordTable<ProxySection> timeouts() {
        KeywordTable<ProxySection> t = new KeywordTable<>("timeout");
        for (TimeoutKind k : TimeoutKind.values()) {
            Set<Capability> caps = switch (k) {
                case CLIENT, CLIENT_FIN -> Capability.DF;
                case CONNECT, SERVER, SERVER_FIN, QUEUE, CHECK, TUNNEL -> Capability.DB;
                default -> Capability.ALL;
            };
            if (!k.implemented()) {
                t.unsupported(k.keyword(), caps, 0);
                continue;
            }
            t.register(k.keyword(), caps, (s, l) -> {
                if (l.size() != 3) {
                    throw new LineError("'timeout " + k.keyword() + "' expects exactly one time value");
                }
                s.proxy.timeouts.put(k, time(l.arg(2)));
            });
        }
        return t;
    }

    private static KeywordTable<ProxySection> stats() {
        KeywordTable<ProxySection> t = new KeywordTable<>("stats");
        t.register("enable", (s, l) -> stats(s, l).enabled = true);
        t.register("disable", (s, l) -> stats(s, l).enabled = false);
        t.register("uri", (s, l) -> stats(s, l).uri = value(l, "<uri>"));
        t.register("realm", (s, l) -> stats(s, l).realm = String.join(" ", l.from(2)));
        t.register("auth", (s, l) -> {
            String v = value(l, "<user>:<password>");
            int colon = v.indexOf(':');
            if (colon <= 0) {
                throw new LineError("'stats auth' expects <user>:<password>, got '" + v + "'");
            }
            stats(s, l).auths.add(new StatsAuth(v.substring(0, colon), v.substring(colon + 1), l.location()));
        });
        t.register("refresh", (s, l) -> stats(s, l).refresh = Units.parseTime(value(l, "<delay>"),
                Units.TimeUnitDefault.SECONDS));
        t.register("admin", (s, l) -> {
            if (l.size() < 4) {
                throw new LineError("'stats admin' requires either 'if' or 'unless' followed by a condition");
            }
            stats(s, l).adminCondition = condition(s, l.from(2), l.location());
        });
        t.register("hide-version", (s, l) -> stats(s, l).hideVersion = true);
        t.register("scope", (s, l) -> stats(s, l).scopes.add(value(l, "<proxy>")));
        t.tuning();
        t.unsupported("show-legends", "show-node", "show-desc", "show-modules", "http-request");
        // 'stats socket' and 'stats timeout' belong to the global section
        return t;
    }

    /** Any stats keyword but 'disable' implies 'stats enable', as in HAProxy. */
    private static StatsConfig.Builder stats(ProxySection s, ConfigLine l) {
        StatsConfig.Builder b = s.proxy.stats;
        b.enabled = true;
        b.location = l.location();
        return b;
    }

    private static String value(ConfigLine l, String usage) {
        if (l.size() != 3) {
            throw new LineError("'" + l.keyword() + " " + l.arg(1) + "' expects " + usage);
        }
        return l.arg(2);
    }

    private static KeywordTable<ProxySection> httpCheck() {
        KeywordTable<ProxySection> t = new KeywordTable<>("http-check");
        t.register("expect", Capability.DB, (s, l) -> {
            List<String> w = l.from(2);
            int i = 0;
            boolean negate = false;
            if (i < w.size() && w.get(i).equals("!")) {
                negate = true;
                i++;
            }
            if (w.size() - i != 2) {
                throw new LineError("'http-check expect' expects [!] status|rstatus|string|rstring <pattern>");
            }
            HttpCheckExpect.Kind kind = switch (w.get(i)) {
                case "status" -> HttpCheckExpect.Kind.STATUS;
                case "rstatus" -> HttpCheckExpect.Kind.RSTATUS;
                case "string" -> HttpCheckExpect.Kind.STRING;
                case "rstring" -> HttpCheckExpect.Kind.RSTRING;
                default -> throw new LineError("'http-check expect' only supports 'status', 'rstatus', 'string'"
                        + " and 'rstring', got '" + w.get(i) + "'");
            };
            String pattern = w.get(i + 1);
            if (kind == HttpCheckExpect.Kind.STATUS && !pattern.matches("[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*")) {
                throw new LineError("'http-check expect status' expects a status code, range or list, got '"
                        + pattern + "'");
            }
            boolean onStatus = kind == HttpCheckExpect.Kind.STATUS || kind == HttpCheckExpect.Kind.RSTATUS;
            if (negate && onStatus) {
                throw NotSupported.error("http-check expect ! " + w.get(i));
            }
            for (HttpCheckExpect prev : s.proxy.httpCheckExpects) {
                boolean prevOnStatus = prev.kind() == HttpCheckExpect.Kind.STATUS
                        || prev.kind() == HttpCheckExpect.Kind.RSTATUS;
                if (prevOnStatus == onStatus) {
                    throw NotSupported.error("http-check expect", s.describe(), "a second rule on the response "
                            + (onStatus ? "status" : "body") + " (hapair runs one status and one body rule)");
                }
            }
            s.proxy.httpCheckExpects.add(new HttpCheckExpect(negate, kind, pattern, l.location()));
        });
        t.unsupported("send", Capability.DB, 0);
        t.unsupported("send-state", Capability.DB, 0);
        t.unsupported("disable-on-404", Capability.DB, 0);
        t.unsupported("connect", Capability.DB, 0);
        t.unsupported("comment", Capability.DB, 0);
        t.unsupported("set-var", Capability.DB, 0);
        t.unsupported("unset-var", Capability.DB, 0);
        return t;
    }
}
