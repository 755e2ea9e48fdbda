package dev.hapair.proxy.runtime;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import java.util.List;
import java.util.Map;

/**
 * Everything live that a running proxy has built from its configuration: frontends and backends
 * (with their servers and counters) in config order, and the map files the rules use (edited by the
 * runtime API's {@code set map}), and the certificates of its TLS listeners (changed by the runtime API's
 * {@code ssl cert} commands and the certificate watch). The stats page and runtime API read it.
 */
public record ProxyRuntime(
        List<FrontendRuntime> frontends,
        Map<String, BackendRuntime> backends,
        dev.hapair.proxy.sample.MapRegistry maps,
        dev.hapair.proxy.tls.CertificateStore certificates) {
    public ProxyRuntime(List<FrontendRuntime> frontends, Map<String, BackendRuntime> backends) {
        this(frontends, backends, new dev.hapair.proxy.sample.MapRegistry(dev.hapair.proxy.sample.PatternFiles::read));
    }

    public ProxyRuntime(
            List<FrontendRuntime> frontends,
            Map<String, BackendRuntime> backends,
            dev.hapair.proxy.sample.MapRegistry maps) {
        this(frontends, backends, maps, new dev.hapair.proxy.tls.CertificateStore(List.of()));
    }

    public ProxyRuntime {
        frontends = List.copyOf(frontends);
        backends = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backends));
    }

    public BackendRuntime backend(String name) {
        return backends.get(name);
    }

    public FrontendRuntime frontend(String name) {
        for (FrontendRuntime f : frontends) if (f.name().equals(name)) return f;
        return null;
    }
}
