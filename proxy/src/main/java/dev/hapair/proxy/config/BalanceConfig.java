package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code balance ALGO [args]}.
 *
 * @param parameter the header name of {@code hdr(NAME)}, the parameter of {@code url_param NAME}, the cookie
 *                  of {@code rdp-cookie(NAME)}; empty otherwise
 * @param uriLen    {@code balance uri len N}
 * @param uriDepth  {@code balance uri depth N}
 * @param uriWhole  {@code balance uri whole} (hash the query string too)
 * @param hdrUseDomainOnly {@code balance hdr(NAME) use_domain_only}
 * @param extraArgs remaining raw arguments (e.g. {@code url_param NAME check_post}, {@code random(N)} draws)
 */
public record BalanceConfig(
        BalanceAlgorithm algorithm,
        Optional<String> parameter,
        OptionalInt uriLen,
        OptionalInt uriDepth,
        boolean uriWhole,
        boolean hdrUseDomainOnly,
        List<String> extraArgs,
        SourceLocation location) {
    public BalanceConfig {
        extraArgs = List.copyOf(extraArgs);
    }

    /** HAProxy's default: roundrobin. */
    public static BalanceConfig roundRobin() {
        return simple(BalanceAlgorithm.ROUNDROBIN, SourceLocation.NONE);
    }

    public static BalanceConfig simple(BalanceAlgorithm algorithm, SourceLocation at) {
        return new BalanceConfig(
                algorithm, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), false, false, List.of(), at);
    }
}
