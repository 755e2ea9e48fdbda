package dev.hapair.proxy.runtime;

import dev.hapair.proxy.acl.BackendStates;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.SampleContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code use_backend NAME if COND} rules in config order, then {@code default_backend}. A dynamic rule
 * ({@code use_backend %[...]}) names its backend per request; a name that is no backend makes the rule
 * not apply, so the next rules and then the default backend are tried, as in HAProxy.
 */
final class RuleRouter implements BackendRouter {
    record Rule(
            CompiledCondition condition,
            BackendRuntime backend,
            FormatString name,
            Function<String, BackendRuntime> lookup) {
        static Rule fixed(CompiledCondition condition, BackendRuntime backend) {
            return new Rule(condition, backend, null, null);
        }

        static Rule dynamic(CompiledCondition condition, FormatString name, Function<String, BackendRuntime> lookup) {
            return new Rule(condition, null, name, lookup);
        }
    }

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
        for (int i = 0, n = rules.size(); i < n; i++) { // indexed: no iterator per request
            Rule r = rules.get(i);
            if (!r.condition().matches(request, states)) continue;
            if (r.backend() != null) return r.backend();
            SampleContext c = request.context();
            BackendRuntime b = c == null ? null : r.lookup().apply(r.name().render(c));
            if (b != null) return b;
        }
        return defaultBackend;
    }
}
