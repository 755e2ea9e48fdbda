package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;

/**
 * {@code http-request ACTION ... [if|unless COND]} as written, in declaration order: the config side;
 * {@code dev.hapair.proxy.http.HttpRequestRule} is the compiled rule the proxy runs.
 */
public record HttpRequestRuleConfig(HttpRequestAction action, Optional<Condition> condition, SourceLocation location) {
}
