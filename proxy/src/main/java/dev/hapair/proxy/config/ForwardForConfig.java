package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;

/**
 * {@code option forwardfor [except NET] [header NAME] [if-none]}.
 *
 * @param except network as written ({@code 127.0.0.0/8} or a bare address); clients inside it get no header
 * @param header header name, default {@code X-Forwarded-For}
 */
public record ForwardForConfig(Optional<String> except, String header, boolean ifNone, SourceLocation location) {
    public static final String DEFAULT_HEADER = "X-Forwarded-For";
}
