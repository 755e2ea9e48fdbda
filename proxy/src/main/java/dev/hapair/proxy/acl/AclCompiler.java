package dev.hapair.proxy.acl;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import dev.hapair.proxy.config.AclDef;
import dev.hapair.proxy.config.Condition;
import dev.hapair.proxy.sample.Fetches;
import dev.hapair.proxy.sample.IntPatterns;
import dev.hapair.proxy.sample.MapRegistry;
import dev.hapair.proxy.sample.PatternRef;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.SampleException;
import dev.hapair.proxy.sample.SampleExpr;
import dev.hapair.proxy.sample.SampleParser;
import dev.hapair.proxy.sample.SampleType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles the config model's {@link AclDef}s into matchers and {@link Condition}s into
 * {@link CompiledCondition}s. The fetch and its converters are a sample expression of the typed sample
 * engine ({@link SampleParser}); this class adds acl-only fetch names ({@code path_beg} is {@code path}
 * with {@code -m beg}), match methods and patterns.
 * Every error is an {@link AclException} naming file:line, the keyword and, for typos, the closest
 * known word. {@link #check} collects all errors for {@code -c}.
 */
public final class AclCompiler {

    /** Acl-only fetch names: {@code <fetch><suffix>} is {@code <fetch> -m <method>}. */
    private static final String[][] SUFFIXES = {
        {"_beg", "BEG"},
        {"_end", "END"},
        {"_sub", "SUB"},
        {"_reg", "REG"},
        {"_dom", "DOM"},
        {"_dir", "DIR"},
        {"_len", "LEN"},
    };

    private final SampleEnv env;
    private final Map<AclDef, AclTerm> compiled = new java.util.IdentityHashMap<>();
    /** Lines using {@code hdr()} compiled again for response rules, where it reads the response's headers. */
    private final Map<AclDef, AclTerm> compiledForResponse = new java.util.IdentityHashMap<>();

    private final Map<AclTerm, AclDef> sources = new java.util.IdentityHashMap<>();
    /** What a response rule's acl may read: everything but the request's volatile data. */
    private static final Set<Phase> RESPONSE_SIDE =
            java.util.EnumSet.complementOf(java.util.EnumSet.of(Phase.HTTP_REQUEST));

    /**
     * @param backendExists whether a backend name (as in {@code nbsrv(NAME)}) exists in the config
     * @param patternFiles loader for {@code -f FILE} and map files
     */
    public AclCompiler(Predicate<String> backendExists, PatternFileLoader patternFiles) {
        this(new SampleEnv(patternFiles::load, new MapRegistry(patternFiles::load), backendExists, u -> true));
    }

    /** Pattern files are read, and their live sets kept, by {@code env}'s {@link MapRegistry}. */
    public AclCompiler(SampleEnv env) {
        this.env = env;
    }

    /** A compiler that accepts any backend name and reads pattern files from disk. */
    public static AclCompiler lenient() {
        return new AclCompiler(b -> true, PatternFileLoader.FILES);
    }

    /** Compiles the acls of one section; lines with the same name are ORed. Stops at the first error. */
    public AclTable compile(List<AclDef> defs) throws AclException {
        Map<String, List<AclTerm>> byName = new LinkedHashMap<>();
        for (AclDef s : defs) {
            if (s.name().isEmpty()) {
                throw new AclException(s.location().file(), s.location().line(), "acl", "acl without a name");
            }
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(compileTerm(s));
        }
        Map<String, Acl> acls = new LinkedHashMap<>();
        byName.forEach((name, terms) -> acls.put(name, new Acl(name, terms)));
        return new AclTable(acls);
    }

    /** Every error in {@code defs}, for configuration checks; empty when all compile. */
    public List<AclException> check(List<AclDef> defs) {
        List<AclException> errors = new ArrayList<>();
        for (AclDef s : defs) {
            try {
                compileTerm(s);
            } catch (AclException e) {
                errors.add(e);
            }
        }
        return errors;
    }

    /**
     * @param table the acls of the section the rule is in
     * @param condition as parsed ({@code unless C} is {@code Not(C)})
     * @param keyword the rule keyword, for messages ({@code use_backend}, {@code http-request})
     * @param at the rule's line
     */
    public CompiledCondition compileCondition(AclTable table, Condition condition, String keyword, SourceLocation at)
            throws AclException {
        return compileCondition(table, condition, keyword, at, Phase.HTTP_REQ);
    }

    /**
     * @param available the phases whose data exist where the rule runs: an acl reading other data is an
     *                  error (it could never match)
     */
    public CompiledCondition compileCondition(
            AclTable table, Condition condition, String keyword, SourceLocation at, Set<Phase> available)
            throws AclException {
        Cond expr = compileExpr(table, condition, keyword, at.file(), at.line(), available);
        return new CompiledCondition(expr, "if " + describe(condition));
    }

    private Cond compileExpr(AclTable table, Condition c, String keyword, String file, int line, Set<Phase> available)
            throws AclException {
        if (c instanceof Condition.AclRef ref) {
            if (!table.names().contains(ref.name()) && PredefinedAcls.UNSUPPORTED.contains(ref.name())) {
                throw new AclException(
                        file,
                        line,
                        keyword,
                        keyword + ": predefined acl '" + ref.name() + "' is not supported by hapair-proxy");
            }
            Acl acl = table.find(ref.name());
            if (acl == null) {
                List<String> known = new ArrayList<>(table.names());
                known.addAll(PredefinedAcls.names());
                throw new AclException(
                        file,
                        line,
                        keyword,
                        keyword + ": unknown acl '" + ref.name() + "'" + Suggestions.didYouMean(ref.name(), known));
            }
            acl = forSide(acl, available);
            AclTerm bad = acl.unavailable(available);
            if (bad != null) {
                throw new AclException(
                        file,
                        line,
                        keyword,
                        keyword + ": acl '" + ref.name() + "' uses '" + bad.fetch() + "', which needs "
                                + bad.needs().what() + ", which do not exist in " + keyword + " rules");
            }
            return Cond.acl(acl);
        }
        if (c instanceof Condition.Not not) {
            Cond t = compileExpr(table, not.operand(), keyword, file, line, available);
            return Cond.not(t);
        }
        if (c instanceof Condition.Anonymous anon) {
            AclTerm t = forSide(compileTerm(anon.acl()), available);
            if (!available.contains(t.needs())) {
                throw new AclException(
                        file,
                        line,
                        keyword,
                        keyword + ": anonymous acl uses '" + t.fetch() + "', which needs "
                                + t.needs().what() + ", which do not exist in " + keyword + " rules");
            }
            return Cond.term(t);
        }
        boolean and = c instanceof Condition.And;
        List<Condition> parts = and ? ((Condition.And) c).operands() : ((Condition.Or) c).operands();
        if (parts.isEmpty()) {
            throw new AclException(file, line, keyword, keyword + ": empty condition");
        }
        Cond[] terms = new Cond[parts.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = compileExpr(table, parts.get(i), keyword, file, line, available);
        }
        return Cond.of(and, terms);
    }

    private static String describe(Condition c) {
        if (c instanceof Condition.AclRef ref) {
            return ref.name();
        }
        if (c instanceof Condition.Not not) {
            return "!" + describe(not.operand());
        }
        if (c instanceof Condition.Anonymous a) {
            AclDef s = a.acl();
            List<String> parts = new ArrayList<>();
            parts.add(s.fetch());
            parts.addAll(s.flags());
            s.operator().ifPresent(parts::add);
            parts.addAll(s.patterns());
            return "{ " + String.join(" ", parts) + " }";
        }
        List<String> out = new ArrayList<>();
        boolean and = c instanceof Condition.And;
        for (Condition t : and ? ((Condition.And) c).operands() : ((Condition.Or) c).operands()) {
            out.add(describe(t));
        }
        return String.join(and ? " " : " or ", out);
    }

    /**
     * Compiles one acl line (named or anonymous), once: a line compiled again (a defaults section's rule in each
     * proxy) shares its term and so its live pattern sets.
     */
    AclTerm compileTerm(AclDef s) throws AclException {
        AclTerm done = compiled.get(s);
        if (done != null) {
            return done;
        }
        try {
            AclTerm t = compileTermUnchecked(s, Phase.ALL);
            compiled.put(s, t);
            sources.put(t, s);
            return t;
        } catch (IllegalArgumentException e) {
            throw error(s, e.getMessage());
        }
    }

    /**
     * {@code t} as it runs where {@code available} data exist: a line using {@code hdr()} (the headers of the
     * message the rule runs on) reads the response's headers in response rules, as HAProxy's does.
     */
    private AclTerm forSide(AclTerm t, Set<Phase> available) throws AclException {
        if (t.needs() != Phase.HTTP_HEADERS || available.contains(Phase.HTTP_REQUEST)) {
            return t;
        }
        AclDef s = sources.get(t);
        if (s == null) {
            return t; // a predefined acl, compiled elsewhere: none reads hdr()
        }
        AclTerm done = compiledForResponse.get(s);
        if (done == null) {
            try {
                done = compileTermUnchecked(s, RESPONSE_SIDE);
            } catch (IllegalArgumentException e) {
                throw error(s, e.getMessage());
            }
            compiledForResponse.put(s, done);
        }
        return done;
    }

    private Acl forSide(Acl acl, Set<Phase> available) throws AclException {
        List<AclTerm> terms = acl.terms();
        List<AclTerm> sided = new ArrayList<>(terms.size());
        boolean changed = false;
        for (AclTerm t : terms) {
            AclTerm s = forSide(t, available);
            changed |= s != t;
            sided.add(s);
        }
        return changed ? new Acl(acl.name(), sided) : acl;
    }

    private static AclException error(AclDef s, String message) {
        String label = s.isAnonymous() ? "anonymous acl: " : "acl '" + s.name() + "': ";
        return new AclException(s.location().file(), s.location().line(), "acl", label + message);
    }

    private AclTerm compileTermUnchecked(AclDef s, Set<Phase> side) throws AclException {
        // the config parser has split the fetch into name, arguments and converters
        String expr = s.fetch();
        String keyword = s.fetchName();
        if (expr.endsWith(",")) {
            throw error(s, "unexpected ',' after fetch '" + expr.substring(0, expr.length() - 1) + "'");
        }
        MatchMethod implied = null;
        if (Fetches.lookup(keyword) == null) {
            for (String[] suffix : SUFFIXES) {
                String base = keyword.endsWith(suffix[0])
                        ? keyword.substring(0, keyword.length() - suffix[0].length())
                        : null;
                if (base != null && Fetches.lookup(base) != null) {
                    implied = MatchMethod.valueOf(suffix[1]);
                    expr = base + expr.substring(keyword.length());
                    break;
                }
            }
        }
        if (Fetches.lookup(
                        implied == null
                                ? keyword
                                : expr.substring(0, expr.length() - (s.fetch().length() - keyword.length())))
                == null) {
            throw error(s, "unknown fetch method '" + keyword + "'" + Suggestions.didYouMean(keyword, aclFetchNames()));
        }
        SampleExpr sample;
        try {
            sample = SampleParser.compile(expr, env, side, "acls");
        } catch (SampleException e) {
            throw error(s, e.getMessage() + " in '" + s.fetch() + "'");
        }

        boolean ignoreCase = false;
        MatchMethod method = implied != null ? implied : MatchMethod.defaultFor(sample.type());
        if (method == null && PAYLOAD_ACLS.contains(keyword) && sample.type() == SampleType.BIN && !converted(s)) {
            method = MatchMethod.BIN; // their acl forms are "hex binary match"
        }
        List<String> patterns = new ArrayList<>(s.patterns());
        List<String> files = new ArrayList<>();
        List<String> flags = s.flags();
        for (int i = 0; i < flags.size(); i++) {
            String f = flags.get(i);
            switch (f) {
                case "-i":
                    ignoreCase = true;
                    break;
                case "-n":
                    break; // names are never resolved anyway
                case "-m": {
                    String m = flags.get(++i);
                    method = MatchMethod.byKeyword(m);
                    if (method == null) {
                        List<String> all = new ArrayList<>();
                        for (MatchMethod mm : MatchMethod.values()) {
                            all.add(mm.keyword());
                        }
                        throw error(s, "unknown match method '" + m + "' after '-m'" + Suggestions.didYouMean(m, all));
                    }
                    break;
                }
                case "-f":
                    files.add(flags.get(++i));
                    break;
                case "-u":
                    i++;
                    break; // unique id: only used by the runtime API in HAProxy
                case "-M":
                    throw error(s, "'-M' (map files) is not supported by hapair-proxy");
                default:
                    throw error(
                            s,
                            "unknown flag '" + f + "'"
                                    + Suggestions.didYouMean(f, List.of("-i", "-m", "-f", "-n", "-u")));
            }
        }
        if (method == null) {
            throw error(
                    s,
                    "'" + s.fetch() + "' gives binary samples: name a match method with '-m' (HAProxy has no"
                            + " default for binary)");
        }
        return build(s, sample, method, ignoreCase, patterns, files);
    }

    /** Whether converters follow the fetch (its acl form's default match then no longer applies). */
    private static boolean converted(AclDef s) {
        String f = s.fetch();
        int close = f.indexOf(')');
        String tail = close < 0 ? f.substring(s.fetchName().length()) : f.substring(close + 1);
        return tail.startsWith(",");
    }

    /** Fetches whose acl form matches hexadecimal binary patterns by default. */
    private static final Set<String> PAYLOAD_ACLS =
            Set.of("req.payload", "req.payload_lv", "res.payload", "res.payload_lv", "payload", "payload_lv");

    /** Every fetch name an acl accepts: the registry's and the suffixed forms of string fetches. */
    private static List<String> aclFetchNames() {
        List<String> out = new ArrayList<>(Fetches.names());
        for (String f : Fetches.names()) {
            if (Fetches.lookup(f).type() == SampleType.STR) {
                for (String[] suffix : SUFFIXES) {
                    out.add(f + suffix[0]);
                }
            }
        }
        return out;
    }

    /**
     * The line's live term: one pattern set per {@code -f} file (shared with every line naming it) and one for
     * its inline patterns, each matched with the line's method, in the order HAProxy numbers them.
     */
    private AclTerm build(
            AclDef s,
            SampleExpr sample,
            MatchMethod method,
            boolean ignoreCase,
            List<String> patterns,
            List<String> files)
            throws AclException {
        String operator = s.operator().orElse(null);
        if (operator == null
                && (method == MatchMethod.INT || method == MatchMethod.LEN)
                && !patterns.isEmpty()
                && IntPatterns.isOperator(patterns.get(0))) {
            // the config parser only knows the usual integer fetches; '-m int' or '-m len' makes any fetch one
            operator = patterns.get(0);
            patterns = patterns.subList(1, patterns.size());
        }
        if (operator != null && method != MatchMethod.INT && method != MatchMethod.LEN) {
            throw error(
                    s,
                    "operator '" + operator + "' only applies to integer matches, not '-m " + method.keyword() + "'");
        }
        if (operator != null && patterns.isEmpty()) {
            throw error(s, "operator '" + operator + "' expects a value");
        }
        if ((method == MatchMethod.FOUND || method == MatchMethod.BOOL) && !patterns.isEmpty()) {
            throw error(s, "match method '" + method.keyword() + "' takes no pattern, found '" + patterns.get(0) + "'");
        }
        if (method == MatchMethod.INT && !SampleType.SINT.acceptsFrom(sample.type())) {
            throw error(
                    s,
                    "'" + s.fetch() + "' gives " + sample.type().label() + ", not an integer; '-m int' cannot apply");
        }
        if (method == MatchMethod.IP && !SampleType.ADDR.acceptsFrom(sample.type())) {
            throw error(
                    s, "'" + s.fetch() + "' gives " + sample.type().label() + ", not an address; '-m ip' cannot apply");
        }
        if (operator != null) {
            patterns = ranges(operator, patterns);
        }
        AclUse use = new AclUse(method, ignoreCase);
        String file = s.location().file();
        int line = s.location().line();
        MapRegistry registry = env.maps();
        List<PatternRef> refs = new ArrayList<>();
        for (String path : files) {
            try {
                refs.add(registry.aclFile(path, "acl at file '" + file + "' line " + line));
            } catch (IOException e) {
                throw error(s, "cannot read pattern file '" + path + "': " + e.getMessage());
            }
        }
        refs.add(registry.aclInline("acl '" + s.fetchName() + "' file '" + file + "' line " + line, patterns));
        int[] slots = new int[refs.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = refs.get(i).addUse(use);
        }
        return AclTerm.live(sample, refs.toArray(new PatternRef[0]), slots);
    }

    /**
     * {@code gt 3} as the range pattern {@code 4:}, as HAProxy stores an operator's patterns (what {@code show
     * acl} lists and {@code add acl} extends).
     */
    private static List<String> ranges(String operator, List<String> patterns) {
        IntPatterns.parse(operator, patterns); // the operator's own messages for bad numbers
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            long v = Long.parseLong(p);
            out.add(
                    switch (operator) {
                        case "lt" -> ":" + (v - 1);
                        case "le" -> ":" + v;
                        case "gt" -> (v + 1) + ":";
                        case "ge" -> v + ":";
                        default -> Long.toString(v);
                    });
        }
        return out;
    }
}
