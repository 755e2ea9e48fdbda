package dev.hapair.proxy.acl;

/**
 * A compiled {@code if COND} / {@code unless COND} ({@code unless} is a negation in the config model):
 * evaluate per request on the event loop; it never blocks or allocates beyond the fetched samples.
 */
public final class CompiledCondition {

    /** For rules without a condition. */
    public static final CompiledCondition ALWAYS = new CompiledCondition((r, b) -> true, "always");

    private final AclTerm expr;
    private final String text;

    CompiledCondition(AclTerm expr, String text) {
        this.expr = expr;
        this.text = text;
    }

    /** True when the rule applies. */
    public boolean matches(RequestView request, BackendStates backends) {
        return expr.test(request, backends);
    }

    @Override
    public String toString() {
        return text;
    }
}
