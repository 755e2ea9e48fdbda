package dev.hapair.proxy.lb;

import dev.hapair.common.config.Suggestions;
import dev.hapair.proxy.config.BalanceConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HashType;
import dev.hapair.proxy.config.ProxyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link LbAlgorithm}s from the config model. The config parser has already read the {@code balance}
 * and {@code hash-type} tokens; this only maps the model and refuses, as {@link LbConfigException}s, what
 * hapair cannot balance. {@link #validate} reports those for {@code -c}.
 */
public final class LbAlgorithmFactory {

    private static final String SUPPORTED =
            "roundrobin, static-rr, leastconn, first, source, uri, url_param," + " hdr(name), random";

    private LbAlgorithmFactory() {}

    /** The algorithm of a backend ({@code balance} + {@code hash-type}). */
    public static LbAlgorithm algorithm(ProxyConfig backend) throws LbConfigException {
        return algorithm(backend.balance(), backend.hashType());
    }

    public static LbAlgorithm algorithm(BalanceConfig balance, HashType hashType) throws LbConfigException {
        checkHashFunction(hashType);
        return switch (balance.algorithm()) {
            case ROUNDROBIN -> new LbAlgorithm(LbAlgorithm.Kind.ROUNDROBIN, null, hashType);
            case STATIC_RR -> new LbAlgorithm(LbAlgorithm.Kind.STATIC_RR, null, hashType);
            case LEASTCONN -> new LbAlgorithm(LbAlgorithm.Kind.LEASTCONN, null, hashType);
            case FIRST -> new LbAlgorithm(LbAlgorithm.Kind.FIRST, null, hashType);
            case SOURCE -> new LbAlgorithm(LbAlgorithm.Kind.SOURCE, new SourceHashKey(), hashType);
            case URI -> new LbAlgorithm(LbAlgorithm.Kind.URI, uriKey(balance), hashType);
            case URL_PARAM -> new LbAlgorithm(LbAlgorithm.Kind.URL_PARAM, urlParamKey(balance), hashType);
            case HDR -> new LbAlgorithm(LbAlgorithm.Kind.HDR, headerKey(balance), hashType);
            case RANDOM -> new LbAlgorithm(LbAlgorithm.Kind.RANDOM, null, hashType, draws(balance));
            case RDP_COOKIE -> throw new LbConfigException(
                    "balance",
                    "algorithm '" + balance.algorithm().keyword() + "' is not supported by hapair (supported: "
                            + SUPPORTED + ")");
        };
    }

    private static void checkHashFunction(HashType hashType) throws LbConfigException {
        if (HashFunction.byKeyword(hashType.function()) == null) {
            throw new LbConfigException(
                    "hash-type",
                    "hash function '" + hashType.function()
                            + "' is not supported by hapair (use sdbm, djb2, wt6 or crc32)");
        }
    }

    private static UriHashKey uriKey(BalanceConfig balance) throws LbConfigException {
        for (String o : balance.extraArgs()) {
            // path-only is already our behaviour: the authority of absolute URIs is never hashed
            if (!o.equals("path-only")) {
                throw new LbConfigException(
                        "balance",
                        "unknown uri option '" + o + "'"
                                + Suggestions.didYouMean(o, List.of("len", "depth", "whole", "path-only")));
            }
        }
        return new UriHashKey(balance.uriLen().orElse(0), balance.uriDepth().orElse(0), balance.uriWhole());
    }

    private static UrlParamHashKey urlParamKey(BalanceConfig balance) throws LbConfigException {
        String name = balance.parameter().orElse("");
        if (name.isEmpty()) {
            throw new LbConfigException("balance", "url_param requires a parameter name");
        }
        for (String o : balance.extraArgs()) {
            if (o.equals("check_post")) {
                throw new LbConfigException("balance", "url_param option 'check_post' is not supported by hapair");
            }
            throw new LbConfigException("balance", "unknown url_param option '" + o + "'");
        }
        return new UrlParamHashKey(name);
    }

    private static HeaderHashKey headerKey(BalanceConfig balance) throws LbConfigException {
        String name = balance.parameter().orElse("").trim();
        if (name.isEmpty()) {
            throw new LbConfigException("balance", "hdr() requires a header name, as in 'hdr(Host)'");
        }
        return new HeaderHashKey(name, balance.hdrUseDomainOnly());
    }

    /** The config keeps the {@code N} of {@code random(N)} as the first extra argument. */
    private static int draws(BalanceConfig balance) throws LbConfigException {
        if (balance.extraArgs().isEmpty()) {
            return LbAlgorithm.DEFAULT_DRAWS;
        }
        String token = balance.extraArgs().get(0).trim();
        int draws;
        try {
            draws = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new LbConfigException("balance", "random draws expects a non-negative number, found '" + token + "'");
        }
        if (draws < 0) {
            throw new LbConfigException("balance", "random draws expects a non-negative number, found '" + token + "'");
        }
        if (draws < 1) {
            throw new LbConfigException(
                    "balance",
                    "random draws must be at least 1, found 'random("
                            + balance.extraArgs().get(0) + ")'");
        }
        return draws;
    }

    /** One alert per backend whose balancing hapair cannot do. */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.backends()) {
            try {
                algorithm(p);
            } catch (LbConfigException e) {
                var at = e.keyword().equals("hash-type")
                        ? p.hashType().location()
                        : p.balance().location();
                out.add(ConfigDiagnostic.alert(at, e.keyword(), e.getMessage()));
            }
        }
        return out;
    }
}
