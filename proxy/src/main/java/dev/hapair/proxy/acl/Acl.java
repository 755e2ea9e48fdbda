package dev.hapair.proxy.acl;

import java.util.List;

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

    public boolean matches(RequestView request, BackendStates backends) {
        for (AclTerm t : terms) {
            if (t.test(request, backends)) {
                return true;
            }
        }
        return false;
    }
}
