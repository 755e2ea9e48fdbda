package dev.hapair.proxy.acl;

import java.util.List;

/**
 * The condition after {@code if}/{@code unless}: HAProxy's grammar is terms ANDed by juxtaposition,
 * {@code or}/{@code ||} between AND groups, {@code !} negating one term, {@code { ... }} anonymous acls.
 */
public sealed interface AclCondition {

    /** A named acl (user-defined in the section, or predefined such as {@code METH_GET}). */
    record AclRef(String name) implements AclCondition {
    }

    record Not(AclCondition term) implements AclCondition {
    }

    record And(List<AclCondition> terms) implements AclCondition {
        public And {
            terms = List.copyOf(terms);
        }
    }

    record Or(List<AclCondition> terms) implements AclCondition {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    /** {@code { fetch [flags] patterns }}, parsed with an empty name. */
    record Anonymous(AclSpec spec) implements AclCondition {
    }
}
