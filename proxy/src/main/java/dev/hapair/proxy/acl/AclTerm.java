package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.PatternRef;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleExpr;
import java.util.function.Predicate;

/**
 * One compiled acl line: a sample expression, a match method and its patterns. A final class, not an interface
 * behind lambdas: every condition of every rule calls it on every request, and an interface call seen with many
 * classes is a megamorphic (itable) dispatch each time.
 */
final class AclTerm {

    private static final PatternRef[] NO_REFS = new PatternRef[0];
    private static final AclTerm NEVER = new AclTerm(null, NO_REFS, new int[0]);

    /** null for {@link #never()}. */
    private final SampleExpr e;
    /** The usual case, one pattern set: {@code ref} with its use {@code slot} (null when there are several). */
    private final PatternRef ref;

    private final int slot;
    private final PatternRef[] refs;
    private final int[] slots;

    private AclTerm(SampleExpr e, PatternRef[] refs, int[] slots) {
        this.e = e;
        this.refs = refs;
        this.slots = slots;
        this.ref = refs.length == 1 ? refs[0] : null;
        this.slot = refs.length == 1 ? slots[0] : -1;
    }

    boolean test(SampleContext c) {
        if (ref != null) {
            return e.any(c, ref.matcher(slot));
        }
        if (e == null) {
            return false;
        }
        // the matchers are read once per evaluation, so every sample of it sees the same version of each set
        @SuppressWarnings("unchecked")
        Predicate<Sample>[] m = new Predicate[refs.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = refs[i].matcher(slots[i]);
        }
        return e.any(c, s -> {
            for (Predicate<Sample> p : m) {
                if (p.test(s)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * {@link Verdict#PASS}, {@link Verdict#FAIL}, or {@link Verdict#MISS} when it did not match only because
     * a content fetch lacked bytes that may still arrive.
     */
    int verdict(SampleContext c) {
        if (c.contentFinal()) {
            return test(c) ? Verdict.PASS : Verdict.FAIL;
        }
        int before = c.contentMisses();
        if (test(c)) {
            return Verdict.PASS;
        }
        return c.contentMisses() != before ? Verdict.MISS : Verdict.FAIL;
    }

    /** The phase whose data the term reads (CONNECTION for constants). */
    Phase needs() {
        return e == null ? Phase.CONNECTION : e.needs();
    }

    /** What the term fetches, for messages. */
    String fetch() {
        return e == null ? "never" : e.toString();
    }

    /**
     * A term over live pattern sets: {@code refs[i]} is matched with the use registered in {@code slots[i]}. The
     * matchers are read once per evaluation, so every sample of it sees the same version of each set.
     */
    static AclTerm live(SampleExpr e, PatternRef[] refs, int[] slots) {
        if (refs.length == 0) {
            throw new IllegalArgumentException("an acl term without a pattern set: " + e);
        }
        return new AclTerm(e, refs.clone(), slots.clone());
    }

    /** A term that never matches (a predefined acl hapair knows but cannot evaluate here). */
    static AclTerm never() {
        return NEVER;
    }
}
