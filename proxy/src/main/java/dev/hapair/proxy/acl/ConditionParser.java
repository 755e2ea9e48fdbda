package dev.hapair.proxy.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses condition tokens ({@code if A !B or { path_beg /x }}) into an {@link AclCondition}. The config
 * parser may build conditions itself; this is the reference grammar and is used by tests and tools.
 */
public final class ConditionParser {

    /** A parsed {@code if|unless COND}. */
    public record Guard(boolean unless, AclCondition condition) {
    }

    private ConditionParser() {
    }

    /** @param tokens starting with {@code if} or {@code unless} */
    public static Guard parseGuard(List<String> tokens, String keyword, String file, int line) throws AclException {
        if (tokens.isEmpty() || !(tokens.get(0).equals("if") || tokens.get(0).equals("unless"))) {
            throw new AclException(file, line, keyword, keyword + ": expected 'if' or 'unless'"
                    + (tokens.isEmpty() ? "" : ", found '" + tokens.get(0) + "'"));
        }
        return new Guard(tokens.get(0).equals("unless"), parse(tokens.subList(1, tokens.size()), keyword, file, line));
    }

    /** @param tokens the condition after {@code if}/{@code unless} */
    public static AclCondition parse(List<String> tokens, String keyword, String file, int line) throws AclException {
        List<AclCondition> ors = new ArrayList<>();
        List<AclCondition> ands = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (t.equals("or") || t.equals("||")) {
                if (ands.isEmpty()) {
                    throw new AclException(file, line, keyword, keyword + ": '" + t + "' without a condition before it");
                }
                ors.add(group(ands));
                ands = new ArrayList<>();
                i++;
                continue;
            }
            int negations = 0;
            while (t.startsWith("!")) {
                negations++;
                t = t.substring(1);
                if (t.isEmpty()) {
                    i++;
                    if (i >= tokens.size()) {
                        throw new AclException(file, line, keyword, keyword + ": '!' at the end of the condition");
                    }
                    t = tokens.get(i);
                }
            }
            AclCondition term;
            if (t.equals("{")) {
                int end = -1;
                for (int k = i + 1; k < tokens.size(); k++) {
                    if (tokens.get(k).equals("}")) {
                        end = k;
                        break;
                    }
                }
                if (end < 0) {
                    throw new AclException(file, line, keyword, keyword + ": missing '}' after anonymous acl");
                }
                term = new AclCondition.Anonymous(AclSpec.parse("", tokens.subList(i + 1, end), file, line));
                i = end + 1;
            } else if (t.equals("}")) {
                throw new AclException(file, line, keyword, keyword + ": unexpected '}'");
            } else {
                term = new AclCondition.AclRef(t);
                i++;
            }
            for (int n = 0; n < negations; n++) {
                term = new AclCondition.Not(term);
            }
            ands.add(term);
        }
        if (ands.isEmpty()) {
            throw new AclException(file, line, keyword, keyword + (ors.isEmpty() ? ": missing condition after 'if'/'unless'"
                    : ": condition ends with 'or'"));
        }
        ors.add(group(ands));
        return ors.size() == 1 ? ors.get(0) : new AclCondition.Or(ors);
    }

    private static AclCondition group(List<AclCondition> ands) {
        return ands.size() == 1 ? ands.get(0) : new AclCondition.And(ands);
    }
}
