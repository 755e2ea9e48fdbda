package dev.hapair.proxy.runtime;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.acl.AclCompiler;
import dev.hapair.proxy.acl.AclException;
import dev.hapair.proxy.acl.AclTable;
import dev.hapair.proxy.acl.BackendStates;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.acl.ConfigAcls;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.ForwardFor;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.ServerEventText;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.GlobalConfig;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.config.ServerConfig;
import dev.hapair.proxy.config.UseBackendRule;
import dev.hapair.proxy.lb.LbAlgorithmFactory;
import dev.hapair.proxy.lb.LbConfigException;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.rules.ProxyRulesCompiler;
import dev.hapair.proxy.rules.RuleException;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Builds the live runtime (frontends, backends, servers, routing, rules, checks) from a resolved
 * {@link HaproxyConfig}. Pure translation plus name resolution; nothing is bound or started here.
 */
public final class RuntimeBuilder {
    private final HaproxyConfig config;
    private final LongSupplier clockMillis;
    private final Consumer<String> warn;
    private final LogSinks logSinks;
    private final Map<String, BackendRuntime> backends = new LinkedHashMap<>();
    private final List<FrontendRuntime> frontends = new ArrayList<>();
    /** The same frontends by name, for the {@code fe_conn} fetch (filled as they are built). */
    private final Map<String, FrontendRuntime> frontendsByName = new java.util.HashMap<>();

    private final HealthChecks checks = new HealthChecks();
    private final AclCompiler compiler;
    private final ProxyRulesCompiler rulesCompiler;
    /** Every {@code bind ... ssl}: the runtime API's certificate store acts on them. */
    private final List<dev.hapair.proxy.tls.ServerTls> listeners = new ArrayList<>();
    /** Servers sending a client certificate: entries of the certificate store as in HAProxy 2.6. */
    private final dev.hapair.proxy.tls.ServerCertificates serverCertificates =
            new dev.hapair.proxy.tls.ServerCertificates();
    /** The CA and CRL files of this configuration, shared by its binds and servers (runtime API: ssl ca-file). */
    private final dev.hapair.proxy.tls.CaFileStore caFiles = new dev.hapair.proxy.tls.CaFileStore();

    private final ProxyRules.Live live;
    /** Global set-var lines that do not compile: the configuration is refused at build. */
    private final List<RuleException> globalVarErrors = new ArrayList<>();

    private final Map<ProxyConfig, ProxyRules> compiledRules = new java.util.IdentityHashMap<>();
    private ProxyRuntime previous;
    private HaproxyConfig previousConfig;
    private HealthChecks previousChecks;
    private final List<ServerRuntime> kept = new ArrayList<>();
    private Map<Integer, InetSocketAddress> fdAddresses = Map.of();

    RuntimeBuilder(HaproxyConfig config, LongSupplier clockMillis, Consumer<String> warn, LogSinks logSinks) {
        this.config = config;
        this.clockMillis = clockMillis;
        this.warn = warn;
        this.logSinks = logSinks;
        this.rulesCompiler = new ProxyRulesCompiler(config);
        this.compiler = rulesCompiler.acls();
        this.live = new ProxyRules.Live(
                new LiveState(backends, frontendsByName),
                rulesCompiler.procVars(globalVarErrors::add),
                rulesCompiler.users());
    }

    HealthChecks checks() {
        return checks;
    }

    /** The local addresses of the inherited sockets the configuration's {@code bind fd@N} lines name. */
    RuntimeBuilder fdAddresses(Map<Integer, InetSocketAddress> addresses) {
        this.fdAddresses = Map.copyOf(addresses);
        return this;
    }

    /**
     * Reload: a server of the previous configuration with the same backend name, server name and settings
     * (source lines aside) is carried over as the same live object, so its health state, admin state and
     * counters survive, and its running check goes on.
     */
    RuntimeBuilder carryOver(HaproxyConfig oldConfig, ProxyRuntime oldRuntime, HealthChecks oldChecks) {
        this.previousConfig = oldConfig;
        this.previous = oldRuntime;
        this.previousChecks = oldChecks;
        return this;
    }

