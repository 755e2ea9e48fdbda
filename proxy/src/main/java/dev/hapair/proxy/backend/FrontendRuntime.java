package dev.hapair.proxy.backend;

import java.util.List;

/**
 * Live state of one frontend: settings, routing, {@code http-request} rules and counters.
 *
 * @param rules {@code http-request} rules of the frontend, evaluated in order before routing
 */
public final class FrontendRuntime {
    private final String name;
    private final FrontendSettings settings;
    private final BackendRouter router;
    private final List<? extends RequestRule> rules;
    private final ServerCounters counters = new ServerCounters();

    public FrontendRuntime(String name, FrontendSettings settings, BackendRouter router, List<? extends RequestRule> rules) {
        this.name = name;
        this.settings = settings;
        this.router = router;
        this.rules = List.copyOf(rules);
    }

    public String name() { return name; }
    public FrontendSettings settings() { return settings; }
    public BackendRouter router() { return router; }
    public List<? extends RequestRule> rules() { return rules; }
    public ServerCounters counters() { return counters; }

    @Override
    public String toString() { return name; }
}
