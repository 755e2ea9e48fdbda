package dev.hapair.proxy.config;

import java.util.ArrayList;
import java.util.List;

/** Walks a {@link Condition} tree. */
public final class Conditions {

    private Conditions() {}

    /** Every named acl reference, in the order written. */
    public static List<Condition.AclRef> aclRefs(Condition c) {
        List<Condition.AclRef> out = new ArrayList<>();
        walk(c, out, null);
        return out;
    }

    /** Every anonymous {@code { ... }} acl, in the order written. */
    public static List<AclDef> anonymousAcls(Condition c) {
        List<AclDef> out = new ArrayList<>();
        walk(c, null, out);
        return out;
    }

    private static void walk(Condition c, List<Condition.AclRef> refs, List<AclDef> anon) {
        if (c instanceof Condition.AclRef r) {
            if (refs != null) {
                refs.add(r);
            }
        } else if (c instanceof Condition.Not n) {
            walk(n.operand(), refs, anon);
        } else if (c instanceof Condition.And a) {
            a.operands().forEach(o -> walk(o, refs, anon));
        } else if (c instanceof Condition.Or o) {
            o.operands().forEach(x -> walk(x, refs, anon));
        } else if (c instanceof Condition.Anonymous an) {
            if (anon != null) {
                anon.add(an.acl());
            }
        }
    }
}
