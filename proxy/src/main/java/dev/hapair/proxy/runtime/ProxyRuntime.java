package dev.hapair.proxy.runtime;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import java.util.List;
import java.util.Map;

/**
 * Everything live that a running proxy has built from its configuration: frontends and backends
 * (with their servers and counters) in config order. The stats page and runtime API read it.
 */
public record ProxyRuntime(List<FrontendRuntime> frontends, Map<String, BackendRuntime> backends) {
    public ProxyRuntime {
        frontends = List.copyOf(frontends);
        backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
    }

    public BackendRuntime backend(String name) { return backends.get(name); }

    public FrontendRuntime frontend(String name) {
        for (FrontendRuntime f : frontends) if (f.name().equals(name)) return f;
        return null;
    }
}
