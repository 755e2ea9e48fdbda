package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass 2: reads lexed lines section by section into builders. A proxy starts as a copy of the last
 * {@code defaults} section before it (or of {@code defaults NAME} with {@code from NAME}), as HAProxy does.
 * One parser reads every file of a configuration; each file starts outside any section.
 */
public final class HaproxyParser {

    private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend", "listen");
    private static final Set<String> UNSUPPORTED_SECTIONS = Set.of(
            "peers",
            "resolvers",
            "cache",
            "mailers",
            "program",
            "ring",
            "crt-store",
            "log-forward",
            "traces",
            "dynamic-update",
            "acme");

    private final Map<String, String> env;
    private final Diagnostics diagnostics = new Diagnostics();
    private final GlobalConfig.Builder global = new GlobalConfig.Builder();
    private final Map<String, ProxyConfig.Builder> namedDefaults = new HashMap<>();
    /** The side (frontend or backend) each defaults section defining rules was first used by. */
    private final Map<ProxyConfig.Builder, SectionKind> rulesDefaultsSide = new java.util.IdentityHashMap<>();

    private final List<ProxyConfig.Builder> proxies = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private ProxyConfig.Builder lastDefaults;
    private SectionKind section = SectionKind.NONE;
    private ProxySection current;
    private GlobalKeywords.Context globalContext;
    private final AuxSections aux = new AuxSections();
    /** The {@code fcgi-app} section being read (checked, then unused), or null. */
    private FcgiAppSection fcgi;

    /** @param environment variables for {@code "${VAR}"} expansion; {@code setenv} lines modify a copy */
    public HaproxyParser(Map<String, String> environment) {
        this.env = new HashMap<>(environment);
        this.globalContext = new GlobalKeywords.Context(global, env, diagnostics);
    }

