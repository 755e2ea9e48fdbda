package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the words after {@code if|unless}: implicit AND between terms, {@code or}/{@code ||} between
 * AND groups, leading {@code !} negates a term (several toggle, as HAProxy strips them), and
 * {@code { FETCH ... }} is an anonymous acl.
 */
public final class ConditionParser {

    private ConditionParser() {}

    /**
     * @param words the words starting at {@code if} or {@code unless}
     */
    public static Condition parse(List<String> words, SourceLocation at) {
        if (words.isEmpty() || !(words.get(0).equals("if") || words.get(0).equals("unless"))) {
            throw new LineError("expected 'if' or 'unless' before condition");
        }
        boolean unless = words.get(0).equals("unless");
        List<String> body = words.subList(1, words.size());
        if (body.isEmpty()) {
            throw new LineError("missing condition after '" + words.get(0) + "'");
        }
        List<Condition> orTerms = new ArrayList<>();
        List<Condition> andTerms = new ArrayList<>();
        int i = 0;
        while (i < body.size()) {
            String w = body.get(i);
            if (w.equals("or") || w.equals("||")) {
                if (andTerms.isEmpty()) {
                    throw new LineError("'" + w + "' without a condition before it");
                }
                orTerms.add(group(andTerms));
                andTerms = new ArrayList<>();
                i++;
                continue;
            }
            boolean negate = false;
            while (w.startsWith("!")) {
                negate = !negate;
                w = w.substring(1);
            }
            Condition term;
            if (w.isEmpty()) {
                // a lone '!': it applies to the next word
                i++;
                if (i >= body.size()) {
                    throw new LineError("'!' at end of condition");
                }
                String next = body.get(i);
                String stripped = next;
                while (stripped.startsWith("!")) {
                    negate = !negate;
                    stripped = stripped.substring(1);
                }
                if (stripped.equals("{")) {
                    int close = closingBrace(body, i);
                    term = new Condition.Anonymous(AclParser.parse("", body.subList(i + 1, close), at));
                    i = close + 1;
                } else {
                    term = new Condition.AclRef(stripped, at);
                    i++;
                }
            } else if (w.equals("{")) {
                int close = closingBrace(body, i);
                term = new Condition.Anonymous(AclParser.parse("", body.subList(i + 1, close), at));
                i = close + 1;
            } else if (w.equals("}")) {
                throw new LineError("unexpected '}' in condition");
            } else {
                term = new Condition.AclRef(w, at);
                i++;
            }
            andTerms.add(negate ? new Condition.Not(term) : term);
        }
        if (andTerms.isEmpty()) {
            throw new LineError("condition ends with '" + body.get(body.size() - 1) + "'");
        }
        orTerms.add(group(andTerms));
        Condition c = orTerms.size() == 1 ? orTerms.get(0) : new Condition.Or(orTerms);
        return unless ? new Condition.Not(c) : c;
    }

    private static Condition group(List<Condition> terms) {
        return terms.size() == 1 ? terms.get(0) : new Condition.And(terms);
    }

    private static int closingBrace(List<String> body, int open) {
        for (int j = open + 1; j < body.size(); j++) {
            if (body.get(j).equals("}")) {
                return j;
            }
        }
        throw new LineError("missing closing '}' in condition");
    }

    /** Index of the first {@code if}/{@code unless} word at or after {@code from}, or -1. */
    public static int findStart(List<String> words, int from) {
        for (int i = from; i < words.size(); i++) {
            if (words.get(i).equals("if") || words.get(i).equals("unless")) {
                return i;
            }
        }
        return -1;
    }
}