    /** Servers carried over from the previous configuration by {@link #carryOver}. */
    /**
     * Once a reload is committed: the servers carried over take their TLS built in this configuration, so that
     * its CA/CRL store ({@code ssl ca-file|crl-file} commands) knows and rebuilds them; built (and checked) with
     * the rest, installed only here so that a failed reload leaves them as they were.
     */
    void adoptKeptServersTls() {
        keptTls.forEach(Runnable::run);
    }

    private final List<Runnable> keptTls = new ArrayList<>();

    List<ServerRuntime> keptServers() {
        return List.copyOf(kept);
    }

    private ServerRuntime reusable(ProxyConfig p, ServerConfig sc) {
        if (previous == null) return null;
        BackendRuntime oldBe = previous.backend(p.name());
        ProxyConfig oldP = previousConfig.backend(p.name()).orElse(null);
        if (oldBe == null || oldP == null) return null;
        ServerRuntime old = oldBe.server(sc.name());
        if (old == null) return null;
        ServerConfig oldSc = null;
        for (ServerConfig c : oldP.servers()) if (c.name().equals(sc.name())) oldSc = c;
        if (oldSc == null || !ConfigSignature.same(oldSc, sc)) return null;
        boolean sameChecks = ConfigSignature.same(
                        oldP.options().httpchk(), p.options().httpchk())
                && ConfigSignature.same(oldP.httpCheckExpects(), p.httpCheckExpects())
                && ConfigSignature.same(oldP.timeouts().check(), p.timeouts().check())
                && ConfigSignature.same(oldP.timeouts().connect(), p.timeouts().connect());
        return sameChecks ? old : null;
    }
    /** Builds every backend, then every frontend; checks are registered on {@code group}. */
    ProxyRuntime build(EventLoopGroup group) throws ConfigException {
        if (!globalVarErrors.isEmpty()) {
            RuleException e = globalVarErrors.get(0);
            throw new ConfigException(ConfigDiagnostic.alert(e.location(), e.keyword(), e.detail()));
        }
        for (ProxyConfig p : config.backends()) {
            if (p.disabled()) continue;
            backends.put(p.name(), backend(p, group));
        }
        // captures the map, not this builder: the frontends keep this lambda for their lifetime, and the builder
        // holds the previous runtime (carryOver), so capturing it chained every earlier configuration to the
        // running one (each reload kept all the maps, pattern files and tables before it)
        Map<String, BackendRuntime> built = backends;
        BackendStates states = name -> {
            BackendRuntime b = built.get(name);
            return b == null ? 0 : b.usableServers();
        };
        for (ProxyConfig p : config.frontends()) {
            if (p.disabled()) continue;
            FrontendRuntime fe = frontend(p, states);
            if (fe != null) {
                frontends.add(fe);
                frontendsByName.put(fe.name(), fe);
            }
        }
        // the previous configuration was only needed to pick the servers carried over: drop it so that nothing
        // this builder leaves reachable can keep it alive
        previous = null;
        previousConfig = null;
        previousChecks = null;
        return new ProxyRuntime(
                frontends,
                backends,
                rulesCompiler.maps(),
                new dev.hapair.proxy.tls.CertificateStore(listeners, caFiles, serverCertificates)
                        .keyDelExt(config.global().ssl().keyDelExt()),
                live.proc(),
                rulesCompiler.env());
    }

