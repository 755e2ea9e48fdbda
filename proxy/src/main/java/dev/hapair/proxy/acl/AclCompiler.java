package dev.hapair.proxy.acl;

import dev.hapair.proxy.config.Suggestions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Compiles {@link AclSpec}s into matchers and {@link AclCondition}s into {@link CompiledCondition}s.
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
    public AclTable compile(List<AclSpec> specs) throws AclException {
        Map<String, List<AclTerm>> byName = new LinkedHashMap<>();
        for (AclSpec s : specs) {
            if (s.name().isEmpty()) {
                throw new AclException(s.file(), s.line(), "acl", "acl without a name");
            }
            byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(compileTerm(s));
        }
        Map<String, Acl> acls = new LinkedHashMap<>();
        byName.forEach((name, terms) -> acls.put(name, new Acl(name, terms)));
        return new AclTable(acls);
    }

    /** Every error in {@code specs}, for configuration checks; empty when all compile. */
    public List<AclException> check(List<AclSpec> specs) {
        List<AclException> errors = new ArrayList<>();
        for (AclSpec s : specs) {
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
     * @param unless true for {@code unless COND}
     * @param keyword the rule keyword, for messages ({@code use_backend}, {@code http-request})
     */
    public CompiledCondition compileCondition(AclTable table, boolean unless, AclCondition condition,
                                              String keyword, String file, int line) throws AclException {
        AclTerm expr = compileExpr(table, condition, keyword, file, line);
        return new CompiledCondition(expr, unless, (unless ? "unless " : "if ") + describe(condition));
    }

    private AclTerm compileExpr(AclTable table, AclCondition c, String keyword, String file, int line)
            throws AclException {
        if (c instanceof AclCondition.AclRef ref) {
            Acl acl = table.find(ref.name());
            if (acl == null) {
                List<String> known = new ArrayList<>(table.names());
                known.addAll(PredefinedAcls.names());
                throw new AclException(file, line, keyword, keyword + ": unknown acl '" + ref.name() + "'"
                        + Suggestions.didYouMean(ref.name(), known));
            }
            return acl::matches;
        }
        if (c instanceof AclCondition.Not not) {
            AclTerm t = compileExpr(table, not.term(), keyword, file, line);
            return (r, b) -> !t.test(r, b);
        }
        if (c instanceof AclCondition.Anonymous anon) {
            return compileTerm(anon.spec());
        }
        boolean and = c instanceof AclCondition.And;
        List<AclCondition> parts = and ? ((AclCondition.And) c).terms() : ((AclCondition.Or) c).terms();
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

    private static String describe(AclCondition c) {
        if (c instanceof AclCondition.AclRef ref) {
            return ref.name();
        }
        if (c instanceof AclCondition.Not not) {
            return "!" + describe(not.term());
        }
        if (c instanceof AclCondition.Anonymous a) {
            AclSpec s = a.spec();
            List<String> parts = new ArrayList<>();
            parts.add(s.fetch());
            parts.addAll(s.flags());
            if (s.operator() != null) {
                parts.add(s.operator());
            }
            parts.addAll(s.patterns());
            return "{ " + String.join(" ", parts) + " }";
        }
        List<String> out = new ArrayList<>();
        boolean and = c instanceof AclCondition.And;
        for (AclCondition t : and ? ((AclCondition.And) c).terms() : ((AclCondition.Or) c).terms()) {
            out.add(describe(t));
        }
        return String.join(and ? " " : " or ", out);
    }

    /** Compiles one acl line (named or anonymous). */
    AclTerm compileTerm(AclSpec s) throws AclException {
        try {
            return compileTermUnchecked(s);
        } catch (IllegalArgumentException e) {
            throw error(s, e.getMessage());
        }
    }

    private static AclException error(AclSpec s, String message) {
        return new AclException(s.file(), s.line(), "acl", AclSpec.label(s.name()) + message);
    }

    private AclTerm compileTermUnchecked(AclSpec s) throws AclException {
        String expr = s.fetch();
        String keyword;
        List<String> args = List.of();
        String rest;
        int paren = expr.indexOf('(');
        int comma = expr.indexOf(',');
        if (paren >= 0 && (comma < 0 || paren < comma)) {
            int close = expr.indexOf(')', paren);
            if (close < 0) {
                throw error(s, "missing ')' in fetch '" + expr + "'");
            }
            keyword = expr.substring(0, paren);
            String inside = expr.substring(paren + 1, close);
            args = inside.isEmpty() ? List.of() : List.of(inside.split(",", -1));
            rest = expr.substring(close + 1);
        } else {
            keyword = comma < 0 ? expr : expr.substring(0, comma);
            rest = comma < 0 ? "" : expr.substring(comma);
        }
        if (!rest.isEmpty() && (!rest.startsWith(",") || rest.length() == 1)) {
            throw error(s, "unexpected '" + rest + "' after fetch '" + expr.substring(0, expr.length() - rest.length()) + "'");
        }
        List<String> converters = rest.isEmpty() ? List.of() : List.of(rest.substring(1).split(","));
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
                    throw error(s, "flag '-M' (map files) is not supported in acls by hapair");
                default:
                    throw error(s, "unknown flag '" + f + "'" + Suggestions.didYouMean(f, List.of("-i", "-m", "-f", "-n", "-u")));
            }
        }
        return build(s, fetcher, method, ignoreCase, patterns);
    }

    private static AclTerm build(AclSpec spec, Fetcher fetcher, MatchMethod method, boolean ignoreCase,
                                 List<String> patterns) throws AclException {
        AclSpec s = spec;
        if (s.operator() == null && (method == MatchMethod.INT || method == MatchMethod.LEN) && !patterns.isEmpty()
                && IntPatterns.isOperator(patterns.get(0))) {
            // a tokenizer that did not know this fetch returns integers left the operator among the patterns
            s = new AclSpec(s.name(), s.fetch(), s.flags(), patterns.get(0), s.patterns(), s.file(), s.line());
            patterns = patterns.subList(1, patterns.size());
        }
        if (s.operator() != null && method != MatchMethod.INT && method != MatchMethod.LEN) {
            throw error(s, "operator '" + s.operator() + "' only applies to integer matches, not '-m "
                    + method.keyword() + "'");
        }
        if (s.operator() != null && patterns.isEmpty()) {
            throw error(s, "operator '" + s.operator() + "' expects a value");
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
                IntPatterns p = IntPatterns.parse(s.operator(), patterns);
                if (fetcher instanceof Fetcher.Int i) {
                    return AclTerm.ints(i, p);
                }
                if (fetcher instanceof Fetcher.Strings str) {
                    return AclTerm.parsedInts(str, p);
                }
                throw error(s, "'" + s.fetch() + "' does not return an integer; '-m int' cannot apply");
            }
            case LEN:
                return AclTerm.lengths(AclTerm.asStrings(fetcher), IntPatterns.parse(s.operator(), patterns));
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
