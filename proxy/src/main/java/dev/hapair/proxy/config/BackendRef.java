package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/** A reference to a backend by name (e.g. {@code default_backend NAME}) with where it was written. */
public record BackendRef(String name, SourceLocation location) {
    /** True when the name is a log-format expression ({@code %[...]}) resolved per request. */
    public boolean isDynamic() {
        return name.contains("%[");
    }
}
