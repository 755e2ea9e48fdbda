package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;

/** {@code use_backend NAME [if|unless COND]}; rules are evaluated in declaration order, first match wins. */
public record UseBackendRule(BackendRef backend, Optional<Condition> condition, SourceLocation location) {}
