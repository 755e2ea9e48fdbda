package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.SampleContext;

/**
 * A compiled condition node; its result is a {@link Verdict}. One final class whose kind is a field, not a
 * tree of lambdas: each condition of each rule is evaluated on every request, and a lambda's interface call
 * from a shared call site is a megamorphic dispatch per node, where this is a switch and direct calls of
 * {@link Acl} and {@link AclTerm}.
 */
final class Cond {

    private static final int ALWAYS = 0, ACL = 1, TERM = 2, NOT = 3, AND = 4, OR = 5;

    static final Cond PASS = new Cond(ALWAYS, null, null, null);

    private final int kind;
    private final Acl acl;
    private final AclTerm term;
    /** NOT: its one operand; AND, OR: theirs, at least two. */
    private final Cond[] parts;

    private Cond(int kind, Acl acl, AclTerm term, Cond[] parts) {
        this.kind = kind;
        this.acl = acl;
        this.term = term;
        this.parts = parts;
    }

    static Cond acl(Acl acl) {
        return new Cond(ACL, acl, null, null);
    }

    static Cond term(AclTerm term) {
        return new Cond(TERM, null, term, null);
    }

    static Cond not(Cond operand) {
        return new Cond(NOT, null, null, new Cond[] {operand});
    }

    /** {@code parts} ANDed ({@code and}) or ORed; a single part is itself. */
    static Cond of(boolean and, Cond[] parts) {
        return parts.length == 1 ? parts[0] : new Cond(and ? AND : OR, null, null, parts.clone());
    }

    int verdict(SampleContext c) {
        switch (kind) {
            case ACL:
                return acl.verdict(c);
            case TERM:
                return term.verdict(c);
            case NOT:
                return Verdict.not(parts[0].verdict(c));
            case AND: {
                int v = Verdict.PASS;
                for (Cond t : parts) {
                    v &= t.verdict(c);
                    if (v == Verdict.FAIL) {
                        return v;
                    }
                }
                return v;
            }
            case OR: {
                int v = Verdict.FAIL;
                for (Cond t : parts) {
                    v |= t.verdict(c);
                    if (v == Verdict.PASS) {
                        return v;
                    }
                }
                return v;
            }
            default:
                return Verdict.PASS;
        }
    }
}
