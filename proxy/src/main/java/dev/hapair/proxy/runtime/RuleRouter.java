package dev.hapair.proxy.runtime;

import dev.hapair.proxy.acl.BackendStates;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import java.util.List;

/** {@code use_backend NAME if COND} rules in config order, then {@code default_backend}. */
final class RuleRouter implements BackendRouter {
    record Rule(CompiledCondition condition, BackendRuntime backend) {}

    private final List<Rule> rules;
    private final BackendRuntime defaultBackend;
    private final BackendStates states;

    RuleRouter(List<Rule> rules, BackendRuntime defaultBackend, BackendStates states) {
        this.rules = List.copyOf(rules);
        this.defaultBackend = defaultBackend;
        this.states = states;
    }

    @Override
    public BackendRuntime route(RequestInfo request) {
        for (Rule r : rules) {
            if (r.condition().matches(request, states)) return r.backend();
        }
        return defaultBackend;
    }
}
