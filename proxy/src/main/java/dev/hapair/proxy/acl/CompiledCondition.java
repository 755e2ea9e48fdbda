package dev.hapair.proxy.acl;

/**
 * A compiled {@code if COND} / {@code unless COND}: evaluate per request on the event loop; it never
 * blocks or allocates beyond the fetched samples.
 */
public final class CompiledCondition {

    /** For rules without a condition. */
    public static final CompiledCondition ALWAYS = new CompiledCondition((r, b) -> true, false, "always");

    private final AclTerm expr;
    private final boolean unless;
    private final String text;

    CompiledCondition(AclTerm expr, boolean unless, String text) {
        this.expr = expr;
        this.unless = unless;
        this.text = text;
    }

    /** True when the rule applies: the condition holds ({@code if}) or does not ({@code unless}). */
    public boolean matches(RequestView request, BackendStates backends) {
        return expr.test(request, backends) != unless;
    }

    @Override
    public String toString() {
        return text;
    }
}
