package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass 3: checks what only the whole configuration can tell — duplicate names, references between proxies
 * (use_backend, default_backend, nbsrv(backend)), mode compatibility, listeners sharing an address — and
 * builds the immutable {@link HaproxyConfig}. Messages follow HAProxy's where it has one.
 */
public final class ConfigResolver {

    /** Fetches whose first argument names a backend (or {@code backend/server} for the srv_* ones). */
    private static final Set<String> BACKEND_FETCHES =
            Set.of("nbsrv", "connslots", "be_conn", "be_sess_rate", "queue", "avg_queue", "be_conn_free", "be_name");

    private static final Set<String> SERVER_FETCHES =
            Set.of("srv_is_up", "srv_conn", "srv_queue", "srv_sess_rate", "srv_conn_free");

    private ConfigResolver() {}

    static HaproxyConfig resolve(HaproxyParser parser) throws ConfigException {
        Diagnostics d = parser.diagnostics();
        List<ProxyConfig> proxies = new ArrayList<>();
        for (ProxyConfig.Builder b : parser.proxies()) {
            checkHttpCheckRequest(b, d);
            ProxyConfig p = b.build();
            ProxyOptions o = p.options();
            if (p.mode() == ProxyMode.TCP
                    && b.spliceAt != null
                    && (o.spliceRequest() || o.spliceResponse() || o.spliceAuto())) {
                // a tuning knob here: the same bytes go to the same place, copied through the JVM
                d.warn(
                        b.spliceAt,
                        "option",
                        p.kind().keyword() + " '" + p.name() + "' is in mode tcp: hapair-proxy splices HTTP/1 bodies"
                                + " only, so this proxy's streams are copied, not spliced");
            }
            if (p.isBackend() && b.httpCheckRulesAt != null && o.httpchk().isEmpty()) {
                // HAProxy runs its default check instead, with a warning: rules that would silently not run
                d.alert(
                        b.httpCheckRulesAt,
                        "http-check",
                        p.kind().keyword() + " '" + p.name() + "' has http-check rules without 'option httpchk':"
                                + " HAProxy ignores them and runs no HTTP check; add 'option httpchk' or remove them");
            }
            proxies.add(p);
        }
        List<ProxyConfig> checked = new ArrayList<>();
        for (ProxyConfig p : proxies) {
            checked.add(checkServers(p, d));
        }
        proxies = checked;
        checkDuplicateNames(proxies, d);
        checkDuplicateIds(proxies, d);
        Map<String, ProxyConfig> backends = new HashMap<>();
        for (ProxyConfig p : proxies) {
            if (p.isBackend()) {
                backends.putIfAbsent(p.name(), p);
            }
        }
        for (ProxyConfig p : proxies) {
            checkReferences(p, backends, d);
            checkModes(p, d);
        }
        checkSharedBinds(proxies, d);
        if (d.hasErrors()) {
            throw new ConfigException(d.all());
        }
        return new HaproxyConfig(
                parser.global().build(),
                proxies,
                parser.files(),
                d.warnings(),
                parser.userlists(),
                parser.httpErrors(),
                parser.globalVars());
    }

    /**
     * HTTP checks on, expect rules, and no request: the proxy's own http-check rules (or its defaults') started after
     * the section whose {@code option httpchk} enabled HTTP checks, with no send of their own. HAProxy 2.6 runs that
     * rule set as it is: it sends no request at all and the check never passes (haproxy 2.6.12: "Layer7 invalid
     * response", every server down). Refused rather than checked with a request HAProxy would not send.
     */
    private static void checkHttpCheckRequest(ProxyConfig.Builder b, Diagnostics d) {
        if (b.httpchkAt == null || b.httpCheckSend != null || b.httpCheckExpects.isEmpty()) return;
        if (b.servers.stream().noneMatch(ServerConfig::check)) return;
        d.alert(
                b.httpCheckExpects.get(0).location(),
                "http-check",
                "proxy '" + b.name + "': these http-check rules have no request: HAProxy 2.6 does not use the"
                        + " 'option httpchk' request of the defaults once a section has http-check rules of its own,"
                        + " and sends nothing (the check always fails). Add 'option httpchk <method> <uri>' or"
                        + " 'http-check send' beside them");
    }