    static long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(0L);
    }

    static Timeouts timeouts(ProxyConfig p) {
        var t = p.timeouts();
        return new Timeouts(
                millis(t.connect()),
                millis(t.client()),
                millis(t.server()),
                millis(t.httpRequest()),
                millis(t.httpKeepAlive()),
                millis(t.queue()),
                millis(t.check()),
                millis(t.tunnel()));
    }

    static ForwardFor forwardFor(ProxyConfig p) {
        return p.options()
                .forwardfor()
                .map(f -> ForwardFor.of(f.header(), f.except().orElse(null)))
                .orElse(null);
    }

    private BackendRuntime backend(ProxyConfig p, EventLoopGroup group) throws ConfigException {
        List<ServerRuntime> servers = new ArrayList<>();
        int position = 0;
        for (ServerConfig sc : p.servers()) {
            position++;
            ServerRuntime same = reusable(p, sc);
            if (same != null && same.options().id() == sc.id().orElse(position)) {
                same.logHealthChecks(p.options().logHealthChecks());
                servers.add(same);
                kept.add(same);
                if (dev.hapair.proxy.tls.TlsBinds.usesTls(sc)) {
                    dev.hapair.proxy.tls.ClientTls t =
                            dev.hapair.proxy.tls.TlsBinds.client(config, p, sc, rulesCompiler.env(), caFiles);
                    boolean checks = dev.hapair.proxy.tls.TlsBinds.checksUseTls(sc);
                    keptTls.add(() -> same.tls(sc.ssl().enabled() ? t : null, checks ? t : null));
                    serverCertificates.register(same, t);
                }
                continue;
            }
            ServerOptions o = new ServerOptions(
                    sc.weight(),
                    sc.maxconn(),
                    sc.maxqueue(),
                    sc.backup(),
                    sc.cookie().orElse(null),
                    sc.check(),
                    sc.disabled(),
                    ServerOptions.IDLE_POOL_PER_LOOP,
                    sc.id().orElse(position),
                    sc.sendProxy());
            ServerRuntime s = new ServerRuntime(sc.name(), sc.host(), sc.port(), o, clockMillis);
            s.logHealthChecks(p.options().logHealthChecks());
            s.checkHealthBeforeRuns(sc.rise());
            s.mux(sc.mux());
            resolve(p, sc, s);
            if (dev.hapair.proxy.tls.TlsBinds.usesTls(sc)) {
                dev.hapair.proxy.tls.ClientTls t =
                        dev.hapair.proxy.tls.TlsBinds.client(config, p, sc, rulesCompiler.env(), caFiles);
                s.tls(sc.ssl().enabled() ? t : null, dev.hapair.proxy.tls.TlsBinds.checksUseTls(sc) ? t : null);
            }
            serverCertificates.register(s);
            servers.add(s);
        }
        BackendSettings settings = new BackendSettings(
                p.mode(),
                timeouts(p),
                p.retries(),
                p.options().redispatch(),
                p.options().redispatchAfter(),
                p.options().httpConnectionMode(),
                forwardFor(p),
                p.cookie()
                        .map(dev.hapair.proxy.http.cookie.StickyCookieSpec::from)
                        .orElse(null),
                p.options().acceptInvalidHttpResponse(),
                p.options().abortonclose(),
                p.options().httpReuse());
        try {
            BackendRuntime be = new BackendRuntime(
                    p.name(),
                    settings,
                    servers,
                    LbAlgorithmFactory.algorithm(p),
                    p.options().allbackups(),
                    rules(p, BackendStates.NONE));
            be.setEventSink(serverEvents(p));
            be.withSplice(splice(p));
            for (int i = 0; i < servers.size(); i++) {
                if (!p.servers().get(i).check()) continue;
                ServerRuntime s = servers.get(i);
                var running = kept.contains(s) && previousChecks != null ? previousChecks.of(s) : null;
                if (running != null) checks.adopt(s, running);
                else checks.add(group, p, p.servers().get(i), s);
            }
            return be;
        } catch (LbConfigException e) {
            throw new ConfigException(ConfigDiagnostic.alert(p.balance().location(), e.keyword(), e.getMessage()));
        }
    }

    /**
     * Server state changes in HAProxy's words, to the backend's {@code log} targets at HAProxy's severities
     * and to stderr as HAProxy prints them in the foreground ({@code [WARNING]  (pid) : Server bk/s1 is DOWN, ...}).
     */
    private java.util.function.Consumer<ServerEventText.Line> serverEvents(ProxyConfig p) {
        LogSink sink = logSinks.sinkFor(p.effectiveLogs(config.global()));
        long pid = ProcessHandle.current().pid();
        return line -> {
            sink.log(line.severity(), line.text());
            if (line.severity() == ServerEventText.EMERG) {
                System.err.println(
                        "[ALERT]    (" + pid + ") : " + line.text().replaceFirst("^backend (\\S+) ", "backend '$1' "));
            } else {
                System.err.println("[WARNING]  (" + pid + ") : " + line.text());
            }
        };
    }

    /** Resolves a server's address now; {@code init-addr none} (or an IP fallback) lets it start unresolved. */
    private void resolve(ProxyConfig p, ServerConfig sc, ServerRuntime s) throws ConfigException {
        if (sc.unixSocket().isPresent()) {
            if (sc.check()) {
                throw new ConfigException(ConfigDiagnostic.alert(
                        sc.location(),
                        "check",
                        "'server " + sc.name() + "': health checks of unix socket servers are not supported by"
                                + " hapair-proxy"));
            }
            return; // nothing to resolve
        }
        try {
            s.resolve();
        } catch (UnknownHostException e) {
            if (sc.mayStartUnresolved()) {
                warn.accept(sc.location() + ": server '" + p.name() + "/" + sc.name()
                        + "' : could not resolve address '" + sc.host() + "', starting it DOWN (init-addr)");
                s.setHealth(false);
                return;
            }
            throw new ConfigException(ConfigDiagnostic.alert(
                    sc.location(),
                    "server",
                    "parsing [" + sc.location() + "] : 'server " + sc.name() + "' : could not resolve address '"
                            + sc.host() + "'."));
        }
    }

    private FrontendRuntime frontend(ProxyConfig p, BackendStates states) throws ConfigException {
        List<java.net.SocketAddress> binds = new ArrayList<>();
        java.util.Map<java.net.SocketAddress, dev.hapair.proxy.tls.ServerTls> tls = new java.util.HashMap<>();
        java.util.Map<java.net.SocketAddress, dev.hapair.proxy.h2.ClientProtocol> protocols = new java.util.HashMap<>();
        java.util.Set<java.net.SocketAddress> acceptProxy = new java.util.HashSet<>();
        java.util.Map<java.net.SocketAddress, String> bindNames = new java.util.HashMap<>();
        for (BindConfig b : p.binds()) {
            dev.hapair.proxy.tls.ServerTls bindTls = dev.hapair.proxy.tls.TlsBinds.build(p, b, config, caFiles);
            dev.hapair.proxy.h2.ClientProtocol proto = dev.hapair.proxy.h2.H2Binds.protocol(p, b);
            if (bindTls != null) listeners.add(bindTls);
            int before = binds.size();
            for (Endpoint e : b.endpoints()) {
                if (e instanceof Endpoint.Inet in) {
                    for (int port = in.portFrom(); port <= in.portTo(); port++) {
                        binds.add(new InetSocketAddress(in.isWildcard() ? "0.0.0.0" : in.bindHost(), port));
                    }
                } else if (e instanceof Endpoint.Fd f) {
                    InetSocketAddress a = fdAddresses.get(f.fd());
                    if (a == null) {
                        throw new ConfigException(ConfigDiagnostic.alert(
                                f.location(),
                                "bind",
                                "'" + f.display() + "' is not an inherited listening socket of this process"));
                    }
                    binds.add(a);
                } else if (e instanceof Endpoint.Unix u) {
                    binds.add(
                            u.isAbstract()
                                    ? dev.hapair.proxy.netty.UnixListener.abstractName(u.path())
                                    : dev.hapair.proxy.netty.UnixListener.path(u.path()));
                }
            }
            if (bindTls != null) {
                for (java.net.SocketAddress a : binds.subList(before, binds.size())) tls.put(a, bindTls);
            }
            if (proto != dev.hapair.proxy.h2.ClientProtocol.H1) {
                for (java.net.SocketAddress a : binds.subList(before, binds.size())) protocols.put(a, proto);
            }
            if (b.acceptProxy()) {
                acceptProxy.addAll(binds.subList(before, binds.size()));
            }
            if (b.name().isPresent()) {
                for (java.net.SocketAddress a : binds.subList(before, binds.size()))
                    bindNames.put(a, b.name().get());
            }
        }
        if (binds.isEmpty()) return null;
        ProxyMode mode = p.mode();
        List<dev.hapair.proxy.config.LogTarget> logTargets = p.effectiveLogs(config.global());
        LogFormat format = LogFormat.NONE;
        if (!logTargets.isEmpty()) {
            // at most one of log-format (or httpslog), httplog and tcplog is set: the section's last line
            // (ProxyConfig.Builder.useLogFormat...). In mode http every HTTP stream is logged (the rules'
            // log format renders log-format, httpslog and tcplog, else the httplog line); in mode tcp each
            // connection with the tcplog line or the log-format (httplog and httpslog fall back to tcplog).
            if (p.rules().logFormat().isPresent()
                    || p.options().httplog()
                    || p.options().tcplog()) {
                format = mode == ProxyMode.HTTP ? LogFormat.HTTPLOG : LogFormat.TCPLOG;
            }
        }
        // error-log-format alone logs the connection errors (HAProxy's to_log covers its variables too)
        boolean errorLog = p.rules().errorLogFormat().isPresent() && !logTargets.isEmpty();
        LogSink sink = format == LogFormat.NONE && !errorLog ? LogSink.NONE : logSinks.sinkFor(logTargets);
        FrontendSettings fs = new FrontendSettings(
                mode,
                binds,
                p.maxconn().orElse(0),
                timeouts(p),
                p.options().httpConnectionMode(),
                forwardFor(p),
                format,
                p.options().dontlognull(),
                httpLimits(config.global(), p),
                p.options().tcpSmartAccept());
        List<RuleRouter.Rule> routes = new ArrayList<>();
        AclTable table = acls(p);
        java.util.Set<dev.hapair.proxy.sample.Phase> phases = mode == ProxyMode.HTTP
                ? dev.hapair.proxy.sample.Phase.HTTP_REQ
                : dev.hapair.proxy.sample.Phase.TCP_CONTENT;
        for (UseBackendRule r : p.useBackends()) {
            CompiledCondition when = condition(table, r.condition(), "use_backend", r.location(), phases);
            if (r.backend().isDynamic()) {
                try {
                    routes.add(RuleRouter.Rule.dynamic(
                            when,
                            dev.hapair.proxy.sample.FormatString.compile(
                                    r.backend().name(), rulesCompiler.env(), phases, "use_backend"),
                            backends::get));
                } catch (dev.hapair.proxy.sample.SampleException e) {
                    throw new ConfigException(
                            ConfigDiagnostic.alert(r.location(), "use_backend", "use_backend: " + e.getMessage()));
                }
                continue;
            }
            BackendRuntime target = backends.get(r.backend().name());
            if (target == null) {
                // HAProxy answers 503 for a disabled backend; skipping the rule would route elsewhere instead
                throw new ConfigException(ConfigDiagnostic.alert(
                        r.location(),
                        "use_backend",
                        "'use_backend' to disabled " + "backend '" + r.backend().name()
                                + "' is not supported by hapair-proxy"));
            }
            routes.add(RuleRouter.Rule.fixed(when, target));
        }
        BackendRuntime def =
                p.defaultBackend().map(ref -> backends.get(ref.name())).orElse(null);
        if (def == null && p.isBackend()) def = backends.get(p.name()); // a listen section serves itself
        return new FrontendRuntime(
                        p.name(),
                        fs,
                        new RuleRouter(routes, def, states),
                        rules(p, states),
                        sink,
                        tls,
                        protocols,
                        dev.hapair.proxy.h2.H2Binds.limits(config.global(), fs.http()))
                .withAcceptProxy(acceptProxy)
                .withLogAsap(p.options().logasap())
                .withSplice(splice(p))
                .withBindNames(bindNames)
                .withBindOrder(binds);
    }

    /** The proxy's {@code option splice-*}, none under global {@code nosplice}, pipes of {@code tune.pipesize}. */
    private dev.hapair.proxy.splice.SpliceSettings splice(ProxyConfig p) {
        GlobalConfig g = config.global();
        if (g.nosplice()) return dev.hapair.proxy.splice.SpliceSettings.NONE;
        return new dev.hapair.proxy.splice.SpliceSettings(
                p.options().spliceRequest(),
                p.options().spliceResponse(),
                p.options().spliceAuto(),
                g.tunePipesize().orElse(0));
    }

    /** HTTP/1 request limits from the global tune.* settings and the proxy's accept-invalid option. */
    private static dev.hapair.proxy.h1.H1Limits httpLimits(GlobalConfig g, ProxyConfig p) {
        int bufsize = g.tuneBufsize().orElse(dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE);
        int rewrite = g.tuneMaxrewrite().orElse(Math.min(1024, bufsize / 2));
        return new dev.hapair.proxy.h1.H1Limits(
                bufsize,
                Math.max(1024, bufsize - rewrite),
                g.tuneHttpMaxhdr().orElse(dev.hapair.proxy.h1.H1Limits.DEFAULT_MAXHDR),
                p.options().acceptInvalidHttpRequest());
    }

    private AclTable acls(ProxyConfig p) throws ConfigException {
        try {
            return ConfigAcls.compile(compiler, p);
        } catch (AclException e) {
            throw new ConfigException(
                    ConfigDiagnostic.alert(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
        }
    }

    private CompiledCondition condition(
            AclTable table,
            Optional<dev.hapair.proxy.config.Condition> c,
            String keyword,
            SourceLocation at,
            java.util.Set<dev.hapair.proxy.sample.Phase> phases)
            throws ConfigException {
        try {
            return c.isEmpty()
                    ? CompiledCondition.ALWAYS
                    : compiler.compileCondition(table, c.get(), keyword, at, phases);
        } catch (AclException e) {
            throw new ConfigException(
                    ConfigDiagnostic.alert(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
        }
    }

    /** The section's compiled rule language (http-request/response, tcp-request, error files...). */
    private List<ProxyRules> rules(ProxyConfig p, BackendStates states) throws ConfigException {
        // a listen section is compiled once: its frontend and backend share one rule object, run once
        ProxyRules done = compiledRules.get(p);
        if (done != null) return List.of(done);
        try {
            ProxyRules r = rulesCompiler.compile(p).with(live);
            compiledRules.put(p, r);
            return List.of(r);
        } catch (RuleException e) {
            throw new ConfigException(ConfigDiagnostic.alert(e.location(), e.keyword(), e.detail()));
        }
    }

    /** Live backend state for fetches ({@code nbsrv}, {@code be_conn}, {@code srv_is_up}). */
    private record LiveState(Map<String, BackendRuntime> backends, Map<String, FrontendRuntime> frontends)
            implements dev.hapair.proxy.sample.ProxyState {
        @Override
        public int frontendConnections(String frontend) {
            FrontendRuntime f = frontends.get(frontend);
            return f == null ? 0 : f.counters().currentSessions();
        }

        @Override
        public void rewriteFailed(String frontend, String backend, String server) {
            FrontendRuntime f = frontend == null ? null : frontends.get(frontend);
            if (f != null) f.counters().rewriteFailed();
            BackendRuntime b = backend == null ? null : backends.get(backend);
            if (b == null) return;
            b.counters().rewriteFailed();
            ServerRuntime s = server == null ? null : b.server(server);
            if (s != null) s.counters().rewriteFailed();
        }

        @Override
        public Integer serverConnections(String backend, String server) {
            BackendRuntime b = backends.get(backend);
            ServerRuntime s = b == null ? null : b.server(server);
            return s == null ? null : s.currentConnections();
        }

        @Override
        public int usableServers(String backend) {
            BackendRuntime b = backend == null ? null : backends.get(backend);
            return b == null ? 0 : b.usableServers();
        }

        @Override
        public int backendConnections(String backend) {
            BackendRuntime b = backend == null ? null : backends.get(backend);
            return b == null ? 0 : b.counters().currentSessions();
        }

        @Override
        public Boolean serverUp(String backend, String server) {
            BackendRuntime b = backends.get(backend);
            ServerRuntime s = b == null ? null : b.server(server);
            return s == null ? null : s.healthUp();
        }
    }
}
