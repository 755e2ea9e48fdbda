package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.IntPatterns;
import dev.hapair.proxy.sample.IpPatterns;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleExpr;
import dev.hapair.proxy.sample.SampleType;
import java.net.InetAddress;
import java.util.List;

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

    static AclTerm of(SampleExpr e, java.util.function.Predicate<Sample> match) {
        return new AclTerm() {
            @Override
            public boolean test(SampleContext c) {
                return e.any(c, match);
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

    static AclTerm found(SampleExpr e) {
        return of(e, s -> true);
    }

    static AclTerm bool(SampleExpr e) {
        return of(e, s -> s.toBool());
    }

    static AclTerm ints(SampleExpr e, IntPatterns p) {
        return of(e, s -> {
            Long v = s.toLong();
            return v != null && p.matches(v);
        });
    }

    static AclTerm lengths(SampleExpr e, IntPatterns p) {
        return of(e, s -> p.matches(s.toText().length()));
    }

    static AclTerm addresses(SampleExpr e, IpPatterns p) {
        return of(e, s -> {
            Sample a = s.cast(SampleType.ADDR);
            InetAddress x = a == null ? null : a.toAddress();
            return x != null && p.matches(x);
        });
    }

    /** {@code -m bin}: the sample's bytes equal one of the hex patterns. */
    static AclTerm binaries(SampleExpr e, List<byte[]> patterns) {
        return of(e, s -> {
            byte[] b = s.toBytes();
            for (byte[] p : patterns) {
                if (java.util.Arrays.equals(b, p)) {
                    return true;
                }
            }
            return false;
        });
    }

    static AclTerm strings(SampleExpr e, StringPatterns p) {
        return of(e, s -> p.matches(s.toText()));
    }
}
