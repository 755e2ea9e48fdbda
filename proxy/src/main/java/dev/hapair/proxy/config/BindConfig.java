package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code bind ADDR[:PORT][,ADDR...] [options]}. One line may list several addresses.
 *
 * @param name        {@code name N} (appears in stats)
 * @param maxconn     {@code maxconn N} on the listener
 * @param backlog     {@code backlog N}
 * @param acceptProxy {@code accept-proxy} (PROXY protocol from the client side)
 * @param v4v6        {@code v4v6}: an IPv6 wildcard also accepts IPv4
 * @param v6only      {@code v6only}
 * @param otherOptions remaining options as keyword -> value ("" for flags), kept for diagnostics
 * @param ssl         {@code ssl} and its options: the listener terminates TLS
 * @param proto       {@code proto h2|h1}: the protocol spoken from the first byte (after TLS), whatever ALPN says
 */
public record BindConfig(
        List<Endpoint> endpoints,
        Optional<String> name,
        OptionalInt maxconn,
        OptionalInt backlog,
        boolean acceptProxy,
        boolean v4v6,
        boolean v6only,
        boolean transparent,
        boolean deferAccept,
        Optional<String> interfaceName,
        Map<String, String> otherOptions,
        Optional<BindSslConfig> ssl,
        Optional<String> proto,
        SourceLocation location) {
    public BindConfig {
        endpoints = List.copyOf(endpoints);
        otherOptions = Map.copyOf(otherOptions);
    }
}
