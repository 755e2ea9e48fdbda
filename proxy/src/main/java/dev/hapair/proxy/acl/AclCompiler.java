package dev.hapair.proxy.acl;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import dev.hapair.proxy.config.AclDef;
import dev.hapair.proxy.config.Condition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Compiles the config model's {@link AclDef}s into matchers and {@link Condition}s into
 * {@link CompiledCondition}s.
 * Every error is an {@link AclException} naming file:line, the keyword and, for typos, the closest
 * known word. {@link #check} collects all errors for {@code -c}.
 */
public final class AclCompiler {

    private final Predicate<String> backendExists;
    private final PatternFileLoader patternFiles;

    /**
     * @param backendExists whether a backend name (as in {@code nbsrv(NAME)}) exists in the config
     * @param patternFiles loader for {@code -f FILE}
     */
    public AclCompiler(Predicate<String> backendExists, PatternFileLoader patternFiles) {
        this.backendExists = backendExists;
        this.patternFiles = patternFiles;
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
        AclTerm expr = compileExpr(table, condition, keyword, at.file(), at.line());
        return new CompiledCondition(expr, "if " + describe(condition));
    }

    private AclTerm compileExpr(AclTable table, Condition c, String keyword, String file, int line)
            throws AclException {
        if (c instanceof Condition.AclRef ref) {
            Acl acl = table.find(ref.name());
            if (acl == null) {
                List<String> known = new ArrayList<>(table.names());
                known.addAll(PredefinedAcls.names());
                throw new AclException(file, line, keyword, keyword + ": unknown acl '" + ref.name() + "'"
                        + Suggestions.didYouMean(ref.name(), known));
            }
            return acl::matches;
        }
        if (c instanceof Condition.Not not) {
            AclTerm t = compileExpr(table, not.operand(), keyword, file, line);
            return (r, b) -> !t.test(r, b);
        }
        if (c instanceof Condition.Anonymous anon) {
            return compileTerm(anon.acl());
        }
        boolean and = c instanceof Condition.And;
        List<Condition> parts = and ? ((Condition.And) c).operands() : ((Condition.Or) c).operands();
        if (parts.isEmpty()) {
            throw new AclException(file, line, keyword, keyword + ": empty condition");
        }
        AclTerm[] terms = new AclTerm[parts.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = compileExpr(table, parts.get(i), keyword, file, line);
        }
        if (terms.length == 1) {
            return terms[0];
        }
        return and ? (r, b) -> {
            for (AclTerm t : terms) {
                if (!t.test(r, b)) {
                    return false;
                }
            }
            return true;
        } : (r, b) -> {
            for (AclTerm t : terms) {
                if (t.test(r, b)) {
                    return true;
                }
            }
            return false;
        };
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

    /** Compiles one acl line (named or anonymous). */
    AclTerm compileTerm(AclDef s) throws AclException {
        try {
            return compileTermUnchecked(s);
        } catch (IllegalArgumentException e) {
            throw error(s, e.getMessage());
        }
    }

    private static AclException error(AclDef s, String message) {
        String label = s.isAnonymous() ? "anonymous acl: " : "acl '" + s.name() + "': ";
        return new AclException(s.location().file(), s.location().line(), "acl", label + message);
    }

    private AclTerm compileTermUnchecked(AclDef s) throws AclException {
        // the config parser has split the fetch into name, arguments and converters
        String expr = s.fetch();
        String keyword = s.fetchName();
        List<String> args = s.fetchArgs();
        List<String> converters = s.converters();
        if (expr.endsWith(",")) {
            throw error(s, "unexpected ',' after fetch '" + expr.substring(0, expr.length() - 1) + "'");
        }
        FetchDef def = FetchTable.lookup(keyword);
        if (def == null) {
            throw error(s, "unknown fetch method '" + keyword + "'" + Suggestions.didYouMean(keyword, FetchTable.keywords()));
        }
        if (args.size() < def.minArgs() || args.size() > def.maxArgs()) {
            String expected = def.maxArgs() == 0 ? "no argument"
                    : def.minArgs() == def.maxArgs() ? def.minArgs() + " argument(s)"
                    : def.minArgs() + " to " + def.maxArgs() + " arguments";
            throw error(s, "fetch '" + def.keyword() + "' expects " + expected + ", found '" + expr + "'");
        }
        if (def.backendArg() && !args.isEmpty() && !backendExists.test(args.get(0))) {
            throw error(s, "no such backend '" + args.get(0) + "' in '" + expr + "'");
        }
        Fetcher fetcher = Converters.apply(def.factory().apply(args), converters);

        boolean ignoreCase = false;
        MatchMethod method = def.defaultMethod();
        List<String> patterns = new ArrayList<>(s.patterns());
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
                case "-f": {
                    String path = flags.get(++i);
                    try {
                        patterns.addAll(patternFiles.load(path));
                    } catch (IOException e) {
                        throw error(s, "cannot read pattern file '" + path + "': " + e.getMessage());
                    }
                    break;
                }
                case "-u":
                    i++;
                    break; // unique id: only used by the runtime API in HAProxy
                case "-M":
                    throw error(s, "'-M' (map files) is not supported by hapair-proxy");
                default:
                    throw error(s, "unknown flag '" + f + "'" + Suggestions.didYouMean(f, List.of("-i", "-m", "-f", "-n", "-u")));
            }
        }
        return build(s, fetcher, method, ignoreCase, patterns);
    }

    private static AclTerm build(AclDef s, Fetcher fetcher, MatchMethod method, boolean ignoreCase,
                                 List<String> patterns) throws AclException {
        String operator = s.operator().orElse(null);
        if (operator == null && (method == MatchMethod.INT || method == MatchMethod.LEN) && !patterns.isEmpty()
                && IntPatterns.isOperator(patterns.get(0))) {
            // the config parser only knows the usual integer fetches; '-m int' or '-m len' makes any fetch one
            operator = patterns.get(0);
            patterns = patterns.subList(1, patterns.size());
        }
        if (operator != null && method != MatchMethod.INT && method != MatchMethod.LEN) {
            throw error(s, "operator '" + operator + "' only applies to integer matches, not '-m "
                    + method.keyword() + "'");
        }
        if (operator != null && patterns.isEmpty()) {
            throw error(s, "operator '" + operator + "' expects a value");
        }
        switch (method) {
            case FOUND:
            case BOOL:
                if (!patterns.isEmpty()) {
                    throw error(s, "match method '" + method.keyword() + "' takes no pattern, found '"
                            + patterns.get(0) + "'");
                }
                return method == MatchMethod.FOUND ? AclTerm.found(fetcher) : AclTerm.bool(fetcher);
            default:
                break;
        }
        if (patterns.isEmpty()) {
            // HAProxy accepts a pattern-less acl; it can never match
            return AclTerm.never();
        }
        switch (method) {
            case INT: {
                IntPatterns p = IntPatterns.parse(operator, patterns);
                if (fetcher instanceof Fetcher.Int i) {
                    return AclTerm.ints(i, p);
                }
                if (fetcher instanceof Fetcher.Strings str) {
                    return AclTerm.parsedInts(str, p);
                }
                throw error(s, "'" + s.fetch() + "' does not return an integer; '-m int' cannot apply");
            }
            case LEN:
                return AclTerm.lengths(AclTerm.asStrings(fetcher), IntPatterns.parse(operator, patterns));
            case IP: {
                IpPatterns p = IpPatterns.parse(patterns);
                if (fetcher instanceof Fetcher.Addr a) {
                    return AclTerm.addresses(a, p);
                }
                if (fetcher instanceof Fetcher.Strings str) {
                    return AclTerm.parsedAddresses(str, p);
                }
                throw error(s, "'" + s.fetch() + "' does not return an address; '-m ip' cannot apply");
            }
            default:
                return AclTerm.strings(AclTerm.asStrings(fetcher), StringPatterns.compile(method, ignoreCase, patterns));
        }
    }
}
