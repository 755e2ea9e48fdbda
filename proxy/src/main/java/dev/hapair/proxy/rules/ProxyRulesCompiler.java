package dev.hapair.proxy.rules;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.acl.AclCompiler;
import dev.hapair.proxy.acl.AclException;
import dev.hapair.proxy.acl.AclTable;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.acl.ConfigAcls;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HttpErrorsConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.config.RuleLine;
import dev.hapair.proxy.config.RulesConfig;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.MapRegistry;
import dev.hapair.proxy.sample.PatternFiles;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.SampleException;
import dev.hapair.proxy.sample.Vars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compiles every proxy's rule language of a configuration ({@link #compile}), or collects every error for
 * {@code -c} ({@link #validate}). One instance per configuration: map files are shared by all proxies
 * through its {@link MapRegistry}, which the runtime API edits.
 */
public final class ProxyRulesCompiler {

    private final HaproxyConfig config;
    private final SampleEnv env;
    private final AclCompiler acls;
    private final Userlists users;
    private final Map<String, HttpErrorsConfig> httpErrors = new LinkedHashMap<>();

    public ProxyRulesCompiler(HaproxyConfig config, SampleEnv.Files files) {
        this.config = config;
        this.users = Userlists.of(config.userlists());
        this.env = new SampleEnv(
                files,
                new MapRegistry(files),
                b -> config.backend(b).isPresent(),
                users::exists,
                dev.hapair.proxy.stick.StickTables.of(config, dev.hapair.proxy.stick.StickTables.CLOCK));
        this.acls = new AclCompiler(env);
        for (HttpErrorsConfig h : config.httpErrors()) {
            httpErrors.put(h.name(), h);
        }
    }

    public ProxyRulesCompiler(HaproxyConfig config) {
        this(config, PatternFiles::read);
    }

    public SampleEnv env() {
        return env;
    }

    public MapRegistry maps() {
        return env.maps();
    }

    public Userlists users() {
        return users;
    }

    public AclCompiler acls() {
        return acls;
    }

    /**
     * The {@code proc} variables after the global {@code set-var}/{@code set-var-fmt} lines, evaluated in order
     * at start-up (they may read earlier ones); errors go to {@code errors}.
     */
    public Vars.Proc procVars(Consumer<RuleException> errors) {
        Vars.Proc proc =
                new Vars.Proc(config.global().tuneBufsize().orElse(dev.hapair.proxy.h1.H1Limits.DEFAULT_BUFSIZE));
        Vars vars = new Vars(proc);
        ActionCompiler ac = new ActionCompiler(
                new ActionCompiler.Scope("global", env, ErrorReplies.DEFAULT, httpErrors, 0, 0, Map.of()));
        Txn start = new Txn() {
            @Override
            public Vars vars() {
                return vars;
            }
        };
        for (RuleLine l : config.globalVars()) {
            try {
                ac.compile(l, java.util.EnumSet.of(Phase.CONNECTION)).run(start);
            } catch (RuleException e) {
                errors.accept(e);
            }
        }
        return proc;
    }

    /** Every rule-language error of the configuration, for {@code -c}. */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        ProxyRulesCompiler c = new ProxyRulesCompiler(config);
        List<ConfigDiagnostic> out = new ArrayList<>();
        c.procVars(e -> out.add(ConfigDiagnostic.alert(e.location(), e.keyword(), e.detail())));
        for (ProxyConfig p : config.proxies()) {
            c.compile(p, e -> out.add(ConfigDiagnostic.alert(e.location(), e.keyword(), e.detail())));
        }
        return out;
    }

    /** The compiled rules of {@code p}; the first error throws. */
    public ProxyRules compile(ProxyConfig p) throws RuleException {
        List<RuleException> errors = new ArrayList<>();
        ProxyRules r = compile(p, errors::add);
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return r;
    }

    private ProxyRules compile(ProxyConfig p, Consumer<RuleException> errors) {
        RulesConfig rc = p.rules();
        boolean http = p.mode() == ProxyMode.HTTP;
        ErrorReplies replies = ErrorReplies.DEFAULT;
        try {
            replies = ErrorReplies.of(rc, httpErrors);
        } catch (RuleException e) {
            errors.accept(e);
        }
        List<RuleLine> httpErrorLines = rc.family("http-error");
        if (!httpErrorLines.isEmpty()) {
            // http-error replies may use the files (default-errorfiles); then everything is applied in order
            ActionCompiler files =
                    new ActionCompiler(new ActionCompiler.Scope(p.name(), env, replies, httpErrors, 0, 0, Map.of()));
            Map<RuleLine, Map.Entry<Integer, ErrorReplies.ReplyFn>> specs = new java.util.IdentityHashMap<>();
            for (RuleLine l : httpErrorLines) {
                try {
                    specs.put(l, files.httpError(l));
                } catch (RuleException e) {
                    errors.accept(e);
                }
            }
            try {
                replies = ErrorReplies.of(rc, httpErrors, specs);
            } catch (RuleException e) {
                // reported above
            }
        }
        // request capture slots, in configuration order: 'capture request header', 'declare capture request'
        // and the implicit slot of each 'capture <expr> len <n>' rule (inherited defaults rules come first)
        List<Slot> slots = new ArrayList<>();
        for (RulesConfig.Capture c : rc.captures()) {
            if (c.request()) {
                slots.add(new Slot(c.location(), c.header(), c.length(), null));
            }
        }
        for (String family : List.of("tcp-request content", "http-request")) {
            for (RuleLine l : rc.family(family)) {
                List<String> a = l.args();
                if (l.action().equals("capture") && a.size() == 3 && a.get(1).equals("len")) {
                    try {
                        slots.add(new Slot(l.location(), "", Integer.parseInt(a.get(2)), l));
                    } catch (NumberFormatException e) {
                        // the action compiler reports the bad length
                    }
                }
            }
        }
        if (slots.stream().map(x -> x.location().file()).distinct().count() <= 1) {
            slots.sort(java.util.Comparator.comparingInt(x -> x.location().line()));
        }
        List<String> reqCaps = new ArrayList<>();
        List<String> resCaps = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        Map<RuleLine, Integer> implicit = new java.util.IdentityHashMap<>();
        for (Slot sl : slots) {
            if (sl.rule() != null) {
                implicit.put(sl.rule(), reqCaps.size());
            }
            reqCaps.add(sl.header());
            lengths.add(sl.length());
        }
        for (RulesConfig.Capture c : rc.captures()) {
            if (!c.request()) {
                resCaps.add(c.header());
                lengths.add(c.length());
            }
        }
        AclTable table = AclTable.EMPTY;
        try {
            table = ConfigAcls.compile(acls, p);
        } catch (AclException e) {
            // reported by the acl validation with its own location
        }
        ActionCompiler ac = new ActionCompiler(new ActionCompiler.Scope(
                p.name(),
                env,
                replies,
                httpErrors,
                reqCaps.size(),
                resCaps.size(),
                implicit,
                p.timeouts()
                        .get(dev.hapair.proxy.config.TimeoutKind.TARPIT)
                        .or(() -> p.timeouts().connect())
                        .map(java.time.Duration::toMillis)
                        .orElse(0L)));
        Map<String, RuleSet> sets = new LinkedHashMap<>();
        for (String family : List.of(
                "tcp-request connection",
                "tcp-request session",
                "tcp-request content",
                "http-request",
                "http-response",
                "http-after-response",
                "tcp-response content")) {
            boolean httpFamily = family.startsWith("http");
            if (family.equals("tcp-request content")
                    && !http
                    && !p.isFrontend()
                    && !rc.family(family).isEmpty()) {
                // HAProxy runs a backend's content rules once the stream reaches it; hapair's TCP relay only
                // inspects in the frontend (HTTP backends run them, see RequestRouting)
                RuleLine first = rc.family(family).get(0);
                errors.accept(new RuleException(
                        first.location(),
                        family,
                        "'tcp-request content' rules in a mode tcp backend are not supported by hapair-proxy (they"
                                + " work in frontends and in HTTP backends)"));
                continue;
            }
            List<RuleSet.Rule> rules = new ArrayList<>();
            // streams do not exist yet during connection and session rules: HAProxy records no last rule there
            boolean recordsLastRule = !family.equals("tcp-request connection") && !family.equals("tcp-request session");
            if (!httpFamily || http) {
                Set<Phase> phases = ActionCompiler.phases(family, http);
                for (RuleLine l : rc.family(family)) {
                    try {
                        if (l.action().equals("set-timeout") && !p.isBackend()) {
                            throw new RuleException(
                                    l.location(),
                                    family,
                                    "'" + family + " set-timeout': only proxies with backend capabilities have"
                                            + " server and tunnel timeouts");
                        }
                        CompiledCondition cond = l.condition().isEmpty()
                                ? CompiledCondition.ALWAYS
                                : acls.compileCondition(table, l.condition().get(), l.family(), l.location(), phases);
                        rules.add(new RuleSet.Rule(
                                cond,
                                ac.compile(l, phases),
                                l.family() + " " + l.action(),
                                recordsLastRule ? l.location() : null));
                    } catch (AclException e) {
                        errors.accept(
                                new RuleException(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
                    } catch (RuleException e) {
                        errors.accept(e);
                    }
                }
            }
            sets.put(family, rules.isEmpty() ? RuleSet.EMPTY : new RuleSet(rules));
        }
        for (dev.hapair.proxy.config.UseBackendRule u : p.useBackends()) {
            if (u.backend().isDynamic()) {
                format(
                        new RulesConfig.LogFormatLine(u.backend().name(), u.location()),
                        "use_backend",
                        http ? Phase.HTTP_REQ : Phase.TCP_CONTENT,
                        errors);
            }
        }
        List<ProxyRules.UseServer> useServers = new ArrayList<>();
        Set<Phase> routing = http ? Phase.HTTP_REQ : Phase.TCP_CONTENT;
        for (RuleLine l : rc.family("use-server")) {
            try {
                CompiledCondition cond =
                        acls.compileCondition(table, l.condition().get(), "use-server", l.location(), routing);
                FormatString name = FormatString.compile(l.action(), env, routing, "use-server");
                if (!l.action().contains("%")
                        && p.servers().stream().noneMatch(sc -> sc.name().equals(l.action()))) {
                    errors.accept(new RuleException(
                            l.location(),
                            "use-server",
                            "use-server: unable to find server '" + l.action() + "' in '" + p.name() + "'"));
                    continue;
                }
                useServers.add(new ProxyRules.UseServer(cond, name, ProxyRules.Persist.NONE));
            } catch (AclException e) {
                errors.accept(new RuleException(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
            } catch (SampleException e) {
                errors.accept(new RuleException(l.location(), "use-server", "use-server: " + e.getMessage()));
            }
        }
        // force-persist / ignore-persist ride in the same ordered list, after the use-server rules
        for (RuleLine l : rc.lines()) {
            if (!l.family().equals("force-persist") && !l.family().equals("ignore-persist")) continue;
            try {
                CompiledCondition cond =
                        acls.compileCondition(table, l.condition().get(), l.family(), l.location(), routing);
                useServers.add(new ProxyRules.UseServer(
                        cond,
                        null,
                        l.family().equals("force-persist") ? ProxyRules.Persist.FORCE : ProxyRules.Persist.IGNORE));
            } catch (AclException e) {
                errors.accept(new RuleException(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
            }
        }
        FormatString uid = format(rc.uniqueIdFormat().orElse(null), "unique-id-format", Phase.HTTP_REQ, errors);
        // stats admin: compiled here, with the section's acls and this configuration's pattern sets
        CompiledCondition statsAdmin = null;
        if (p.stats().adminCondition().isPresent()) {
            try {
                statsAdmin = acls.compileCondition(
                        table,
                        p.stats().adminCondition().get(),
                        "stats admin",
                        p.stats().location());
            } catch (AclException e) {
                errors.accept(new RuleException(new SourceLocation(e.file(), e.line()), e.keyword(), e.detail()));
            }
        }
        RulesConfig.LogFormatLine traffic = rc.logFormatIn(p.mode()).orElse(null);
        if (traffic == null && http && p.options().tcplog()) {
            // option tcplog in mode http: each HTTP stream is logged in the tcplog format, as HAProxy does
            traffic = new RulesConfig.LogFormatLine(RulesConfig.LogFormatLine.TCP_LOG_FORMAT, p.location());
        }
        FormatString log = format(traffic, "log-format", Phase.ALL, errors);
        // checked like log-format; it would only feed RFC 5424 log targets, which are errors in hapair
        format(rc.logFormatSd().orElse(null), "log-format-sd", Phase.ALL, errors);
        FormatString errorLog = format(rc.errorLogFormat().orElse(null), "error-log-format", Phase.ALL, errors);
        return new ProxyRules(
                p.name(),
                sets.get("tcp-request connection"),
                sets.get("tcp-request session"),
                sets.get("tcp-request content"),
                sets.get("http-request"),
                sets.get("http-response"),
                sets.get("http-after-response"),
                replies,
                reqCaps,
                resCaps,
                lengths,
                uid,
                rc.uniqueIdHeader().orElse(null),
                log,
                rc.inspectDelay().map(d -> d.toMillis()).orElse(0L),
                ProxyRules.Live.NONE,
                sets.getOrDefault("tcp-response content", RuleSet.EMPTY),
                rc.responseInspectDelay().map(d -> d.toMillis()).orElse(0L),
                useServers,
                p.options()
                        .originalto()
                        .map(f -> dev.hapair.proxy.backend.ForwardFor.of(
                                f.header(), f.except().orElse(null)))
                        .orElse(null),
                http && p.options().httpBufferRequest(),
                p.options().restrictReqHdrNames(),
                errorLog,
                statsAdmin);
    }

    /** One request capture slot; {@code rule} is the {@code capture ... len} rule that declared it, if any. */
    private record Slot(dev.hapair.common.config.SourceLocation location, String header, int length, RuleLine rule) {}

    private FormatString format(
            RulesConfig.LogFormatLine f, String keyword, Set<Phase> phases, Consumer<RuleException> errors) {
        if (f == null) {
            return null;
        }
        try {
            // the unique id goes into a header: HAProxy parses it with LOG_OPT_HTTP (see FormatString.compileHttp)
            return keyword.equals("unique-id-format")
                    ? FormatString.compileHttp(f.format(), env, phases, keyword)
                    : FormatString.compile(f.format(), env, phases, keyword);
        } catch (SampleException e) {
            errors.accept(new RuleException(
                    f.location(),
                    keyword,
                    (keyword.equals("use_backend") ? keyword : "'" + keyword + "'") + ": " + e.getMessage()));
            return null;
        }
    }
}
