package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary of {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections, and the
 * helpers its families share. Families with their own vocabulary have their own class, as {@link BindKeywords}
 * and {@link ServerKeywords}: {@link TimeoutKeywords}, {@link StatsKeywords}, {@link HttpCheckKeywords},
 * {@link HttpRequestKeywords}, {@link BalanceKeywords}, {@link CookieKeywords}, {@link OptionKeywords}.
 */
final class ProxyKeywords {

    static final KeywordTable<ProxySection> TABLE = build();

    private ProxyKeywords() {}

    private static KeywordTable<ProxySection> build() {
        KeywordTable<ProxySection> t = new KeywordTable<>("proxy", ProxyKeywords::handle);
        t.implemented("mode");
        t.implemented("bind", Capability.F);
        t.implemented("maxconn", Capability.DF);
        t.implemented("timeout");
        t.implemented("balance", Capability.DB);
        t.implemented("hash-type", Capability.DB);
        t.implemented("option");
        t.implemented("no");
        t.implemented("http-check", Capability.DB);
        t.implemented("http-reuse", Capability.DB);
        t.implemented("retries", Capability.DB);
        t.implemented("acl", Capability.FB);
        t.implemented("use_backend", Capability.F);
        t.implemented("default_backend", Capability.DF);
        RuleKeywords.register(t);
        t.implemented("cookie", Capability.DB);
        t.implemented("server", Capability.B);
        t.implemented("default-server", Capability.DB);
        t.implemented("stats");
        t.implemented("monitor-uri", Capability.DF);
        t.implemented("log");
        t.implemented("stick-table", Capability.FB);
        t.implemented("id", Capability.FB);
        t.implemented("disabled");
        t.implemented("enabled");
        t.tuning();
        for (String k : List.of(
                "fullconn",
                "compression",
                "stick",
                "log-tag",
                "filter",
                "redirect",
                "email-alert",
                "server-template",
                "dynamic-cookie-key",
                "source",
                "persist",
                "rate-limit",
                "monitor",
                "monitor-net",
                "http-send-name-header",
                "max-keep-alive-queue",
                "load-server-state-from-file",
                "server-state-file-name",
                "external-check",
                "tcp-check",
                "grace",
                "hash-balance-factor",
                "retry-on",
                "use-fcgi-app",
                "dispatch",
                "transparent",
                "log-steps",
                "guid",
                "description",
                "option-ssl",
                "clitcpka-cnt",
                "clitcpka-idle",
                "clitcpka-intvl",
                "srvtcpka-cnt",
                "srvtcpka-idle",
                "srvtcpka-intvl",
                "reqadd",
                "reqdel",
                "reqrep",
                "rspadd",
                "rspdel",
                "rsprep",
                "block")) {
            t.unsupported(k, Capability.ALL, 0);
        }
        return t;
    }

    /** The implemented keywords of {@link #build}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, ProxySection s, ConfigLine l) {
        switch (keyword) {
            case "mode" -> ProxyKeywords.mode(s, l);
            case "bind" -> ProxyKeywords.bind(s, l);
            case "maxconn" -> s.proxy.maxconn = Units.parseInt(one(l), "'maxconn'");
            case "timeout" -> sub(TimeoutKeywords.TABLE, s, l, "timeout");
            case "balance" -> BalanceKeywords.balance(s, l);
            case "hash-type" -> BalanceKeywords.hashType(s, l);
            case "option" -> option(s, l, true);
            case "no" -> ProxyKeywords.no(s, l);
            case "http-check" -> sub(HttpCheckKeywords.TABLE, s, l, "http-check");
            case "http-reuse" -> ProxyKeywords.httpReuse(s, l);
            case "retries" -> s.proxy.retries = Units.parseInt(one(l), "'retries'");
            case "acl" -> ProxyKeywords.acl(s, l);
            case "use_backend" -> ProxyKeywords.useBackend(s, l);
            case "default_backend" -> s.proxy.defaultBackend = new BackendRef(one(l), l.location());
            case "cookie" -> CookieKeywords.cookie(s, l);
            case "server" -> ProxyKeywords.server(s, l);
            case "default-server" -> ProxyKeywords.defaultServer(s, l);
            case "stats" -> sub(StatsKeywords.TABLE, s, l, "stats");
            case "monitor-uri" -> s.proxy.monitorUri = one(l);
            case "log" -> ProxyKeywords.log(s, l);
            case "stick-table" -> {
                if (s.proxy.stickTable != null) throw new LineError("only one 'stick-table' per proxy");
                s.proxy.stickTable = StickTableConfig.parse(l.from(1), l.location());
            }
            case "id" -> {
                int id = Units.parseInt(one(l), "'id'");
                if (id <= 0) throw new LineError("custom id has to be > 0");
                s.proxy.id = id;
                s.proxy.idLocation = l.location();
            }
            case "disabled" -> s.proxy.disabled = true;
            case "enabled" -> s.proxy.disabled = false;
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    // ---- generic helpers -------------------------------------------------------------------------------

    /** {@code http-reuse never|safe|aggressive|always}. */
    private static void httpReuse(ProxySection s, ConfigLine l) {
        HttpReuse r = HttpReuse.of(one(l));
        if (r == null) throw new LineError("'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'");
        s.proxy.httpReuse = r;
    }

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
            throw new LineError(
                    "'" + name + "' not allowed because " + s.describe() + " has no " + missing + " capability");
        }
        s.warn(l, "'" + name + "' ignored because " + s.describe() + " has no " + missing + " capability");
        return false;
    }

    private static void sub(KeywordTable<ProxySection> table, ProxySection s, ConfigLine l, String family) {
        String k = l.arg(1);
        if (k.isEmpty()) {
            throw new LineError("'" + family + "' expects one of " + String.join(", ", table.keywords()));
        }
        KeywordTable.Entry<ProxySection> e = table.find(k)
                .orElseThrow(() -> new LineError(
                        "unknown keyword '" + family + " " + k + "' in " + s.describe() + table.didYouMean(k)));
        if (!allowed(s, l, family + " " + k, e.capabilities())) {
            return;
        }
        KeywordTable.apply(e, s, l, s.diagnostics, family + " " + k, s.describe());
    }

    /** Parses a condition whose acl names must already be declared in this section, as HAProxy requires. */
    static Condition condition(ProxySection s, List<String> words, SourceLocation at) {
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

    static Duration time(String v) {
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
        for (String addr : l.address(1).split(",")) {
            if (addr.isEmpty()) {
                throw new LineError("empty address in '" + l.arg(1) + "'");
            }
            d.endpoints.add(EndpointParser.listening(addr, l.location()));
        }
        OptionParsing.apply(BindKeywords.TABLE, d, l, 2, "'bind " + l.arg(1) + "' of " + s.describe(), s.diagnostics);
        s.proxy.binds.add(d.build(l.location()));
    }

    private static void option(ProxySection s, ConfigLine l, boolean enable) {
        int at = enable ? 1 : 2;
        String name = l.arg(at);
        if (name.isEmpty()) {
            throw new LineError("'option' expects an option name");
        }
        KeywordTable.Entry<OptionKeywords.Context> e = OptionKeywords.TABLE
                .find(name)
                .orElseThrow(() -> new LineError(
                        "unknown option '" + name + "' in " + s.describe() + OptionKeywords.TABLE.didYouMean(name)));
        if (!allowed(s, l, "option " + name, e.capabilities())) {
            return;
        }
        // drop the "no" so handlers see "option NAME args..." in every case
        ConfigLine shifted = enable ? l : new ConfigLine(l.location(), l.from(1), l.env());
        KeywordTable.apply(
                e,
                new OptionKeywords.Context(s, enable),
                shifted,
                s.diagnostics,
                (enable ? "" : "no ") + "option " + name,
                s.describe());
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

    static String next(List<String> args, int i, String what) {
        if (i + 1 >= args.size()) {
            throw new LineError("'" + what + "' expects a value");
        }
        return args.get(i + 1);
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

    private static void server(ProxySection s, ConfigLine l) {
        if (l.size() < 3) {
            throw new LineError("'server' expects <name> and <addr>[:<port>] as arguments");
        }
        String name = l.arg(1);
        ServerConfig.Builder b = s.proxy.defaultServer.copy();
        b.name = name;
        Endpoint.Unix unix = EndpointParser.unix(l.address(2), l.location());
        if (unix != null) {
            b.host = (unix.isAbstract() ? ServerConfig.ABNS_PREFIX : ServerConfig.UNIX_PREFIX) + unix.path();
            b.port = 0;
        } else {
            EndpointParser.HostPort hp = EndpointParser.server(l.address(2));
            b.host = hp.host();
            b.port = EndpointParser.serverPort(hp, l.address(2));
        }
        b.location = l.location();
        OptionParsing.apply(ServerKeywords.TABLE, b, l, 3, "server '" + name + "' of " + s.describe(), s.diagnostics);
        s.proxy.servers.add(b.build());
    }

    private static void defaultServer(ProxySection s, ConfigLine l) {
        OptionParsing.apply(
                ServerKeywords.TABLE,
                s.proxy.defaultServer,
                l,
                1,
                "'default-server' of " + s.describe(),
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

}
