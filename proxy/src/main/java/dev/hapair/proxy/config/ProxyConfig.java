package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code frontend}, {@code backend} or {@code listen} section after {@code defaults} inheritance.
 * Frontend-only fields are empty on backends and vice versa (HAProxy ignores them with a warning).
 *
 * @param fromDefaults the name of the defaults section it inherited from ({@code ""} for an anonymous one),
 *                     empty when none preceded it
 * @param defaultServer the {@code default-server} template (name and host empty)
 * @param logGlobal    {@code log global}: use the global section's log targets (see {@link #effectiveLogs})
 * @param retries      default 3
 * @param id           {@code id}: the proxy's persistent number (stats {@code iid}), 0 to let it be numbered
 * @param idLocation   where {@code id} was set ({@link SourceLocation#NONE} without one), for its errors
 * @param rules        the rule language lines ({@code http-request}, {@code tcp-request}...), error files,
 *                     captures, unique id and log format
 */
public record ProxyConfig(
        String name,
        ProxyKind kind,
        ProxyMode mode,
        Optional<String> fromDefaults,
        boolean disabled,
        Optional<String> description,
        List<BindConfig> binds,
        OptionalInt maxconn,
        OptionalInt fullconn,
        TimeoutsConfig timeouts,
        BalanceConfig balance,
        HashType hashType,
        ProxyOptions options,
        List<HttpCheckExpect> httpCheckExpects,
        int retries,
        List<AclDef> acls,
        List<UseBackendRule> useBackends,
        Optional<BackendRef> defaultBackend,
        RulesConfig rules,
        Optional<CookieConfig> cookie,
        List<ServerConfig> servers,
        ServerConfig defaultServer,
        StatsConfig stats,
        Optional<String> monitorUri,
        boolean logGlobal,
        List<LogTarget> logs,
        SourceLocation location,
        Optional<StickTableConfig> stickTable,
        int id,
        SourceLocation idLocation) {

    public static final int DEFAULT_RETRIES = 3;

    public ProxyConfig {
        binds = List.copyOf(binds);
        httpCheckExpects = List.copyOf(httpCheckExpects);
        acls = List.copyOf(acls);
        useBackends = List.copyOf(useBackends);
        servers = List.copyOf(servers);
        logs = List.copyOf(logs);
    }

    public boolean isFrontend() {
        return kind.isFrontend();
    }

    /**
     * {@code option tcp-smart-accept} as it applies to a listener of this proxy: as written or inherited, else
     * HAProxy 2.6's automatic value (cfgparse.c): on in {@code mode http} and on a {@code bind ... ssl}, off
     * otherwise. The runtime resolves it the same way ({@code FrontendSettings.smartAccept(boolean)}).
     */
    public boolean tcpSmartAccept(boolean sslBind) {
        Boolean set = options.tcpSmartAccept();
        return set != null ? set : mode == ProxyMode.HTTP || sslBind;
    }

    public boolean isBackend() {
        return kind.isBackend();
    }

    public Optional<ServerConfig> server(String serverName) {
        return servers.stream().filter(s -> s.name().equals(serverName)).findFirst();
    }

    /** All acl definitions with this name (HAProxy ORs several lines of one name). */
    public List<AclDef> acls(String aclName) {
        return acls.stream().filter(a -> a.name().equals(aclName)).toList();
    }

    /** The log targets this proxy sends to: the global ones when {@code log global}, plus its own. */
    public List<LogTarget> effectiveLogs(GlobalConfig global) {
        if (!logGlobal) {
            return logs;
        }
        List<LogTarget> all = new ArrayList<>(global.logs());
        all.addAll(logs);
        return List.copyOf(all);
    }

    /**
     * Mutable builder: the parser fills one per section. A proxy starts as a {@link #copy()} of the
     * defaults section it inherits from, then its own lines override.
     */
    public static final class Builder {
        public String name = "";
        public ProxyKind kind = ProxyKind.LISTEN;
        public ProxyMode mode;
        public String fromDefaults;
        public boolean disabled;
        public String description;
        public final List<BindConfig> binds = new ArrayList<>();
        public Integer maxconn;
        public Integer fullconn;
        public final Map<TimeoutKind, Duration> timeouts = new EnumMap<>(TimeoutKind.class);
        public BalanceConfig balance;
        public HashType hashType;
        public boolean httplog;
        public boolean httplogClf;
        public boolean tcplog;
        public boolean dontlognull;
        public boolean dontlogNormal;
        public boolean logHealthChecks;
        public boolean redispatch;
        /** {@code option redispatch <interval>}: -1 (HAProxy's default) is the last retry. */
        public int redispatchAfter = -1;

        public boolean allbackups;
        public boolean abortonclose;
        public boolean disableH2Upgrade;
        /** {@code option splice-request|splice-response|splice-auto}. */
        public boolean spliceRequest, spliceResponse, spliceAuto;
        /** The last {@code option splice-*} line that turned splicing on (a tcp-mode proxy is warned at it). */
        public SourceLocation spliceAt;
        /** {@code [no] option tcp-smart-accept}; null: HAProxy's default for the mode (on in http only). */
        public Boolean tcpSmartAccept;

        public boolean acceptInvalidHttpRequest;
        public boolean acceptInvalidHttpResponse;
        public boolean tcpka;
        public boolean clitcpka;
        public boolean srvtcpka;
        public boolean tcpCheck;
        public HttpConnectionMode httpConnectionMode;
        /** {@code http-reuse}, null for the default ({@code safe}). */
        public HttpReuse httpReuse;

        public ForwardForConfig forwardfor;
        /** {@code option originalto}: same shape as forwardfor, header X-Original-To. */
        public ForwardForConfig originalto;

        public boolean httpBufferRequest;
        public HeaderNamePolicy restrictReqHdrNames = HeaderNamePolicy.PRESERVE;
        /** {@code option logasap}: log when the server connection is up (tcp) or its response head came (http). */
        public boolean logasap;

        /** The {@code option httpchk} line that turned HTTP checks on (the request is {@link #httpCheckSend}); null: off. */
        public SourceLocation httpchkAt;
        /** {@code option redis-check} and the other protocol checks; null: none. */
        public ProtocolCheck protocolCheck;
        /** The section's HTTP check request as merged so far (option httpchk and http-check send); null: none. */
        public HttpCheckSend httpCheckSend;
        /**
         * Whether this section has http-check rules of its own (an {@code option httpchk} or an {@code http-check}
         * rule); false for what a proxy copied from its defaults. Not copied.
         */
        boolean ownHttpCheckRules;
        /** The section's first http-check rule (send or expect), for the check that an HTTP check runs them. */
        SourceLocation httpCheckRulesAt;
        /** {@code http-check disable-on-404} (a proxy option in HAProxy: inherited from defaults, copied). */
        public boolean disableOn404;

        /**
         * HAProxy 2.6 keeps a rule set per section: the first {@code option httpchk} or {@code http-check} rule of a
         * proxy starts its own, and the request and expect rules it had from its defaults are no longer used (the
         * enabled HTTP check itself stays).
         */
        void startOwnHttpCheckRules() {
            if (ownHttpCheckRules) return;
            ownHttpCheckRules = true;
            httpCheckSend = null;
            httpCheckExpects.clear();
        }

        /** Adds a send rule ({@code option httpchk}'s implicit one or {@code http-check send}) as HAProxy merges it. */
        void addHttpCheckSend(HttpCheckSend rule) {
            startOwnHttpCheckRules();
            if (httpCheckSend == null || !httpCheckSend.explicit() && !rule.explicit()) {
                httpCheckSend = rule; // a later option httpchk line replaces an earlier one
            } else if (httpCheckSend.explicit() && rule.explicit()) {
                throw NotSupported.error(
                        "http-check send",
                        "",
                        "a second request (HAProxy needs an 'http-check connect' between them; hapair runs one"
                                + " request per check)");
            } else {
                httpCheckSend = httpCheckSend.overwrittenBy(rule);
            }
        }

        public final List<HttpCheckExpect> httpCheckExpects = new ArrayList<>();
        public Integer retries;
        public final List<AclDef> acls = new ArrayList<>();
        public final List<UseBackendRule> useBackends = new ArrayList<>();
        public BackendRef defaultBackend;
        public RulesConfig.Builder rules = new RulesConfig.Builder();
        public CookieConfig cookie;
        public final List<ServerConfig> servers = new ArrayList<>();
        public ServerConfig.Builder defaultServer = new ServerConfig.Builder();
        public StatsConfig.Builder stats = new StatsConfig.Builder();
        public String monitorUri;
        public boolean logGlobal;
        public final List<LogTarget> logs = new ArrayList<>();
        public SourceLocation location = SourceLocation.NONE;
        /** {@code stick-table}: not inherited from defaults (HAProxy does not allow it there). */
        public StickTableConfig stickTable;
        /** {@code id}: not inherited from defaults (HAProxy does not allow it there); 0 = numbered in order. */
        public int id;

        public SourceLocation idLocation = SourceLocation.NONE;

        // HAProxy 2.6 keeps one traffic log format per section: each of 'option httplog', 'option tcplog',
        // 'option httpslog' and 'log-format' replaces whichever came before, an inherited one included, so
        // the last of them in the section (else the defaults section's) decides. These three keep it one.

        /** {@code option httplog}: replaces an earlier tcplog, httpslog or log-format. */
        public void useHttplog() {
            httplog = true;
            tcplog = false;
            rules.logFormat = null;
        }

        /** {@code option tcplog}: replaces an earlier httplog, httpslog or log-format. */
        public void useTcplog() {
            tcplog = true;
            httplog = false;
            rules.logFormat = null;
        }

        /** {@code log-format} or {@code option httpslog}: replaces an earlier httplog, tcplog or format. */
        public void useLogFormat(RulesConfig.LogFormatLine format) {
            rules.logFormat = format;
            httplog = false;
            tcplog = false;
        }

        /** Copy of everything a defaults section can pass on. */
        public Builder copy() {
            Builder b = new Builder();
            b.name = name;
            b.kind = kind;
            b.mode = mode;
            b.fromDefaults = fromDefaults;
            b.disabled = disabled;
            b.description = description;
            b.binds.addAll(binds);
            b.maxconn = maxconn;
            b.fullconn = fullconn;
            b.timeouts.putAll(timeouts);
            b.balance = balance;
            b.hashType = hashType;
            b.httplog = httplog;
            b.httplogClf = httplogClf;
            b.tcplog = tcplog;
            b.dontlognull = dontlognull;
            b.dontlogNormal = dontlogNormal;
            b.logHealthChecks = logHealthChecks;
            b.redispatch = redispatch;
            b.redispatchAfter = redispatchAfter;
            b.allbackups = allbackups;
            b.abortonclose = abortonclose;
            b.disableH2Upgrade = disableH2Upgrade;
            b.spliceRequest = spliceRequest;
            b.spliceResponse = spliceResponse;
            b.spliceAuto = spliceAuto;
            b.spliceAt = spliceAt;
            b.tcpSmartAccept = tcpSmartAccept;
            b.acceptInvalidHttpRequest = acceptInvalidHttpRequest;
            b.acceptInvalidHttpResponse = acceptInvalidHttpResponse;
            b.tcpka = tcpka;
            b.clitcpka = clitcpka;
            b.srvtcpka = srvtcpka;
            b.tcpCheck = tcpCheck;
            b.httpConnectionMode = httpConnectionMode;
            b.httpReuse = httpReuse;
            b.forwardfor = forwardfor;
            b.originalto = originalto;
            b.httpBufferRequest = httpBufferRequest;
            b.restrictReqHdrNames = restrictReqHdrNames;
            b.logasap = logasap;
            b.httpchkAt = httpchkAt;
            b.protocolCheck = protocolCheck;
            b.httpCheckSend = httpCheckSend;
            b.disableOn404 = disableOn404;
            b.httpCheckExpects.addAll(httpCheckExpects);
            b.retries = retries;
            b.acls.addAll(acls);
            b.useBackends.addAll(useBackends);
            b.defaultBackend = defaultBackend;
            b.rules = rules.copy();
            b.cookie = cookie;
            b.servers.addAll(servers);
            b.defaultServer = defaultServer.copy();
            b.stats = stats.copy();
            b.monitorUri = monitorUri;
            b.logGlobal = logGlobal;
            b.logs.addAll(logs);
            b.location = location;
            return b;
        }

        public ProxyConfig build() {
            ProxyOptions options = new ProxyOptions(
                    httplog,
                    httplogClf,
                    tcplog,
                    dontlognull,
                    dontlogNormal,
                    logHealthChecks,
                    redispatch,
                    redispatchAfter,
                    allbackups,
                    abortonclose,
                    tcpka,
                    clitcpka,
                    srvtcpka,
                    tcpCheck,
                    httpConnectionMode == null ? HttpConnectionMode.KEEP_ALIVE : httpConnectionMode,
                    Optional.ofNullable(forwardfor),
                    Optional.ofNullable(httpchkAt).map(at -> HttpCheckSpec.of(httpCheckSend, disableOn404, at)),
                    Optional.ofNullable(protocolCheck),
                    acceptInvalidHttpRequest,
                    acceptInvalidHttpResponse,
                    Optional.ofNullable(originalto),
                    httpBufferRequest,
                    restrictReqHdrNames,
                    logasap,
                    disableH2Upgrade,
                    httpReuse == null ? HttpReuse.SAFE : httpReuse,
                    spliceRequest,
                    spliceResponse,
                    spliceAuto,
                    tcpSmartAccept);
            ServerConfig.Builder template = defaultServer.copy();
            template.name = "";
            template.host = "";
            template.port = 0;
            return new ProxyConfig(
                    name,
                    kind,
                    mode == null ? ProxyMode.TCP : mode,
                    Optional.ofNullable(fromDefaults),
                    disabled,
                    Optional.ofNullable(description),
                    binds,
                    maxconn == null ? OptionalInt.empty() : OptionalInt.of(maxconn),
                    fullconn == null ? OptionalInt.empty() : OptionalInt.of(fullconn),
                    new TimeoutsConfig(timeouts),
                    balance == null ? BalanceConfig.roundRobin() : balance,
                    hashType == null ? HashType.defaults() : hashType,
                    options,
                    httpCheckExpects,
                    retries == null ? DEFAULT_RETRIES : retries,
                    acls,
                    useBackends,
                    Optional.ofNullable(defaultBackend),
                    rules.build(),
                    Optional.ofNullable(cookie),
                    servers,
                    template.build(),
                    stats.build(),
                    Optional.ofNullable(monitorUri),
                    logGlobal,
                    logs,
                    location,
                    Optional.ofNullable(stickTable),
                    id,
                    idLocation);
        }
    }
}
