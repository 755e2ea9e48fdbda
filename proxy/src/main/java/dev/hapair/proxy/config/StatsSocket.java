package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Global {@code stats socket PATH|IP:PORT [mode M] [level user|operator|admin] [expose-fd listeners]
 * [user U] [group G]}. {@code mode} is the octal permission of a unix socket.
 */
public record StatsSocket(
        Endpoint endpoint,
        OptionalInt mode,
        StatsLevel level,
        boolean exposeFdListeners,
        Optional<String> user,
        Optional<String> group,
        SourceLocation location) {}
