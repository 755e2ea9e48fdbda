package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleContext;
import java.util.List;
import java.util.Set;

/** A named acl: all lines declaring the same name, any of which may match (HAProxy ORs them). */
public final class Acl {

    private final String name;
    private final AclTerm[] terms;

    Acl(String name, List<AclTerm> terms) {
        this.name = name;
        this.terms = terms.toArray(new AclTerm[0]);
    }

    public String name() {
        return name;
    }

    /** Its lines, for a compiler that recompiles them for another side ({@code hdr()} in response rules). */
    List<AclTerm> terms() {
        return List.of(terms);
    }

    public boolean matches(SampleContext c) {
        for (AclTerm t : terms) {
            if (t.test(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@link Verdict} of the acl: its lines ORed. */
    int verdict(SampleContext c) {
        int v = Verdict.FAIL;
        for (AclTerm t : terms) {
            v |= t.verdict(c);
            if (v == Verdict.PASS) {
                return v;
            }
        }
        return v;
    }

    public boolean matches(RequestView request, BackendStates backends) {
        return matches(RequestView.context(request, backends));
    }

    /** A line whose data do not exist in {@code available}, or null when every line can be evaluated. */
    AclTerm unavailable(Set<Phase> available) {
        for (AclTerm t : terms) {
            if (!available.contains(t.needs())) {
                return t;
            }
        }
        return null;
    }
}
