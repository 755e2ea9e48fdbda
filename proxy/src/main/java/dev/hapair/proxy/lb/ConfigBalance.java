package dev.hapair.proxy.lb;

import dev.hapair.proxy.config.BalanceConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link LbAlgorithm}s from the config model; {@link #validate} reports what hapair cannot balance. */
public final class ConfigBalance {

    private ConfigBalance() {
    }

    /** The algorithm of a backend ({@code balance} + {@code hash-type}). */
    public static LbAlgorithm algorithm(ProxyConfig backend) throws LbConfigException {
        return algorithm(backend.balance(), backend.hashType());
    }

    public static LbAlgorithm algorithm(BalanceConfig balance, dev.hapair.proxy.config.HashType hashType)
            throws LbConfigException {
        List<String> b = new ArrayList<>();
        switch (balance.algorithm()) {
            case HDR:
                b.add("hdr(" + balance.parameter().orElse("") + ")");
                if (balance.hdrUseDomainOnly()) {
                    b.add("use_domain_only");
                }
                break;
            case URL_PARAM:
                b.add("url_param");
                balance.parameter().ifPresent(b::add);
                break;
            case URI:
                b.add("uri");
                balance.uriLen().ifPresent(n -> {
                    b.add("len");
                    b.add(Integer.toString(n));
                });
                balance.uriDepth().ifPresent(n -> {
                    b.add("depth");
                    b.add(Integer.toString(n));
                });
                if (balance.uriWhole()) {
                    b.add("whole");
                }
                break;
            case RANDOM:
                // the config keeps "random(N)"'s draws among the extra arguments
                List<String> extra = balance.extraArgs();
                b.add(extra.isEmpty() ? "random" : "random(" + extra.get(0) + ")");
                b.addAll(extra.size() > 1 ? extra.subList(1, extra.size()) : List.of());
                return BalanceParser.parse(b, hashTypeArgs(hashType));
            default:
                b.add(balance.algorithm().keyword());
                break;
        }
        b.addAll(balance.extraArgs());
        return BalanceParser.parse(b, hashTypeArgs(hashType));
    }

    private static List<String> hashTypeArgs(dev.hapair.proxy.config.HashType hashType) {
        List<String> h = new ArrayList<>();
        h.add(hashType.method().keyword());
        h.add(hashType.function());
        if (hashType.avalanche()) {
            h.add("avalanche");
        }
        return h;
    }

    /** One alert per backend whose balancing hapair cannot do. */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.backends()) {
            try {
                algorithm(p);
            } catch (LbConfigException e) {
                var at = e.keyword().equals("hash-type") ? p.hashType().location() : p.balance().location();
                out.add(ConfigDiagnostic.alert(at, e.keyword(), e.getMessage()));
            }
        }
        return out;
    }
}
