package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleExpr;

/** One compiled acl line: a sample expression, a match method and its patterns. */
interface AclTerm {

    boolean test(SampleContext c);

    /**
     * {@link Verdict#PASS}, {@link Verdict#FAIL}, or {@link Verdict#MISS} when it did not match only because
     * a content fetch lacked bytes that may still arrive.
     */
    default int verdict(SampleContext c) {
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
    Phase needs();

    /** What the term fetches, for messages. */
    String fetch();

    /**
     * A term over live pattern sets: {@code refs[i]} is matched with the use registered in {@code slots[i]}. The
     * matchers are read once per evaluation, so every sample of it sees the same version of each set.
     */
    static AclTerm live(SampleExpr e, dev.hapair.proxy.sample.PatternRef[] refs, int[] slots) {
        java.util.function.Function<SampleContext, Boolean> test;
        if (refs.length == 1) {
            dev.hapair.proxy.sample.PatternRef ref = refs[0];
            int slot = slots[0];
            test = c -> e.any(c, ref.matcher(slot));
        } else {
            test = c -> {
                @SuppressWarnings("unchecked")
                java.util.function.Predicate<Sample>[] m = new java.util.function.Predicate[refs.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = refs[i].matcher(slots[i]);
                }
                return e.any(c, s -> {
                    for (java.util.function.Predicate<Sample> p : m) {
                        if (p.test(s)) {
                            return true;
                        }
                    }
                    return false;
                });
            };
        }
        return new AclTerm() {
            @Override
            public boolean test(SampleContext c) {
                return test.apply(c);
            }

            @Override
            public Phase needs() {
                return e.needs();
            }

            @Override
            public String fetch() {
                return e.toString();
            }
        };
    }

    static AclTerm never() {
        return new AclTerm() {
            @Override
            public boolean test(SampleContext c) {
                return false;
            }

            @Override
            public Phase needs() {
                return Phase.CONNECTION;
            }

            @Override
            public String fetch() {
                return "never";
            }
        };
    }
}
