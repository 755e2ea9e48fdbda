package dev.hapair.proxy.sample;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles {@code fetch(args),conv(args),...} against the fetch and converter registries: unknown
 * keywords (with the closest known one), argument counts and values, the type chain (each converter's
 * input must be castable from the previous type) and the phase (the fetch's data must exist where the
 * expression is used).
 */
public final class SampleParser {

    private SampleParser() {}

    /**
     * @param available phases whose data exist where the expression is used
     * @param where the rule keyword for messages, e.g. {@code http-request set-header}
     */
    public static SampleExpr compile(String text, SampleEnv env, Set<Phase> available, String where)
            throws SampleException {
        List<Call> calls = split(text);
        Call f = calls.get(0);
        FetchDef def = Fetches.lookup(f.name);
        if (def == null) {
            throw new SampleException(
                    "unknown fetch method '" + f.name + "'" + Suggestions.didYouMean(f.name, Fetches.names()));
        }
        checkCount("fetch", def.name(), f.args, def.minArgs(), def.maxArgs());
        if (def.needs() == Phase.HTTP_HEADERS && !available.contains(Phase.HTTP_REQUEST)) {
            // hdr() in a response rule reads the response's headers, as HAProxy's does
            def = Fetches.lookup("res." + def.name());
        }
        if (!available.contains(def.needs())) {
            throw new SampleException(
                    "fetch '" + def.name() + "' needs " + def.needs().what() + ", which do not exist in " + where);
        }
        Fetch fetch;
        try {
            fetch = def.factory().create(f.args, env);
        } catch (IllegalArgumentException e) {
            throw new SampleException("fetch '" + def.name() + "': " + e.getMessage());
        }
        SampleType type = def.type();
        Converter[] convs = new Converter[calls.size() - 1];
        SampleType[] inputs = new SampleType[convs.length];
        for (int i = 1; i < calls.size(); i++) {
            Call c = calls.get(i);
            ConverterDef cd = Converters.lookup(c.name);
            if (cd == null) {
                throw new SampleException(
                        "unknown converter '" + c.name + "'" + Suggestions.didYouMean(c.name, Converters.names()));
            }
            checkCount("converter", cd.name(), c.args, cd.minArgs(), cd.maxArgs());
            if (!cd.in().acceptsFrom(type)) {
                throw new SampleException("converter '" + cd.name() + "' cannot be applied: it takes "
                        + cd.in().label() + " but '" + calls.get(i - 1).name + "' gives " + type.label());
            }
            try {
                convs[i - 1] = cd.factory().create(c.args, env);
            } catch (IllegalArgumentException e) {
                throw new SampleException("converter '" + cd.name() + "': " + e.getMessage());
            }
            inputs[i - 1] = cd.in();
            // out ANY: the input passes through (set-var) when the input is ANY too, else the type is only
            // known at run time (json_query gives str, int or bool)
            type = cd.out() != SampleType.ANY ? cd.out() : cd.in() == SampleType.ANY ? type : SampleType.ANY;
        }
        return new SampleExpr(text, fetch, convs, inputs, type, def.needs());
    }

    private static void checkCount(String what, String name, List<String> args, int min, int max)
            throws SampleException {
        if (args.size() < min || args.size() > max) {
            String expected =
                    max == 0 ? "no argument" : min == max ? min + " argument(s)" : min + " to " + max + " arguments";
            throw new SampleException(what + " '" + name + "' expects " + expected + ", got " + args.size());
        }
    }

    /** One keyword with its arguments. */
    record Call(String name, List<String> args) {}

    /** Splits {@code a(x,y),b,c(z)} into calls; arguments may be quoted or backslash-escaped. */
    static List<Call> split(String text) throws SampleException {
        List<Call> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            int start = i;
            while (i < n && text.charAt(i) != '(' && text.charAt(i) != ',') {
                if (text.charAt(i) == ')') {
                    throw new SampleException("unexpected ')' in '" + text + "'");
                }
                i++;
            }
            String name = text.substring(start, i).strip();
            if (name.isEmpty()) {
                throw new SampleException(
                        out.isEmpty()
                                ? "missing fetch method in '" + text + "'"
                                : "missing converter after ',' in '" + text + "'");
            }
            List<String> args = new ArrayList<>();
            if (i < n && text.charAt(i) == '(') {
                i = arguments(text, i + 1, args, name);
            }
            out.add(new Call(name, args));
            if (i >= n) {
                return out;
            }
            if (text.charAt(i) != ',') {
                throw new SampleException(
                        "unexpected '" + text.substring(i) + "' after '" + name + "' in '" + text + "'");
            }
            i++;
        }
    }

    /** Reads arguments up to the closing parenthesis; returns the index after it. */
    private static int arguments(String text, int i, List<String> args, String name) throws SampleException {
        StringBuilder cur = new StringBuilder();
        int n = text.length();
        char quote = 0;
        int depth = 0;
        boolean sawQuote = false; // "" is an empty argument, () is none
        while (i < n) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < n) {
                    cur.append(text.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                sawQuote = true;
            } else if (c == '\\' && i + 1 < n && "(),'\"\\".indexOf(text.charAt(i + 1)) >= 0) {
                // only delimiters are escaped: regexes keep their own backslashes (\. \d)
                cur.append(text.charAt(++i));
            } else if (c == '(') {
                depth++;
                cur.append(c);
            } else if (c == ')' && depth > 0) {
                depth--;
                cur.append(c);
            } else if (c == ')') {
                if (cur.length() > 0 || !args.isEmpty() || sawQuote) {
                    args.add(cur.toString());
                }
                return i + 1;
            } else if (c == ',' && depth == 0) {
                args.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
            i++;
        }
        throw new SampleException("missing closing ')' after arguments to '" + name + "'");
    }
}
