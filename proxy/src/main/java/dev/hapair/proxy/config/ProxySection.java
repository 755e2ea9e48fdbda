package dev.hapair.proxy.config;

/** Context handed to proxy keyword handlers: the builder of the section being read. */
final class ProxySection {
    final ProxyConfig.Builder proxy;
    final SectionKind kind;
    final Diagnostics diagnostics;

    ProxySection(ProxyConfig.Builder proxy, SectionKind kind, Diagnostics diagnostics) {
        this.proxy = proxy;
        this.kind = kind;
        this.diagnostics = diagnostics;
    }

    boolean isDefaults() {
        return kind == SectionKind.DEFAULTS;
    }

    boolean hasFrontend() {
        return kind == SectionKind.FRONTEND || kind == SectionKind.LISTEN;
    }

    boolean hasBackend() {
        return kind == SectionKind.BACKEND || kind == SectionKind.LISTEN;
    }

    /** "backend 'web'", "defaults section", "defaults 'base'". */
    String describe() {
        if (isDefaults()) {
            return proxy.name.isEmpty() ? "defaults section" : "defaults '" + proxy.name + "'";
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + proxy.name + "'";
    }

    void warn(ConfigLine line, String message) {
        diagnostics.warn(line, message);
    }
}
