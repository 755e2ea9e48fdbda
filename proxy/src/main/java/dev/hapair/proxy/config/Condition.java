package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/**
 * A parsed {@code if|unless} condition: acl names and anonymous {@code { ... }} acls combined with implicit
 * AND, {@code or}/{@code ||} and {@code !}. {@code unless C} is stored as {@code Not(C)}.
 * AND binds tighter than OR, as in HAProxy.
 */
public sealed interface Condition
        permits Condition.AclRef, Condition.Not, Condition.And, Condition.Or, Condition.Anonymous {

    /** A named acl (defined with {@code acl NAME ...} in the proxy, or predefined like {@code TRUE}). */
    record AclRef(String name, SourceLocation location) implements Condition {}

    record Not(Condition operand) implements Condition {}

    record And(List<Condition> operands) implements Condition {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Condition> operands) implements Condition {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code { FETCH [FLAGS] PATTERN... }}: the acl's name is empty. */
    record Anonymous(AclDef acl) implements Condition {}
}
