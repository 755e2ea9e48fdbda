package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;

/** {@code http-request ACTION ... [if|unless COND]}, in declaration order. */
public record HttpRequestRule(HttpRequestAction action, Optional<Condition> condition, SourceLocation location) {
}
