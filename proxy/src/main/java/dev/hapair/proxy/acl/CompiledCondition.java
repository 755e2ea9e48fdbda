package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.SampleContext;

/**
 * A compiled {@code if COND} / {@code unless COND} ({@code unless} is a negation in the config model):
 * evaluate per request on the event loop; it never blocks or allocates beyond the fetched samples.
 */
public final class CompiledCondition {

    /** For rules without a condition. */
    public static final CompiledCondition ALWAYS = new CompiledCondition(Cond.PASS, "always");

    private final Cond expr;
    private final String text;

    CompiledCondition(Cond expr, String text) {
        this.expr = expr;
        this.text = text;
    }

    /** True when the rule applies. */
    public boolean matches(SampleContext c) {
        return expr.verdict(c) == Verdict.PASS;
    }

    /**
     * The {@link Verdict}: MISS when the condition cannot be decided yet because content inspection may
     * still receive the bytes it needs.
     */
    public int verdict(SampleContext c) {
        return expr.verdict(c);
    }

    /** True when the rule applies; {@code backends} answers {@code nbsrv()}. */
    public boolean matches(RequestView request, BackendStates backends) {
        return matches(RequestView.context(request, backends));
    }

    @Override
    public String toString() {
        return text;
    }
}
