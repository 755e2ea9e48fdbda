package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns {@code FETCH [FLAGS] [OPERATOR] PATTERN...} tokens into an {@link AclDef} (no matching semantics). */
public final class AclParser {

    /** Flags followed by a value. */
    private static final Set<String> FLAGS_WITH_VALUE = Set.of("-m", "-f", "-u", "-M");

    private static final Set<String> FLAGS_ALONE = Set.of("-i", "-n");

    /** ACL names HAProxy predefines; a condition may use them without an {@code acl} line. */
    public static final Set<String> PREDEFINED = Set.of(
            "FALSE",
            "HTTP",
            "HTTP_1.0",
            "HTTP_1.1",
            "HTTP_2.0",
            "HTTP_3.0",
            "HTTP_CONTENT",
            "HTTP_URL_ABS",
            "HTTP_URL_SLASH",
            "HTTP_URL_STAR",
            "LOCALHOST",
            "METH_CONNECT",
            "METH_DELETE",
            "METH_GET",
            "METH_HEAD",
            "METH_OPTIONS",
            "METH_POST",
            "METH_PUT",
            "METH_TRACE",
            "RDP_COOKIE",
            "REQ_CONTENT",
            "TRUE",
            "WAIT_END");

    private AclParser() {}

    /** @param tokens the words after {@code acl NAME} (or inside {@code { }}), fetch first */
    public static AclDef parse(String name, List<String> tokens, SourceLocation at) {
        if (tokens.isEmpty()) {
            throw new LineError(
                    name.isEmpty()
                            ? "empty anonymous acl '{ }'"
                            : "acl '" + name + "' has no fetch method (expected 'acl " + name
                                    + " <fetch> [flags] [values]')");
        }
        String fetch = tokens.get(0);
        int open = fetch.indexOf('(');
        int comma = fetch.indexOf(',');
        int nameEnd = open >= 0 && (comma < 0 || open < comma) ? open : comma >= 0 ? comma : fetch.length();
        String fetchName = fetch.substring(0, nameEnd);
        List<String> args = List.of();
        String rest = fetch.substring(nameEnd);
        if (rest.startsWith("(")) {
            int close = matchingParen(rest);
            if (close < 0) {
                throw new LineError("missing closing ')' after arguments to fetch '" + fetchName + "'");
            }
            args = splitTopLevel(rest.substring(1, close));
            rest = rest.substring(close + 1);
        }
        List<String> converters = List.of();
        if (rest.startsWith(",")) {
            converters = splitTopLevel(rest.substring(1));
        } else if (!rest.isEmpty()) {
            throw new LineError("unexpected '" + rest + "' after fetch '" + fetchName + "'");
        }
        if (fetchName.isEmpty()) {
            throw new LineError("missing fetch method in '" + fetch + "'");
        }
        List<String> flags = new ArrayList<>();
        int i = 1;
        while (i < tokens.size() && tokens.get(i).startsWith("-")) {
            String f = tokens.get(i);
            if (f.equals("--")) {
                i++;
                break;
            }
            if (FLAGS_WITH_VALUE.contains(f)) {
                if (i + 1 >= tokens.size()) {
                    throw new LineError("acl flag '" + f + "' expects a value");
                }
                flags.add(f);
                flags.add(tokens.get(i + 1));
                i += 2;
            } else if (FLAGS_ALONE.contains(f)) {
                flags.add(f);
                i++;
            } else {
                // not a flag: a negative number or a pattern starting with '-'
                break;
            }
        }
        Optional<String> operator = Optional.empty();
        if (i < tokens.size()
                && AclDef.INTEGER_FETCHES.contains(fetchName)
                && AclDef.OPERATORS.contains(tokens.get(i))) {
            operator = Optional.of(tokens.get(i));
            i++;
            if (i >= tokens.size()) {
                throw new LineError("operator '" + operator.get() + "' of fetch '" + fetchName + "' expects a value");
            }
        }
        return new AclDef(
                name, fetch, fetchName, args, converters, flags, operator, tokens.subList(i, tokens.size()), at);
    }

    private static int matchingParen(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (!s.isEmpty()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
