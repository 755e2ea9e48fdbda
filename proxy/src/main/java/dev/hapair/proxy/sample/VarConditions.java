package dev.hapair.proxy.sample;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conditions of {@code set-var(<var>[,<cond>...])} (action and converter): the variable is set only if
 * every one holds. At most four, as in HAProxy.
 */
public final class VarConditions {

    /** One condition keyword. */
    public enum Cond {
        IFEXISTS,
        IFNOTEXISTS,
        IFEMPTY,
        IFNOTEMPTY,
        IFSET,
        IFNOTSET,
        IFGT,
        IFLT
    }

    public static final VarConditions NONE = new VarConditions(EnumSet.noneOf(Cond.class));

    private final Set<Cond> conds;

    private VarConditions(Set<Cond> conds) {
        this.conds = conds;
    }

    /** Parses the words after the variable name; an unknown word or more than four is an error. */
    public static VarConditions parse(List<String> words) {
        if (words.isEmpty()) {
            return NONE;
        }
        if (words.size() > 4) {
            throw new IllegalArgumentException("at most 4 set-var conditions, got " + words.size());
        }
        Set<Cond> c = EnumSet.noneOf(Cond.class);
        for (String w : words) {
            try {
                c.add(Cond.valueOf(w.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown set-var condition '" + w.strip()
                        + "' (ifexists, ifnotexists, ifempty, ifnotempty, ifset, ifnotset, ifgt, iflt)");
            }
        }
        return new VarConditions(c);
    }

    /**
     * Splits {@code name[,cond...]} into the variable and its conditions.
     *
     * @return the variable first, then the condition words
     */
    public static List<String> split(String inner) {
        List<String> out = new ArrayList<>();
        for (String p : inner.split(",", -1)) {
            out.add(p.strip());
        }
        return out;
    }

    public boolean isEmpty() {
        return conds.isEmpty();
    }

    /**
     * Whether {@code input} may be stored in {@code var}. {@code proc} variables exist from parsing on (every
     * one a rule names), so {@code ifexists} always holds for them; other scopes exist once set and until unset.
     */
    public boolean allow(Vars vars, VarRef var, Sample input) {
        if (conds.isEmpty()) {
            return true;
        }
        Sample current = vars.get(var);
        boolean exists = var.scope() == VarRef.Scope.PROC || current != null;
        for (Cond c : conds) {
            boolean ok =
                    switch (c) {
                        case IFEXISTS -> exists;
                        case IFNOTEXISTS -> !exists;
                        case IFEMPTY -> empty(input);
                        case IFNOTEMPTY -> !empty(input);
                        case IFSET -> current != null;
                        case IFNOTSET -> current == null;
                        case IFGT -> !scalarPair(current, input) || current.toLong() > input.toLong();
                        case IFLT -> !scalarPair(current, input) || current.toLong() < input.toLong();
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Scalars (integers, booleans, addresses) are never empty; strings and binaries when of length 0. */
    private static boolean empty(Sample s) {
        return switch (s.type()) {
            case STR, METH -> s.toText().isEmpty();
            case BIN -> s.toBytes().length == 0;
            default -> false;
        };
    }

    private static boolean scalarPair(Sample var, Sample input) {
        return var != null && var.type() == SampleType.SINT && input.type() == SampleType.SINT;
    }
}