    private static ProxyConfig checkServers(ProxyConfig p, Diagnostics d) {
        Map<String, ServerConfig> seen = new HashMap<>();
        for (ServerConfig s : p.servers()) {
            ServerConfig first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                d.alert(
                        s.location(),
                        "server",
                        p.kind().keyword() + " '" + p.name() + "', another server named '"
                                + s.name() + "' was already defined at line "
                                + first.location().line()
                                + ", please use distinct names");
            }
            if (s.check() && s.port() == 0 && s.checkPort().isEmpty()) {
                d.alert(
                        s.location(),
                        "server",
                        p.kind().keyword() + " '" + p.name() + "': server '" + s.name()
                                + "' has neither service port nor check port (write ADDR:PORT or add 'port N')");
            }
        }
        return p;
    }

    /** Two proxies cannot have the same {@code id} (HAProxy refuses it too). */
    private static void checkDuplicateIds(List<ProxyConfig> proxies, Diagnostics d) {
        Map<Integer, ProxyConfig> ids = new HashMap<>();
        for (ProxyConfig p : proxies) {
            if (p.id() == 0) continue;
            ProxyConfig clash = ids.putIfAbsent(p.id(), p);
            if (clash != null) {
                d.alert(
                        p.idLocation(),
                        "id",
                        p.kind().keyword() + " '" + p.name() + "' reuses the id " + p.id() + " of "
                                + clash.kind().keyword() + " '" + clash.name() + "' set at " + clash.idLocation());
            }
        }
    }

    private static void checkDuplicateNames(List<ProxyConfig> proxies, Diagnostics d) {
        Map<String, ProxyConfig> frontends = new HashMap<>();
        Map<String, ProxyConfig> backends = new HashMap<>();
        for (ProxyConfig p : proxies) {
            ProxyConfig clash = null;
            if (p.isFrontend()) {
                clash = frontends.putIfAbsent(p.name(), p);
            }
            if (clash == null && p.isBackend()) {
                clash = backends.putIfAbsent(p.name(), p);
            }
            if (clash != null) {
                d.alert(
                        p.location(),
                        p.kind().keyword(),
                        p.kind().keyword() + " '" + p.name()
                                + "' has the same name as " + clash.kind().keyword() + " '" + clash.name()
                                + "' declared at " + clash.location());
            }
        }
    }

    private static void checkReferences(ProxyConfig p, Map<String, ProxyConfig> backends, Diagnostics d) {
        p.defaultBackend().ifPresent(ref -> backendRef(p, ref, "default_backend", backends, d));
        for (UseBackendRule r : p.useBackends()) {
            backendRef(p, r.backend(), "use_backend", backends, d);
            r.condition().ifPresent(c -> checkCondition(p, c, backends, d));
        }
        for (RuleLine r : p.rules().lines()) {
            r.condition().ifPresent(c -> checkCondition(p, c, backends, d));
        }
        p.stats().adminCondition().ifPresent(c -> checkCondition(p, c, backends, d));
        for (AclDef a : p.acls()) {
            checkFetch(p, a, backends, d);
        }
    }

    private static void backendRef(
            ProxyConfig p, BackendRef ref, String keyword, Map<String, ProxyConfig> backends, Diagnostics d) {
        if (ref.isDynamic()) {
            return;
        }
        ProxyConfig b = backends.get(ref.name());
        if (b == null) {
            d.alert(
                    ref.location(),
                    keyword,
                    keyword + " '" + ref.name() + "' of " + p.kind().keyword() + " '" + p.name() + "': no such backend"
                            + Suggestions.didYouMean(ref.name(), backends.keySet()));
            return;
        }
        if (p.mode() == ProxyMode.HTTP && b.mode() == ProxyMode.TCP) {
            d.alert(
                    ref.location(),
                    keyword,
                    "http " + p.kind().keyword() + " '" + p.name()
                            + "' tries to use incompatible tcp backend '" + b.name() + "' (" + b.location() + ") in '"
                            + keyword + "' (see 'mode')");
        }
    }

    private static void checkCondition(ProxyConfig p, Condition c, Map<String, ProxyConfig> backends, Diagnostics d) {
        for (AclDef a : Conditions.anonymousAcls(c)) {
            checkFetch(p, a, backends, d);
        }
    }

    private static void checkFetch(ProxyConfig p, AclDef a, Map<String, ProxyConfig> backends, Diagnostics d) {
        boolean backendFetch = BACKEND_FETCHES.contains(a.fetchName());
        boolean serverFetch = SERVER_FETCHES.contains(a.fetchName());
        if (!backendFetch && !serverFetch) {
            return;
        }
        if (a.fetchArgs().isEmpty()) {
            if (backendFetch && !p.isBackend()) {
                d.alert(
                        a.location(),
                        "acl",
                        "fetch '" + a.fetchName() + "' without a backend argument needs a" + " backend, but "
                                + p.kind().keyword() + " '" + p.name() + "' is not one");
            } else if (serverFetch) {
                d.alert(a.location(), "acl", "fetch '" + a.fetchName() + "' expects <backend>/<server>");
            }
            return;
        }
        String arg = a.fetchArgs().get(0);
        String backendName = serverFetch && arg.contains("/") ? arg.substring(0, arg.indexOf('/')) : arg;
        ProxyConfig b = backendName.isEmpty() && serverFetch && p.isBackend() ? p : backends.get(backendName);
        if (b == null) {
            d.alert(
                    a.location(),
                    "acl",
                    "unable to find backend '" + backendName + "' referenced in arg 1 of"
                            + " ACL keyword '" + a.fetchName() + "' in "
                            + p.kind().keyword() + " '" + p.name() + "'"
                            + Suggestions.didYouMean(backendName, backends.keySet()));
            return;
        }
        if (serverFetch) {
            String server = arg.contains("/") ? arg.substring(arg.indexOf('/') + 1) : "";
            if (b.server(server).isEmpty()) {
                d.alert(
                        a.location(),
                        "acl",
                        "unable to find server '" + server + "' in backend '" + b.name()
                                + "' referenced by ACL keyword '" + a.fetchName() + "'"
                                + Suggestions.didYouMean(
                                        server,
                                        b.servers().stream()
                                                .map(ServerConfig::name)
                                                .toList()));
            }
        }
    }

    private static void checkModes(ProxyConfig p, Diagnostics d) {
        if (p.isFrontend() && p.binds().isEmpty()) {
            d.warn(
                    p.location(),
                    p.kind().keyword(),
                    p.kind().keyword() + " '" + p.name()
                            + "' has no 'bind' directive. Please declare it as a backend if this was intended");
        }
        String who = p.kind().keyword() + " '" + p.name() + "'";
        List<String> missing = new ArrayList<>();
        if (p.isFrontend() && p.timeouts().client().isEmpty()) {
            missing.add("'client'");
        }
        if (p.isBackend() && p.timeouts().connect().isEmpty()) {
            missing.add("'connect'");
        }
        if (p.isBackend() && p.timeouts().server().isEmpty()) {
            missing.add("'server'");
        }
        if (!missing.isEmpty() && !p.disabled()) {
            d.warn(
                    p.location(),
                    p.kind().keyword(),
                    "missing timeouts for " + who + ": " + String.join(", ", missing)
                            + " (while not properly invalid, this will cause problems; set them to non-zero values)");
        }
        if (p.mode() == ProxyMode.HTTP) {
            return;
        }
        if (p.isFrontend() && p.options().httplog()) {
            d.warn(
                    p.location(),
                    "option",
                    "'option httplog' not usable with " + who
                            + " (needs 'mode http'). Falling back to 'option tcplog'");
        }
        var optionFormat = p.rules().logFormat().filter(f -> f.origin() != RulesConfig.LogFormatLine.Origin.LOG_FORMAT);
        if (p.isFrontend() && optionFormat.isPresent()) {
            d.warn(
                    optionFormat.get().location(),
                    "option",
                    "'" + optionFormat.get().origin().keyword() + "' not usable with " + who
                            + " (needs 'mode http'). Falling back to 'option tcplog'");
        }
        if (p.isBackend() && p.cookie().isPresent()) {
            d.warn(p.cookie().get().location(), "cookie", "cookie will be ignored for " + who + " (needs 'mode http')");
        }
        if (p.isBackend()
                && (p.balance().algorithm() == BalanceAlgorithm.URI
                        || p.balance().algorithm() == BalanceAlgorithm.URL_PARAM
                        || p.balance().algorithm() == BalanceAlgorithm.HDR)) {
            d.warn(
                    p.balance().location(),
                    "balance",
                    "Layer 7 hash not possible for " + who + " (needs 'mode http'). Falling back to round robin");
        }
        if (p.stats().enabled()) {
            d.warn(p.stats().location(), "stats", "'stats' statement ignored for " + who + " as it requires HTTP mode");
        }
        for (String family : java.util.List.of("http-request", "http-response", "http-after-response")) {
            java.util.List<RuleLine> lines = p.rules().family(family);
            if (!lines.isEmpty()) {
                d.warn(
                        lines.get(0).location(),
                        family,
                        "'" + family + "' rules ignored for " + who + " as they require HTTP mode");
            }
        }
        if (p.options().forwardfor().isPresent() && p.isFrontend()) {
            d.warn(
                    p.options().forwardfor().get().location(),
                    "option",
                    "'option forwardfor' ignored for " + who + " as it requires HTTP mode");
        }
    }

    private static void checkSharedBinds(List<ProxyConfig> proxies, Diagnostics d) {
        Map<String, ProxyConfig> owners = new HashMap<>();
        Map<Integer, SourceLocation> fdOwners = new HashMap<>();
        for (ProxyConfig p : proxies) {
            if (!p.isFrontend() || p.disabled()) {
                continue;
            }
            for (BindConfig b : p.binds()) {
                for (Endpoint e : b.endpoints()) {
                    if (e instanceof Endpoint.Fd f) {
                        SourceLocation first = fdOwners.putIfAbsent(f.fd(), b.location());
                        if (first != null) {
                            // one inherited socket is one listener: it cannot be adopted twice
                            d.alert(b.location(), "bind", "'" + f.display() + "' is already bound at " + first);
                        }
                        continue;
                    }
                    String key = key(e);
                    if (key == null) {
                        continue;
                    }
                    ProxyConfig other = owners.putIfAbsent(key, p);
                    if (other != null && other != p) {
                        d.warn(
                                b.location(),
                                "bind",
                                p.kind().keyword() + " '" + p.name() + "' binds " + e.display()
                                        + " which " + other.kind().keyword() + " '" + other.name() + "' also binds ("
                                        + other.location() + "); connections will be spread between them");
                    }
                }
            }
        }
    }

    private static String key(Endpoint e) {
        if (e instanceof Endpoint.Inet i) {
            return i.isPortRange() || i.port() == 0 ? null : i.bindHost() + "|" + i.portFrom();
        }
        return "unix|" + e.display();
    }
}
