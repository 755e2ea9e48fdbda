package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code balance ALGO [args]} and {@code hash-type METHOD [FUNCTION] [avalanche]}. */
final class BalanceKeywords {
    static void balance(ProxySection s, ConfigLine l) {
        String spec = l.arg(1);
        if (spec.isEmpty()) {
            throw new LineError("'balance' expects an algorithm");
        }
        String algo = spec.contains("(") ? spec.substring(0, spec.indexOf('(')) : spec;
        BalanceAlgorithm a = BalanceAlgorithm.byKeyword(algo)
                .orElseThrow(() -> new LineError("unknown balance algorithm '" + algo + "'"
                        + Suggestions.didYouMean(
                                algo,
                                java.util.Arrays.stream(BalanceAlgorithm.values())
                                        .map(BalanceAlgorithm::keyword)
                                        .toList())));
        String param = null;
        Integer len = null;
        Integer depth = null;
        boolean whole = false;
        boolean domainOnly = false;
        List<String> extra = new ArrayList<>();
        List<String> rest = l.from(2);
        switch (a) {
            case HDR, RDP_COOKIE -> {
                if (spec.contains("(")) {
                    if (!spec.endsWith(")")) {
                        throw new LineError("missing ')' in 'balance " + spec + "'");
                    }
                    param = spec.substring(spec.indexOf('(') + 1, spec.length() - 1);
                }
                if (a == BalanceAlgorithm.HDR && (param == null || param.isEmpty())) {
                    throw new LineError("'balance hdr' requires a header name: 'balance hdr(<name>)'");
                }
                for (String r : rest) {
                    if (a == BalanceAlgorithm.HDR && r.equals("use_domain_only")) {
                        domainOnly = true;
                    } else {
                        throw new LineError("unexpected argument '" + r + "' to 'balance " + spec + "'");
                    }
                }
            }
            case URL_PARAM -> {
                if (rest.isEmpty()) {
                    throw new LineError("'balance url_param' requires a parameter name");
                }
                param = rest.get(0);
                extra.addAll(rest.subList(1, rest.size()));
            }
            case URI -> {
                for (int i = 0; i < rest.size(); i++) {
                    switch (rest.get(i)) {
                        case "len" -> len = Units.parseInt(ProxyKeywords.next(rest, i++, "len"), "'balance uri len'");
                        case "depth" -> depth =
                                Units.parseInt(ProxyKeywords.next(rest, i++, "depth"), "'balance uri depth'");
                        case "whole" -> whole = true;
                        case "path-only" -> extra.add("path-only");
                        case "hash-key" -> extra.add(ProxyKeywords.next(rest, i++, "hash-key"));
                        default -> throw new LineError("'balance uri' only accepts 'len', 'depth', 'whole' and"
                                + " 'path-only', got '" + rest.get(i) + "'");
                    }
                }
            }
            case RANDOM -> {
                if (spec.contains("(")) {
                    extra.add(spec.substring(spec.indexOf('(') + 1, spec.length() - 1));
                }
            }
            default -> {
                if (!rest.isEmpty()) {
                    // HAProxy ignores them silently; refuse instead of guessing what was meant
                    throw new LineError(
                            "'balance " + spec + "' takes no argument, got '" + String.join(" ", rest) + "'");
                }
                if (spec.contains("(")) {
                    throw new LineError("'balance " + algo + "' takes no parenthesised argument");
                }
            }
        }
        s.proxy.balance = new BalanceConfig(
                a,
                Optional.ofNullable(param),
                len == null ? OptionalInt.empty() : OptionalInt.of(len),
                depth == null ? OptionalInt.empty() : OptionalInt.of(depth),
                whole,
                domainOnly,
                extra,
                l.location());
    }

    static void hashType(ProxySection s, ConfigLine l) {
        HashType.Method m =
                switch (l.arg(1)) {
                    case "map-based" -> HashType.Method.MAP_BASED;
                    case "consistent" -> HashType.Method.CONSISTENT;
                    default -> throw new LineError("'hash-type' expects 'map-based' or 'consistent', got '" + l.arg(1)
                            + "'" + Suggestions.didYouMean(l.arg(1), List.of("map-based", "consistent")));
                };
        String fn = "sdbm";
        boolean avalanche = false;
        for (String w : l.from(2)) {
            switch (w) {
                case "sdbm", "djb2", "wt6", "crc32", "none" -> fn = w;
                case "avalanche" -> avalanche = true;
                default -> throw new LineError("unknown hash function or modifier '" + w + "'");
            }
        }
        s.proxy.hashType = new HashType(m, fn, avalanche, l.location());
    }

    private BalanceKeywords() {}
}
