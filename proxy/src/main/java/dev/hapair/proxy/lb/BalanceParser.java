package dev.hapair.proxy.lb;

import java.util.List;
import java.util.Locale;

/**
 * Turns the arguments of {@code balance} and {@code hash-type} (tokens after the keyword, unquoted) into an
 * {@link LbAlgorithm}. Errors name the keyword and suggest the closest algorithm.
 */
public final class BalanceParser {

    private static final List<String> ALGORITHMS = List.of("roundrobin", "static-rr", "leastconn", "first",
            "source", "uri", "url_param", "hdr(", "random", "rdp-cookie", "hash");
    private static final List<String> UNSUPPORTED = List.of("rdp-cookie", "hash");

    private BalanceParser() {
    }

    /**
     * @param balanceArgs tokens after {@code balance}; empty means the default (roundrobin)
     * @param hashTypeArgs tokens after {@code hash-type}; empty means map-based sdbm
     */
    public static LbAlgorithm parse(List<String> balanceArgs, List<String> hashTypeArgs) throws LbConfigException {
        HashType type = parseHashType(hashTypeArgs);
        if (balanceArgs.isEmpty()) {
            return LbAlgorithm.DEFAULT.withHashType(type);
        }
        String algo = balanceArgs.get(0);
        List<String> opts = balanceArgs.subList(1, balanceArgs.size());
        String lower = algo.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "roundrobin":
                return simple(LbAlgorithm.Kind.ROUNDROBIN, opts, type);
            case "static-rr":
                return simple(LbAlgorithm.Kind.STATIC_RR, opts, type);
            case "leastconn":
                return simple(LbAlgorithm.Kind.LEASTCONN, opts, type);
            case "first":
                return simple(LbAlgorithm.Kind.FIRST, opts, type);
            case "source":
                return new LbAlgorithm(LbAlgorithm.Kind.SOURCE, noOptions("source", opts, new SourceHashKey()), type);
            case "uri":
                return new LbAlgorithm(LbAlgorithm.Kind.URI, uriKey(opts), type);
            case "url_param":
                return new LbAlgorithm(LbAlgorithm.Kind.URL_PARAM, urlParamKey(opts), type);
            default:
                break;
        }
        if (lower.equals("random") || (lower.startsWith("random(") && lower.endsWith(")"))) {
            int draws = LbAlgorithm.DEFAULT_DRAWS;
            if (lower.startsWith("random(")) {
                draws = number("random draws", lower.substring(7, lower.length() - 1).trim());
                if (draws < 1) {
                    throw new LbConfigException("balance", "random draws must be at least 1, found '" + algo + "'");
                }
            }
            noOptions("random", opts, null);
            return new LbAlgorithm(LbAlgorithm.Kind.RANDOM, null, type, draws);
        }
        if (lower.startsWith("hdr(") && lower.endsWith(")")) {
            String name = algo.substring(4, algo.length() - 1).trim();
            if (name.isEmpty()) {
                throw new LbConfigException("balance", "hdr() requires a header name, as in 'hdr(Host)'");
            }
            boolean domainOnly = false;
            for (String o : opts) {
                if (o.equals("use_domain_only")) {
                    domainOnly = true;
                } else {
                    throw new LbConfigException("balance", "unknown option '" + o + "' for 'hdr(" + name
                            + ")' (expected 'use_domain_only')");
                }
            }
            return new LbAlgorithm(LbAlgorithm.Kind.HDR, new HeaderHashKey(name, domainOnly), type);
        }
        for (String u : UNSUPPORTED) {
            if (lower.equals(u) || lower.startsWith(u + "(")) {
                throw new LbConfigException("balance", "algorithm '" + algo + "' is not supported by hapair"
                        + " (supported: roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr(name),"
                        + " random)");
            }
        }
        String hint = LbSuggestions.closest(lower, ALGORITHMS);
        throw new LbConfigException("balance", "unknown algorithm '" + algo + "'"
                + (hint == null ? "" : " (did you mean '" + (hint.equals("hdr(") ? "hdr(name)" : hint) + "'?)"));
    }

    private static LbAlgorithm simple(LbAlgorithm.Kind kind, List<String> opts, HashType type)
            throws LbConfigException {
        noOptions(kind.keyword(), opts, null);
        return new LbAlgorithm(kind, null, type);
    }

    private static <T> T noOptions(String algo, List<String> opts, T value) throws LbConfigException {
        if (!opts.isEmpty()) {
            throw new LbConfigException("balance", "algorithm '" + algo + "' takes no option, found '"
                    + opts.get(0) + "'");
        }
        return value;
    }

    private static UriHashKey uriKey(List<String> opts) throws LbConfigException {
        int len = 0;
        int depth = 0;
        boolean whole = false;
        for (int i = 0; i < opts.size(); i++) {
            String o = opts.get(i);
            switch (o) {
                case "len":
                case "depth":
                    if (i + 1 >= opts.size()) {
                        throw new LbConfigException("balance", "uri option '" + o + "' expects a number");
                    }
                    int v = number("uri " + o, opts.get(++i));
                    if (o.equals("len")) {
                        len = v;
                    } else {
                        depth = v;
                    }
                    break;
                case "whole":
                    whole = true;
                    break;
                case "path-only":
                    break; // already our behaviour: the authority of absolute URIs is never hashed
                default:
                    String hint = LbSuggestions.closest(o, List.of("len", "depth", "whole", "path-only"));
                    throw new LbConfigException("balance", "unknown uri option '" + o + "'"
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
            }
        }
        return new UriHashKey(len, depth, whole);
    }

    private static UrlParamHashKey urlParamKey(List<String> opts) throws LbConfigException {
        if (opts.isEmpty()) {
            throw new LbConfigException("balance", "url_param requires a parameter name");
        }
        String name = opts.get(0);
        for (int i = 1; i < opts.size(); i++) {
            String o = opts.get(i);
            if (o.equals("check_post")) {
                throw new LbConfigException("balance", "url_param option 'check_post' is not supported by hapair");
            }
            throw new LbConfigException("balance", "unknown url_param option '" + o + "'");
        }
        return new UrlParamHashKey(name);
    }

    private static int number(String what, String token) throws LbConfigException {
        try {
            int v = Integer.parseInt(token);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new LbConfigException("balance", what + " expects a non-negative number, found '" + token + "'");
        }
    }

    /** {@code hash-type map-based|consistent [sdbm|djb2|crc32] [avalanche]}. */
    public static HashType parseHashType(List<String> args) throws LbConfigException {
        if (args.isEmpty()) {
            return HashType.DEFAULT;
        }
        boolean consistent;
        switch (args.get(0).toLowerCase(Locale.ROOT)) {
            case "map-based":
                consistent = false;
                break;
            case "consistent":
                consistent = true;
                break;
            default:
                String hint = LbSuggestions.closest(args.get(0), List.of("map-based", "consistent"));
                throw new LbConfigException("hash-type", "unknown method '" + args.get(0) + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
        }
        HashFunction fn = HashFunction.SDBM;
        boolean avalanche = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equalsIgnoreCase("avalanche")) {
                avalanche = true;
                continue;
            }
            if (i != 1) {
                throw new LbConfigException("hash-type", "unexpected '" + a + "' (expected 'avalanche')");
            }
            fn = HashFunction.byKeyword(a);
            if (fn == null) {
                String hint = LbSuggestions.closest(a, List.of("sdbm", "djb2", "crc32", "wt6", "none", "avalanche"));
                String why = a.equalsIgnoreCase("wt6") || a.equalsIgnoreCase("none")
                        ? "hash function '" + a + "' is not supported by hapair (use sdbm, djb2 or crc32)"
                        : "unknown hash function '" + a + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)");
                throw new LbConfigException("hash-type", why);
            }
        }
        return new HashType(consistent, fn, avalanche);
    }
}
