package dev.hapair.proxy.rules;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.acl.CompiledCondition;
import java.util.List;

/** One rule list ({@code http-request} rules of a proxy...), evaluated in order. */
public final class RuleSet {

    public static final RuleSet EMPTY = new RuleSet(List.of());

    /**
     * A rule: condition then action. {@code at} is where it was written when a final verdict of it is recorded
     * for {@code last_rule_file}/{@code last_rule_line} (content and HTTP rules), else null.
     */
    public record Rule(CompiledCondition condition, Action action, String text, SourceLocation at) {
        public Rule(CompiledCondition condition, Action action, String text) {
            this(condition, action, text, null);
        }
    }

    private final Rule[] rules;
    /** {@link #mayWait}, asked for every request: found once. */
    private final boolean mayWait;

    public RuleSet(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
        boolean w = false;
        for (Rule r : this.rules) {
            w |= r.text().endsWith(" wait-for-body");
        }
        this.mayWait = w;
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    public int size() {
        return rules.length;
    }

    /**
     * Content inspection: runs the rules from the first as {@link #run} does, but returns null as soon as a
     * condition cannot be decided because bytes it needs may still arrive (HAProxy re-evaluates the whole
     * list when more come, or once more as final when the delay expires).
     */
    public Outcome inspect(Txn t) {
        for (Rule r : rules) {
            int v = r.condition().verdict(t);
            if (v == dev.hapair.proxy.acl.Verdict.MISS) {
                return null;
            }
            if (v != dev.hapair.proxy.acl.Verdict.PASS) {
                continue;
            }
            Outcome o = r.action().run(t);
            if (o.kind() != Outcome.Kind.CONTINUE) {
                return verdict(t, r, o);
            }
        }
        return Outcome.CONTINUE;
    }

    /** A rule's final verdict: remembered as the stream's last rule where that is recorded. */
    private static Outcome verdict(Txn t, Rule r, Outcome o) {
        if (r.at() != null && o.kind() != Outcome.Kind.WAIT) {
            t.lastRule(r.at());
        }
        return o;
    }

    /** Runs the rules until one stops; {@link Outcome#CONTINUE} when all ran. */
    public Outcome run(Txn t) {
        return run(t, 0);
    }

    /** Runs the rules from index {@code from} (a paused list resuming); a wait names the rule it stopped at. */
    public Outcome run(Txn t, int from) {
        if (from == 0) t.strictRewrites(true); // HAProxy: each rule list starts in strict mode
        for (int i = from; i < rules.length; i++) {
            Rule r = rules[i];
            if (r.condition() != CompiledCondition.ALWAYS && !r.condition().matches(t)) {
                continue;
            }
            Outcome o = r.action().run(t);
            if (o.kind() != Outcome.Kind.CONTINUE) {
                return o.kind() == Outcome.Kind.WAIT ? o.at(i) : verdict(t, r, o);
            }
        }
        return Outcome.CONTINUE;
    }

    /** Whether a rule of this list may wait for the request body ({@code wait-for-body}). */
    public boolean mayWait() {
        return mayWait;
    }
}