    /** Reads one file's content; {@code fileName} is how diagnostics name it. */
    public void parse(String fileName, String content) {
        files.add(fileName);
        aux.close();
        endFcgiApp();
        section = SectionKind.NONE;
        current = null;
        List<String> lines = HaproxyLexer.physicalLines(content);
        for (int i = 0; i < lines.size(); i++) {
            SourceLocation at = new SourceLocation(fileName, i + 1);
            List<String> words;
            try {
                words = HaproxyLexer.tokenize(lines.get(i), env::get);
            } catch (HaproxyLexer.LexException e) {
                diagnostics.alert(at, "", e.getMessage());
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            ConfigLine line = new ConfigLine(at, words, env::get);
            try {
                dispatch(line);
            } catch (LineError | IllegalArgumentException e) {
                diagnostics.alert(line, e.getMessage());
            } catch (RuntimeException e) {
                // a parser bug must still name the line rather than crash a reload
                diagnostics.alert(line, "internal error while parsing '" + line.keyword() + "': " + e);
            }
        }
        endFcgiApp();
    }

    List<UserlistConfig> userlists() {
        return aux.userlists();
    }

    List<RuleLine> globalVars() {
        return aux.globalVars();
    }

    List<HttpErrorsConfig> httpErrors() {
        return aux.httpErrors();
    }

    List<String> files() {
        return List.copyOf(files);
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    GlobalConfig.Builder global() {
        return global;
    }

    /** Proxy builders in declaration order. */
    List<ProxyConfig.Builder> proxies() {
        return List.copyOf(proxies);
    }

    private void dispatch(ConfigLine line) {
        String kw = line.keyword();
        if (SECTIONS.contains(kw)
                || UNSUPPORTED_SECTIONS.contains(kw)
                || kw.equals("userlist")
                || kw.equals("http-errors")
                || kw.equals("fcgi-app")) {
            aux.close();
            endFcgiApp();
        }
        if (kw.equals("fcgi-app")) {
            section = SectionKind.UNSUPPORTED;
            current = null;
            fcgi = new FcgiAppSection(line);
            return;
        }
        if (fcgi != null) {
            fcgi.line(line);
            return;
        }
        if (kw.equals("userlist") || kw.equals("http-errors")) {
            section = SectionKind.UNSUPPORTED;
            current = null;
            if (kw.equals("userlist")) {
                aux.openUserlist(line);
            } else {
                aux.openHttpErrors(line);
            }
            return;
        }
        if (aux.inUserlist()) {
            aux.userlistLine(line);
            return;
        }
        if (aux.inHttpErrors()) {
            aux.httpErrorsLine(line);
            return;
        }
        if (SECTIONS.contains(kw)) {
            openSection(line);
            return;
        }
        if (UNSUPPORTED_SECTIONS.contains(kw)) {
            // one error for the section; its lines are skipped rather than each reported
            section = SectionKind.UNSUPPORTED;
            current = null;
            throw NotSupported.error(kw, "section '" + kw + (line.size() > 1 ? " " + line.arg(1) : "") + "'");
        }
        switch (section) {
            case NONE -> throw new LineError(
                    "unknown keyword '" + kw + "' out of section" + Suggestions.didYouMean(kw, SECTIONS));
            case UNSUPPORTED -> {}
            case GLOBAL -> handleGlobal(line);
            default -> handleProxy(line);
        }
    }

    private void endFcgiApp() {
        if (fcgi != null && fcgi.endError() != null) diagnostics.alert(fcgi.location(), "fcgi-app", fcgi.endError());
        fcgi = null;
    }

    private void handleGlobal(ConfigLine line) {
        String kw = line.keyword();
        if (kw.equals("set-var") || kw.equals("set-var-fmt")) {
            aux.globalVar(line);
            return;
        }
        KeywordTable.Entry<GlobalKeywords.Context> e = GlobalKeywords.TABLE
                .find(kw)
                .orElseThrow(() -> new LineError(
                        "unknown keyword '" + kw + "' in global section" + GlobalKeywords.TABLE.didYouMean(kw)));
        KeywordTable.apply(e, globalContext, line, diagnostics, kw, "global section");
        global.lines.put(kw, line.location());
    }

    private void handleProxy(ConfigLine line) {
        String kw = line.keyword();
        KeywordTable.Entry<ProxySection> e = ProxyKeywords.TABLE
                .find(kw)
                .orElseThrow(() -> new LineError(
                        "unknown keyword '" + kw + "' in " + current.describe() + ProxyKeywords.TABLE.didYouMean(kw)));
        if (!ProxyKeywords.allowed(current, line, kw, e.capabilities())) {
            return;
        }
        KeywordTable.apply(e, current, line, diagnostics, kw, current.describe());
    }

    private void openSection(ConfigLine line) {
        String kw = line.keyword();
        current = null;
        // until the header is known good, the section's lines are skipped (its error is already reported)
        section = SectionKind.UNSUPPORTED;
        switch (kw) {
            case "global" -> {
                section = SectionKind.GLOBAL;
                if (global.location.equals(SourceLocation.NONE)) {
                    global.location = line.location();
                }
            }
            case "defaults" -> openDefaults(line);
            default -> openProxy(
                    line,
                    switch (kw) {
                        case "frontend" -> SectionKind.FRONTEND;
                        case "backend" -> SectionKind.BACKEND;
                        default -> SectionKind.LISTEN;
                    });
        }
    }

    private void openDefaults(ConfigLine line) {
        String name = "";
        ProxyConfig.Builder base = null;
        List<String> args = line.from(1);
        int i = 0;
        if (i < args.size() && !args.get(i).equals("from")) {
            name = checkName(args.get(i), "defaults");
            i++;
        }
        if (i < args.size()) {
            base = from(args, i, "defaults");
            checkRulesInheritance(base, SectionKind.DEFAULTS);
        }
        ProxyConfig.Builder d = base == null ? new ProxyConfig.Builder() : base.copy();
        d.name = name;
        d.location = line.location();
        if (!name.isEmpty()) {
            namedDefaults.put(name, d);
        }
        lastDefaults = d;
        // only now: a refused header leaves the section's lines skipped (its error is reported once)
        section = SectionKind.DEFAULTS;
        current = new ProxySection(d, SectionKind.DEFAULTS, diagnostics);
    }

    private ProxyConfig.Builder from(List<String> args, int i, String what) {
        if (!args.get(i).equals("from") || i + 2 != args.size()) {
            throw new LineError(
                    "'" + what + "' expects [<name>] [from <defaults>], got '" + String.join(" ", args) + "'");
        }
        String ref = args.get(i + 1);
        ProxyConfig.Builder b = namedDefaults.get(ref);
        if (b == null) {
            throw new LineError("defaults section '" + ref + "' not found (it must be declared before use)"
                    + Suggestions.didYouMean(ref, namedDefaults.keySet()));
        }
        return b;
    }

    private void openProxy(ConfigLine line, SectionKind kind) {
        String kw = line.keyword();
        if (line.size() < 2) {
            throw new LineError("'" + kw + "' expects <name> as an argument");
        }
        String name = checkName(line.arg(1), kw);
        ProxyConfig.Builder base = line.size() > 2 ? from(line.from(2), 0, kw) : lastDefaults;
        checkRulesInheritance(base, kind);
        ProxyConfig.Builder p = base == null ? new ProxyConfig.Builder() : base.copy();
        p.fromDefaults = base == null ? null : base.name;
        p.name = name;
        p.kind = switch (kind) {
            case FRONTEND -> ProxyKind.FRONTEND;
            case BACKEND -> ProxyKind.BACKEND;
            default -> ProxyKind.LISTEN;
        };
        p.location = line.location();
        if (!p.kind.isFrontend()) {
            // defaults may carry frontend-only settings that a backend ignores
            p.defaultBackend = null;
            p.monitorUri = null;
        }
        if (!p.kind.isBackend()) {
            p.cookie = null;
        }
        section = kind;
        current = new ProxySection(p, kind, diagnostics);
        proxies.add(p);
    }

    /** The rule lists whose presence in a defaults section restricts its use (HAProxy 2.6's list). */
    private static final Set<String> RULE_LISTS = Set.of(
            "http-request",
            "http-response",
            "http-after-response",
            "tcp-request connection",
            "tcp-request session",
            "tcp-request content",
            "tcp-response content");

    /**
     * HAProxy's restrictions on a defaults section that defines TCP/HTTP rules (a proxy using it runs those
     * rules first): it cannot init another defaults section or a listen section, nor both frontends and
     * backends; backends cannot take its 'tcp-request connection' / 'session' rules, frontends its
     * 'tcp-response content' rules.
     */
    private void checkRulesInheritance(ProxyConfig.Builder base, SectionKind kind) {
        if (base == null) {
            return;
        }
        Set<String> families = new java.util.HashSet<>();
        for (RuleLine r : base.rules.lines) {
            families.add(r.family());
        }
        families.retainAll(RULE_LISTS);
        if (families.isEmpty()) {
            return;
        }
        String at = " (defaults section at " + base.location + ")";
        switch (kind) {
            case DEFAULTS -> throw new LineError(
                    "a defaults section cannot inherit from a defaults section defining TCP/HTTP rules" + at);
            case LISTEN -> throw new LineError(
                    "a listen section cannot inherit from a defaults section defining TCP/HTTP rules" + at);
            default -> {
                SectionKind side = rulesDefaultsSide.get(base);
                if (side != null && side != kind) {
                    throw new LineError("frontends and backends cannot inherit from the same defaults section if it"
                            + " defines TCP/HTTP rules" + at);
                }
                if (kind == SectionKind.BACKEND
                        && (families.contains("tcp-request connection") || families.contains("tcp-request session"))) {
                    throw new LineError("a backend section cannot inherit from a defaults section defining"
                            + " 'tcp-request connection' or 'tcp-request session' rules" + at);
                }
                if (kind == SectionKind.FRONTEND && families.contains("tcp-response content")) {
                    throw new LineError("a frontend section cannot inherit from a defaults section defining"
                            + " 'tcp-response content' rules" + at);
                }
                rulesDefaultsSide.put(base, kind);
            }
        }
    }

    private static String checkName(String name, String kw) {
        if (!name.matches("[A-Za-z0-9_.:-]+")) {
            throw new LineError(
                    "character '" + name.replaceAll("[A-Za-z0-9_.:-]", "").charAt(0) + "' is not permitted in " + kw
                            + " name '" + name + "'");
        }
        return name;
    }
}
